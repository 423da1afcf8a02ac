"""Benchmark: the whole roster import against a bare python-calamine parse of the same file.

    python bench/import_members.py [--rows 100000] [--regenerate] [--runs 3]

Generates a realistic roster (.xlsx, cached in the temp dir), then, in one run, times
side by side, round after round, (1) a bare calamine parse and (2) the full import
(header detection, validation, ID hashing and encryption, duplicate checks, batched
inserts, audit) into a fresh SQLite database. Every round is printed; the verdict compares
the best of the rounds on each side (same number of rounds). Target: whole import >= 25%
of bare-parse throughput.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

TARGET = 0.25
CACHE = Path(tempfile.gettempdir()) / "kesu-bench"


def generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from kesu.members.choices import ETHNICITIES
    from kesu.members.idnumber import make_id_number

    educations = ["初中", "高中", "中专", "大专", "本科", "硕士研究生"]
    politics = ["群众", "中共党员", "共青团员", "群众", "群众"]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚"
    start = dt.date(1965, 1, 1)
    book = Workbook(write_only=True)
    ws = book.create_sheet("会员名册")
    ws.append(["某区总工会会员名册（2024年）"])  # a title row above the header
    ws.append(
        [
            "姓名",
            "性别",
            "身份证号码",
            "出生日期",
            "手机号",
            "民族",
            "文化程度",
            "政治面貌",
            "工作单位",
            "职业",
            "农民工",
            "入会时间",
            "会籍状态",
            "备注",
        ]
    )
    for i in range(rows):
        birth = start + dt.timedelta(days=i % 12000)
        seq = (i // 12000) * 2 + 1 + (i % 2)  # unique with the birth date; parity = gender
        number = make_id_number("330106", birth, seq)
        joined = (
            dt.date(2010 + i % 14, 1 + i % 12, 1),
            f"{2010 + i % 14}-{1 + i % 12:02d}-01",
            f"{2010 + i % 14}年{1 + i % 12}月",
        )[i % 3]
        ws.append(
            [
                surnames[i % 20] + given[i % 23] + given[(i // 23) % 23],
                "男" if seq % 2 else "女",
                number,
                birth,
                f"1{3 + i % 7}{i:09d}",
                ETHNICITIES[0] if i % 10 else ETHNICITIES[i % 56],
                educations[i % 6],
                politics[i % 5],
                f"某某科技有限公司{i % 300}",
                "职员",
                "是" if i % 4 == 0 else "否",
                joined,
                "在册",
                "",
            ]
        )
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--runs", type=int, default=3, help="rounds (parse, then import into a fresh database)"
    )
    args = parser.parse_args()

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"members-{args.rows}.xlsx"
    if args.regenerate or not path.exists():
        print(f"生成测试文件 {path} …", flush=True)
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"  用时 {time.perf_counter() - started:.1f}s", flush=True)

    # SQLite in a temp data dir: it must be set before Django reads settings.
    data_dir = tempfile.mkdtemp(prefix="kesu-bench-db-")
    os.environ["KESU_DATA_DIR"] = data_dir
    os.environ.pop("KESU_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kesu.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from python_calamine import CalamineWorkbook

    from kesu.accounts.services import operator
    from kesu.members.importing import import_file
    from kesu.members.models import Member
    from kesu.orgs.models import Organization

    print(f"行数: {args.rows}  列数: 14  数据库: SQLite（每轮新建，{data_dir}）  轮数: {args.runs}")
    parse_times: list[float] = []
    import_times: list[float] = []
    for round_no in range(1, args.runs + 1):
        # Each round imports into a fresh, migrated database (not timed).
        connection.close()
        connection.settings_dict["NAME"] = str(Path(data_dir) / f"bench-{round_no}.sqlite3")
        call_command("migrate", verbosity=0)
        org = Organization.objects.create(
            code="BENCH", name="基准测试工会", level="grassroots", path="/BENCH/", depth=0
        )

        started = time.perf_counter()
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        parse_s = time.perf_counter() - started
        parsed = len(rows) - 2
        del rows

        started = time.perf_counter()
        result = import_file(str(path), org=org, actor=operator())
        import_s = time.perf_counter() - started
        assert result.rejected == 0, result.errors[:5]
        assert Member.objects.count() == args.rows == result.created == parsed

        parse_times.append(parse_s)
        import_times.append(import_s)
        print(
            f"第{round_no}轮  calamine 纯解析 {parse_s:6.2f}s   完整导入 {import_s:6.2f}s   "
            f"比值 {parse_s / import_s:.1%}",
            flush=True,
        )

    parse_s, import_s = min(parse_times), min(import_times)
    parse_rate, import_rate = args.rows / parse_s, args.rows / import_s
    ratio = import_rate / parse_rate
    print(f"各取{args.runs}轮最好成绩：")
    print(f"calamine 纯解析: {parse_s:6.2f}s  {parse_rate:10,.0f} 行/秒")
    print(f"完整导入:        {import_s:6.2f}s  {import_rate:10,.0f} 行/秒")
    print(f"比值: {ratio:.1%}  （目标 ≥ {TARGET:.0%}）  {'达标' if ratio >= TARGET else '未达标'}")


if __name__ == "__main__":
    main()
