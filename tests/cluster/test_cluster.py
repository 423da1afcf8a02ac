"""kesu as a cluster on loopback, started by the test: a PostgreSQL primary with a streaming
replica, pgbouncer (transaction pooling) in front of the primary, redis-server, two app
nodes (`kesu serve`) behind haproxy, two background workers.

Under a bounded load through the balancer (a check-in burst and contest start+submit), one
app node is killed with SIGKILL and started again. Every write the client was told
succeeded is stored exactly once; failed requests were retried without duplicates. A rate
limit holds across both nodes; a roster import whose worker is killed mid-way is finished
by the other worker exactly once; a dashboard read from the replica equals the primary's.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from bench.balancer import haproxy_config

from tests.cluster.client import Client, Figures
from tests.cluster.setup_data import PASSWORD
from tests.service.procs import (
    KESU,
    ROOT,
    descendants,
    free_port,
    get,
    kesu_env,
    kill_tree,
    ready,
    wait_for,
)
from tests.service.servers import PgBouncer, Postgres, Redis, wait_replayed

MEMBERS = 80
ROSTER_ROWS = 6000
VERIFY_LIMIT = 10


class Cluster:
    def __init__(self, tmp) -> None:
        self.tmp = tmp
        self.procs: dict[str, subprocess.Popen] = {}
        with ThreadPoolExecutor(2) as pool:  # independent servers start side by side
            redis = pool.submit(lambda: Redis().start())
            self.primary = Postgres().create()
            self.replica = Postgres()
            replica = pool.submit(self.replica.replica_of, self.primary)
            self.bouncer = PgBouncer(self.primary).start()
            self.redis = redis.result()
            replica.result()
        media = tmp / "media"  # the shared filesystem of the nodes
        self.env = dict(
            KESU_DATABASE_URL=self.primary.url(port=self.bouncer.port),
            KESU_PREPARED_STATEMENTS="false",
            KESU_REPLICA_URL=self.replica.url(),
            KESU_REDIS_URL=self.redis.url,
            KESU_MEDIA_ROOT=str(media),
            KESU_CHECKIN_RATE_PER_IP="100000",
            KESU_CHECKIN_RATE_PER_ACTIVITY="100000",
            KESU_QUIZ_STARTS_PER_MINUTE="1000",
            KESU_QUIZ_SUBMITS_PER_MINUTE="1000",
            KESU_VERIFY_RATE_PER_IP=str(VERIFY_LIMIT),
            KESU_LOG_LEVEL="WARNING",
        )
        self.ports = [free_port(), free_port()]

    def kesu_env(self, name: str, **extra: str) -> dict[str, str]:
        return kesu_env(self.tmp / name, **self.env, **extra)

    def start(self, name: str, argv: list[str], **env: str) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [*KESU, *argv],
            env=self.kesu_env(name, **env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs[name] = proc
        return proc

    def start_node(self, i: int, wait: bool = True) -> None:
        self.start(
            f"app{i}",
            [
                "serve",
                "--port",
                str(self.ports[i]),
                "--workers",
                "1",
                "--no-worker",
                "--no-migrate",
                "--stop-seconds",
                "5",
            ],
        )
        if wait:
            self.wait_node(i)

    def wait_node(self, i: int) -> None:
        wait_for(
            lambda: ready(f"http://127.0.0.1:{self.ports[i]}/readyz"),
            f"app node {i}",
            timeout=240,
            log=self.tmp / f"app{i}.log",
        )

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        kill_tree(proc.pid)
        proc.wait()

    def primary_db(self) -> psycopg.Connection:
        return psycopg.connect(
            self.primary.url().replace("postgres://", "postgresql://"), autocommit=True
        )

    def stop(self) -> None:
        # Killed, not stopped gracefully: nothing is asserted after the tests, and app nodes
        # and workers took half a minute to drain.
        for proc in self.procs.values():
            if proc.poll() is None:
                kill_tree(proc.pid)
        for proc in self.procs.values():
            proc.wait(15)
        for server in (self.bouncer, self.redis, self.replica, self.primary):
            server.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cluster")
    started = time.monotonic()
    cluster = Cluster(tmp)
    try:
        setup = subprocess.Popen(
            [*KESU[:1], "-m", "tests.cluster.setup_data", str(MEMBERS)],
            env=cluster.kesu_env("setup"),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        cluster.procs["setup"] = setup
        for i in (0, 1):  # the nodes load while the database is migrated (/readyz says when)
            cluster.start_node(i, wait=False)
        out, err = setup.communicate(timeout=300)
        assert setup.returncode == 0, err[-3000:]
        print(f"\ncluster: database ready after {time.monotonic() - started:.0f}s")
        cluster.data = json.loads(out.strip().splitlines()[-1])
        for name in ("worker1", "worker2"):
            cluster.start(
                name,
                ["worker", "--interval", "0.2", "--no-startup-delay"],
                DJANGO_SETTINGS_MODULE="tests.cluster.worker_site",
            )
        cluster.lb = free_port()
        config = haproxy_config(cluster.ports, cluster.lb, tmp)
        cluster.procs["haproxy"] = subprocess.Popen(
            ["haproxy", "-f", str(config)],
            stdout=(tmp / "haproxy.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for i in (0, 1):
            cluster.wait_node(i)
        wait_for(lambda: ready(f"http://127.0.0.1:{cluster.lb}/readyz"), "haproxy")
        print(f"cluster: running after {time.monotonic() - started:.0f}s")
        yield cluster
    finally:
        cluster.stop()


def _member_ops(client: Client, data: dict, i: int, figures: Figures) -> dict:
    """One member: checks in, starts the contest, submits. What the client was told."""
    done = {}
    status, page = client.form_post(
        data["checkin"], {"name": f"职工{i:05d}", "phone": f"139{i:08d}"}
    )
    done["checkin"] = status == 200 and "签到成功" in page
    token = data["tokens"][i]
    status, attempt = client.api("POST", "/api/v1/attempts", token, {"paper": data["paper"]})
    if status in (200, 201):
        status, result = client.api(
            "POST", f"/api/v1/attempts/{attempt['id']}/submit", token, {"answers": {}}
        )
        done["submit"] = status == 200 and result.get("status") == "submitted"
    figures.add(succeeded=int(bool(done.get("checkin"))) + int(bool(done.get("submit"))))
    return done


def test_cluster_survives_a_killed_node_without_losing_or_duplicating_writes(cluster):
    figures = Figures()
    clients = threading.local()

    def one(i: int) -> dict:
        if not hasattr(clients, "c"):
            clients.c = Client(cluster.lb, figures)
        return _member_ops(clients.c, cluster.data, i, figures)

    def chaos() -> None:
        wait_for(lambda: figures.succeeded >= MEMBERS // 2, "load under way", timeout=120)
        cluster.kill("app0")  # SIGKILL: the node and every process of it
        # haproxy marks it down after two failed checks (inter 500ms fall 2): a node started
        # again sooner would be sent requests while it loads.
        time.sleep(1.0)
        cluster.start_node(0)

    killer = threading.Thread(target=chaos)
    killer.start()
    with ThreadPoolExecutor(6) as pool:
        told = list(pool.map(one, range(MEMBERS)))
    killer.join(120)

    with cluster.primary_db() as db:
        rows = db.execute(
            "SELECT guest_phone_hash, count(*) FROM activities_attendance WHERE activity_id = %s"
            " GROUP BY 1",
            [cluster.data["activity"]],
        ).fetchall()
        attempts = db.execute(
            "SELECT member_id, count(*), count(*) FILTER (WHERE status = 'submitted')"
            " FROM quiz_attempt WHERE paper_id = %s GROUP BY 1",
            [cluster.data["paper"]],
        ).fetchall()
    checked_in = sum(1 for t in told if t.get("checkin"))
    submitted = sum(1 for t in told if t.get("submit"))
    duplicated = sum(n - 1 for _, n in rows) + sum(n - 1 for _, n, _ in attempts)
    lost = max(0, checked_in - len(rows)) + max(0, submitted - sum(s for *_, s in attempts))
    print(
        f"\ncluster: requests sent {figures.sent}, succeeded {figures.succeeded}, "
        f"retried {figures.retried}, replayed {figures.replayed}, lost {lost}, "
        f"duplicated {duplicated}; retried for {figures.causes}"
    )
    assert checked_in == MEMBERS and submitted == MEMBERS  # every operation got through
    assert lost == 0 and duplicated == 0
    assert len(rows) == MEMBERS and len(attempts) == MEMBERS


def test_a_rate_limit_holds_across_both_nodes(cluster):
    for _ in range(3):  # a minute boundary mid-way would reset the window: try again
        window = int(time.time()) // 60
        answers = [
            get(f"http://127.0.0.1:{cluster.ports[i % 2]}/training/verify/NOPE{i}/")[0]
            for i in range(2 * VERIFY_LIMIT)
        ]
        if int(time.time()) // 60 == window:
            break
        time.sleep(2)
    assert answers.count(404) == VERIFY_LIMIT and answers.count(429) == VERIFY_LIMIT


def _login(port: int) -> Client:
    client = Client(port, Figures())
    status, page = client.form_post(
        "/accounts/login/", {"username": "cluster-admin", "password": PASSWORD}
    )
    assert status == 200 or status == 302, page[:300]
    client.cookies.pop("kesu_wrote", None)  # the login wrote; the next reads may use the replica
    return client


def _page(body: str) -> str:
    """A page without what differs between two renderings (tokens, nonces)."""
    body = re.sub(r"[A-Za-z0-9]{64}", "", body)  # CSRF tokens
    return re.sub(r'name="csrf-token" content="[^"]*"', "", body)


def test_dashboard_from_the_replica_equals_the_primary(cluster):
    client = _login(cluster.lb)
    with (
        cluster.primary_db() as db,
        psycopg.connect(
            cluster.replica.url().replace("postgres://", "postgresql://"), autocommit=True
        ) as replica,
    ):
        wait_replayed(db.cursor(), replica.cursor())
        scans = "SELECT sum(seq_scan + coalesce(idx_scan, 0)) FROM pg_stat_user_tables"
        before = replica.execute(scans).fetchone()[0] or 0
        status, from_replica = client.call("GET", "/dashboard/")
        assert status == 200 and "登录" not in from_replica[:200]
        client.cookies["kesu_wrote"] = "1"  # as after a write: the primary answers
        status, from_primary = client.call("GET", "/dashboard/")
        assert status == 200
        assert _page(from_replica) == _page(from_primary)

        def replica_read() -> bool:
            return (replica.execute(scans).fetchone()[0] or 0) > before

        wait_for(replica_read, "the dashboard's queries on the replica", timeout=10)


def _roster(cluster: Cluster, *args: str) -> int:
    done = subprocess.run(
        [*KESU[:1], "-m", "tests.cluster.roster", *args],
        cwd=ROOT,
        env=cluster.kesu_env("setup"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.strip().splitlines()[-1])


def test_an_import_whose_worker_is_killed_is_finished_by_the_other_worker_once(cluster):
    rows = ROSTER_ROWS
    job = _roster(cluster, "create", str(rows))
    with cluster.primary_db() as db:

        def under_way():
            found = db.execute(
                "SELECT status, runner, processed_rows FROM members_importjob WHERE id = %s", [job]
            ).fetchone()
            return found if found[0] == "running" and found[2] > 0 else None

        status, runner, processed = wait_for(
            under_way, "the import under way", timeout=120, log=cluster.tmp / "worker1.log"
        )
        child = int(runner.rsplit(":", 1)[1])
        worker = next(
            n for n in ("worker1", "worker2") if child in descendants(cluster.procs[n].pid)
        )
        cluster.kill(worker)  # the worker and its job process, mid-way
        assert processed < rows
        again = _roster(cluster, "retry", str(job))

        def finished():
            found = db.execute(
                "SELECT status, runner FROM members_importjob WHERE id = %s", [again]
            ).fetchone()
            return found if found[0] in ("done", "failed") else None

        status, runner = wait_for(finished, "the retried import", timeout=120)
        other = next(n for n in ("worker1", "worker2") if n != worker)
        assert status == "done"
        assert (
            db.execute("SELECT status FROM members_importjob WHERE id = %s", [job]).fetchone()[0]
            == "failed"
        )
        count, distinct = db.execute(
            "SELECT count(*), count(DISTINCT id_number_hash) FROM members_member"
            " WHERE name LIKE '导入职工%%'"
        ).fetchone()
    assert (count, distinct) == (rows, rows)  # every row once: none lost, none doubled
    assert cluster.procs[other].poll() is None
