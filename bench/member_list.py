"""Benchmark: the roster list at scale (issue: fast at 1,000,000 members on PostgreSQL).

    KESU_DATABASE_URL=postgres://… python bench/member_list.py [--repeat 5]

Needs a database holding `kesu demo --scale city` (≈1,000,000 members). Renders the real
roster page (access layer, filters, count, pagination, template) through Django's test
client as the city admin and as a district admin, and prints the median time of each
page next to the time of page 1, so deep pages and filters are compared side by side.

The list's totals are read from the roster roll-up and kept in the process's cache under
its version: with --repeat 1 every filtered page is a first (cold) read, with more repeats
the median is what paging through an already filtered list costs. The raw-SQL column is
taken after the timed requests, so it holds no roll-up sum that the cache already answers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kesu.accounts.models import User
    from kesu.members.models import Member

    settings.ALLOWED_HOSTS = ["*"]
    total = Member.objects.count()
    print(f"数据库: {connection.vendor}  会员总数: {total:,}")
    some = Member.objects.order_by("id").only("name", "id_tail").first()
    cases = [
        ("首页", ""),
        ("第2000页（深分页）", "?page=2000"),
        ("年龄段+农民工", "?age_band=30-39&migrant=yes"),
        ("文化程度+性别", "?education=bachelor&gender=F"),
        ("年龄段+文化程度+在册", "?age_band=30-39&education=bachelor&status=active"),
        ("姓名前缀", f"?q={some.name[:1]}"),
        ("姓名前缀第3页", f"?q={some.name[:1]}&page=3"),
        ("证件后4位", f"?q={some.id_tail}"),
        ("完整姓名", f"?q={some.name}"),
    ]
    for username in ("jn_admin", "qu_admin"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        base = None
        print(f"\n用户 {username}")
        for label, query in cases:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get("/members/" + query)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            median = statistics.median(times) * 1000
            base = base or median
            with CaptureQueriesContext(connection) as captured:
                client.get("/members/" + query)
            raw = _raw_ms([q["sql"] for q in captured.captured_queries], args.repeat)
            print(
                f"  {label:<14} {median:8.1f} ms   相对首页 {median / base:5.2f}×"
                f"   原始SQL（{len(captured.captured_queries)} 条） {raw:8.1f} ms"
            )


def _raw_ms(statements: list[str], repeat: int) -> float:
    """Median time of running these statements (parameters already inlined) on a cursor."""
    from django.db import connection

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    main()
