"""Benchmark: indicators, dashboard and work summary at city scale (issue 6, Performance).

    KESU_DATABASE_URL=postgres://… python bench/reports.py [--repeat 3]
    python bench/reports.py --postgres --scale district     # self-contained: throwaway PG + demo

Needs a database holding `kesu demo --scale city` (≈1,000,000 members and proportionate
records), or `--postgres` to start a throwaway PostgreSQL and generate the demo first. For
the city and one district over the current year it times, median of --repeat runs:
  - every registered indicator (the slowest one and the sum of all),
  - the dashboard page (real view, template and all, through Django's test client),
  - the work summary .docx,
and prints each beside the time of the equivalent raw SQL aggregation, run in the same
process against the same data, with their ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Cold: the per-process memo of expensive figures is emptied before every run."""
    from kesu.core.memo import forget

    times = []
    for _ in range(repeat):
        forget()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _raw_sql(org_path: str, start: dt.date, end: dt.date) -> Callable[[], object]:
    """The activity figures behind the dashboard and summary as hand-written SQL: totals,
    by month, by kind, and by child organisation."""
    from django.db import connection

    lo = dt.datetime.combine(start, dt.time.min)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    base = (
        "FROM activities_activity a JOIN orgs_organization o ON o.id = a.org_id "
        "WHERE o.path LIKE %s AND a.start >= %s AND a.start < %s"
    )
    queries = [
        f"SELECT count(*), sum(a.person_times), sum(a.materials_distributed), "
        f"sum(a.consultations), sum(a.display_boards), sum(a.beneficiaries) {base}",
        f"SELECT date_trunc('month', a.start), count(*), sum(a.person_times) {base} GROUP BY 1"
        if connection.vendor == "postgresql"
        else f"SELECT strftime('%%Y-%%m', a.start), count(*), sum(a.person_times) {base} GROUP BY 1",
        f"SELECT a.kind, count(*) {base} GROUP BY 1",
        f"SELECT substr(o.path, 1, length(%s) + 12), count(*), sum(a.person_times) {base} GROUP BY 1",
        "SELECT count(*) FROM members_member m JOIN orgs_organization o ON o.id = m.org_id "
        "WHERE o.path LIKE %s",
    ]

    def run() -> None:
        with connection.cursor() as cursor:
            for i, sql in enumerate(queries):
                params = [org_path + "%", lo, hi]
                if i == 3:
                    params = [org_path, *params]
                if i == 4:
                    params = [org_path + "%"]
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


# The figures read from the record roll-ups (kesu.contests.tally, kesu.assessment.tally).
ROLLED_UP = (
    "assessment.literate_share",
    "assessment.literate_share_weighted",
    "assessment.literate_share_ci_low",
    "assessment.literate_share_ci_high",
    "contest.participants",
    "contest.participation_rate",
    "contest.average_score",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return port if not 32768 <= port <= 60999 else 5497


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="throwaway PostgreSQL + demo")
    parser.add_argument(
        "--scale",
        default="city",
        choices=["small", "district", "city", "province-lite", "province"],
    )
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    pg = None
    if args.postgres:
        from kesu.testing.pgserver import ThrowawayPostgres, find_bindir

        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries not found (set KESU_PG_BINDIR)")
        pg = ThrowawayPostgres(bindir, port=_free_port())
        os.environ["KESU_DATABASE_URL"] = pg.start()
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 (fixed argv)
            [sys.executable, "-m", "kesu.cli", "demo", "--scale", args.scale],
            check=True,
            env=os.environ,
            stdout=subprocess.DEVNULL,
        )
        print(f"demo --scale {args.scale}: {time.perf_counter() - started:.0f} s")
    try:
        _bench(args.repeat)
    finally:
        if pg is not None:
            pg.stop()


def _bench(repeat: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from kesu.accounts.models import User
    from kesu.members.models import Member

    settings.ALLOWED_HOSTS = ["*"]
    today = timezone.localdate()
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    print(
        f"数据库: {connection.vendor}  会员总数: {Member.objects.count():,}  期间: {today.year}年"
    )
    for username in ("jn_admin", "qu_admin"):
        _bench_user(User.objects.select_related("org").get(username=username), start, end, repeat)
    city = User.objects.select_related("org").get(username="jn_admin").org
    _bench_tally(city, end)
    _bench_record_tallies(city, start, end)
    _bench_activity_tally(city, start, end)


def _bench_tally(city, end: dt.date) -> None:
    """The roster roll-up: a full recount, and the read after one member changed (the
    triggers mark one organisation stale; the read recounts just that one). The member's
    notes are written and then put back as they were."""
    from kesu.members import tally
    from kesu.members.models import Member, RosterTally

    started = time.perf_counter()
    tally.rebuild()
    full = time.perf_counter() - started
    tally.roster_total(city, end)
    quiet = _median_ms(lambda: tally.roster_total(city, end), 3)
    member = Member.objects.filter(org__path__startswith=city.path).order_by("pk").first()

    def after_write() -> None:
        Member.objects.filter(pk=member.pk).update(notes=f"bench {time.time()}")
        tally.roster_total(city, end)

    try:
        changed = _median_ms(after_write, 3)
    finally:
        Member.objects.filter(pk=member.pk).update(notes=member.notes)  # as it was
    print(
        f"\n会员汇总表（{RosterTally.objects.count():,} 行）：全量重算 {full:.1f} s；"
        f"全市在册会员读数 {quiet:.1f} ms；改动一名会员后读数（含增量重算） {changed:.1f} ms"
    )


def _bench_record_tallies(city, start: dt.date, end: dt.date) -> None:
    """The contest and literacy roll-ups: a full recount, and a city-wide figure read after
    one attempt changed (the triggers mark its member stale; the read recounts just that
    one). The attempt's submission time is moved by a microsecond and put back."""
    from kesu.assessment import tally as literacy
    from kesu.assessment.models import LiteracyEntry
    from kesu.contests import tally as contests
    from kesu.contests.models import Contest, ContestEntry
    from kesu.indicators import registry
    from kesu.indicators.registry import Scope
    from kesu.quiz.models import Attempt

    scope = Scope(org=city, start=start, end=end)
    contest_papers = Contest.objects.values_list("paper_id", flat=True)
    for label, module, model, code, papers in (
        ("竞赛汇总表", contests, ContestEntry, "contest.average_score", contest_papers),
        ("测评汇总表", literacy, LiteracyEntry, "assessment.literate_share", None),
    ):
        started = time.perf_counter()
        module.rebuild()
        full = time.perf_counter() - started
        if papers is None:
            pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
        else:
            pk = Attempt.objects.filter(paper_id__in=papers, status="submitted").first().pk
        at = Attempt.objects.get(pk=pk).submitted_at
        figure = registry.get(code)
        quiet = _median_ms(lambda figure=figure: figure.value(scope), 3)

        def after_write(pk=pk, at=at, figure=figure) -> None:
            moved = at + dt.timedelta(microseconds=1)
            Attempt.objects.filter(pk=pk).update(submitted_at=moved)
            figure.value(scope)
            Attempt.objects.filter(pk=pk).update(submitted_at=at)

        try:
            changed = _median_ms(after_write, 3)
        finally:
            Attempt.objects.filter(pk=pk).update(submitted_at=at)  # as it was
        print(
            f"{label}（{model.objects.count():,} 行）：全量重算 {full:.1f} s；{code} 读数 "
            f"{quiet:.1f} ms；改动一次答题后读数（含增量重算） {changed:.1f} ms"
        )


def _bench_activity_tally(city, start: dt.date, end: dt.date) -> None:
    """The activity roll-up: a full recount, and a city-wide figure read after one activity
    changed (the triggers mark its day; the read recounts that day). The activity's
    materials are raised by one and put back."""
    from kesu.activities import tally
    from kesu.activities.models import Activity, ActivityTotal
    from kesu.indicators import registry
    from kesu.indicators.registry import Scope

    started = time.perf_counter()
    tally.rebuild()
    full = time.perf_counter() - started
    scope = Scope(org=city, start=start, end=end)
    figure = registry.get("activities.person_times")
    quiet = _median_ms(lambda: figure.value(scope), 3)
    activity = Activity.objects.filter(org__path__startswith=city.path).order_by("pk").first()

    def after_write() -> None:
        Activity.objects.filter(pk=activity.pk).update(
            materials_distributed=activity.materials_distributed + 1
        )
        figure.value(scope)
        Activity.objects.filter(pk=activity.pk).update(
            materials_distributed=activity.materials_distributed
        )

    try:
        changed = _median_ms(after_write, 3)
    finally:
        Activity.objects.filter(pk=activity.pk).update(
            materials_distributed=activity.materials_distributed
        )  # as it was
    print(
        f"活动汇总表（{ActivityTotal.objects.count():,} 行）：全量重算 {full:.1f} s；"
        f"activities.person_times 读数 {quiet:.1f} ms；改动一场活动后读数（含增量重算） "
        f"{changed:.1f} ms"
    )


def _bench_user(user, start: dt.date, end: dt.date, repeat: int) -> None:
    from django.test import Client

    from kesu.dashboard.selectors import dashboard_data
    from kesu.indicators import registry
    from kesu.indicators.registry import Scope
    from kesu.reports.exporting import summary_export

    username, org = user.username, user.org
    raw = _median_ms(_raw_sql(org.path, start, end), repeat)
    scope = Scope(org=org, start=start, end=end)
    per = {}
    for ind in registry.all_indicators():
        per[ind.code] = _median_ms(lambda ind=ind: ind.value(scope), repeat)
    slowest = max(per, key=per.get)
    over = sorted((c for c in per if per[c] >= 300), key=per.get, reverse=True)
    client = Client()
    client.force_login(user)
    query = f"?org={org.code}&from={start}&to={end}"
    page = _median_ms(lambda: client.get("/dashboard/" + query), repeat)
    data = _median_ms(lambda: dashboard_data(user=user, org=org, start=start, end=end), repeat)
    # The demo writes no narrative, so the file is the draft copy (征求意见稿): the suggested
    # text in the unwritten parts, computed from the records as a cadre would see it.
    summary = _median_ms(
        lambda: summary_export(
            user=user, org=org, start=start, end=end, style="exact", fmt="docx", draft=True
        ),
        repeat,
    )
    print(f"\n{org.name}（{username}，{len(per)} 项指标）")
    print(f"  原始SQL聚合（活动合计/逐月/形式/下级、会员数）  {raw:8.1f} ms   1.00×")
    rows = [
        (f"最慢单项指标 {slowest}", per[slowest]),
        ("全部指标合计", sum(per.values())),
        ("数据看板（数据）", data),
        ("数据看板（整页）", page),
        ("工作总结 .docx", summary),
    ]
    for label, ms in rows:
        print(f"  {label:<40} {ms:8.1f} ms   {ms / raw:6.2f}×")
    print(
        f"  300 ms 以上的指标：{len(over)} 项" + "".join(f"\n    {c} {per[c]:.0f} ms" for c in over)
    )
    print("  读汇总表的指标：" + "，".join(f"{c} {per[c]:.0f} ms" for c in ROLLED_UP if c in per))


if __name__ == "__main__":
    main()
