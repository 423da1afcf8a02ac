"""Real servers on loopback for the service and cluster tests: Redis, a PostgreSQL primary
with a streaming replica (pg_basebackup) and pgbouncer, each with deploy/'s own
configuration where it has one. PostgreSQL runs as an unprivileged user when we are root."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from kesu.testing.pgserver import (
    ThrowawayPostgres,
    as_server_user,
    find_bindir,
    owned_tmp,
)
from tests.service.procs import ROOT, free_port, wait_for

DEPLOY = ROOT / "deploy"


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="kesu-redis-"))
        self.proc: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(up, "redis-server", timeout=20)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


class Postgres(ThrowawayPostgres):
    """The test suite's throwaway server (kesu.testing.pgserver), also on 127.0.0.1 and ready
    to stream its WAL; `replica_of` makes a streaming standby of a running primary."""

    listen = "127.0.0.1"
    settings = "-c max_connections=100 -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on"

    def __init__(self) -> None:
        bindir = find_bindir()
        assert bindir is not None, "PostgreSQL server programs (initdb) are needed"
        super().__init__(bindir, free_port())

    def create(self, database: str = "kesu") -> Postgres:
        """initdb, start, and an empty database."""
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, database)
        return self

    def replica_of(self, primary: Postgres) -> Postgres:
        self._run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            self.user,
            "-D",
            str(self.data),
            "-R",
            "-X",
            "stream",
            "--no-sync",
            "--checkpoint=fast",  # the default spreads the checkpoint: a minute and a half
        )
        self.launch()
        return self

    def url(self, database: str = "kesu", port: int | None = None) -> str:
        return f"postgres://{self.user}@127.0.0.1:{port or self.port}/{database}"


class PgBouncer:
    """deploy/pgbouncer.ini (transaction pooling), pointed at a test server on loopback."""

    def __init__(self, primary: Postgres, database: str = "kesu") -> None:
        self.port = free_port()
        self.root = owned_tmp("kesu-pgb-")
        config = configparser.ConfigParser(interpolation=None)
        config.read(DEPLOY / "pgbouncer" / "pgbouncer.ini")
        config["databases"] = {
            database: f"host=127.0.0.1 port={primary.port} dbname={database} user={primary.user}"
        }
        config["pgbouncer"].update(
            listen_addr="127.0.0.1",
            listen_port=str(self.port),
            unix_socket_dir="",
            auth_type="trust",
            auth_file=str(self.root / "users.txt"),
            logfile=str(self.root / "pgbouncer.log"),
            pidfile=str(self.root / "pgbouncer.pid"),
        )
        (self.root / "users.txt").write_text(f'"{primary.user}" ""\n')
        self.ini = self.root / "pgbouncer.ini"
        with self.ini.open("w") as out:
            config.write(out)
        self.mode = config["pgbouncer"]["pool_mode"]
        self.proc: subprocess.Popen | None = None
        self.user = primary.user

    def start(self) -> PgBouncer:
        self.proc = subprocess.Popen(
            as_server_user(["pgbouncer", str(self.ini)]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _accepts(self.port), "pgbouncer", timeout=20)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)


def _accepts(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_replayed(primary_cursor, replica_cursor, timeout: float = 30.0) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    primary_cursor.execute("SELECT pg_current_wal_lsn()")
    (lsn,) = primary_cursor.fetchone()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replica_cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
        if replica_cursor.fetchone()[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")
