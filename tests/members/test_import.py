"""The roster import pipeline: real-world sheets, validation messages, duplicates, batches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.base import ContentFile

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.core.importing import RowError
from kesu.core.sheets import SheetError
from kesu.members.importing import import_file, pipeline
from kesu.members.importing.jobs import import_job_run
from kesu.members.importing.pipeline import OUT_OF_SCOPE_MESSAGE
from kesu.members.models import ImportJob, Member
from tests.factories import new_id_number

HEADERS = ["姓名", "身份证号", "手机号", "入会时间", "工作单位"]


def write_sheet(
    path: Path, rows: list[list[Any]], *, headers: list[str] | None = None, title: str = ""
) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "名册"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    ws.append(headers or HEADERS)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def plain_id(member: Member) -> str:
    return crypto.decrypt(member.id_number_enc)


def test_header_variants_title_row_and_blank_rows(tree, users, tmp_path):
    ids = [new_id_number(), new_id_number(male=False)]
    path = write_sheet(
        tmp_path / "a.xlsx",
        [
            [" 13800001111", "工程师", ids[0], "赵一"],
            [None, None, None, None],
            ["", "", "", " "],
            ["139-0000-2222", "", ids[1], "钱二"],
        ],
        headers=["联系电话", "职业", "公民身份号码", "姓名（必填）"],
        title="某公司工会会员花名册",
    )
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert (result.created, result.rejected) == (2, 0), result.errors
    zhao = Member.objects.get(name="赵一")
    assert plain_id(zhao) == ids[0]
    assert crypto.decrypt(zhao.phone_enc) == "13800001111"
    assert zhao.occupation == "工程师" and zhao.org == tree.a1g
    assert Member.objects.get(name="钱二").gender == "F"


# Excel datetimes are naive: a spreadsheet cell has no time zone.
NAIVE_DATETIME = dt.datetime(2019, 3, 1, 0, 0)  # noqa: DTZ001


@pytest.mark.parametrize(
    "cell",
    [
        dt.date(2019, 3, 1),
        NAIVE_DATETIME,
        "2019-03-01",
        "2019/3/1",
        "2019年3月",
        "2019.03",
        "2019年3月1日",
    ],
)
def test_every_date_spelling(tree, users, tmp_path, cell):
    path = write_sheet(tmp_path / "d.xlsx", [["孙三", new_id_number(), "", cell]])
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert result.created == 1, result.errors
    assert Member.objects.get(name="孙三").joined_on == dt.date(2019, 3, 1)


def test_id_number_stored_as_number_is_rejected_with_precision_message(tree, users, tmp_path):
    number = new_id_number()
    while not number[-1].isdigit():
        number = new_id_number()
    path = write_sheet(tmp_path / "n.xlsx", [["李四", int(number)]])
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert result.created == 0 and result.rejected == 1
    assert result.as_dict()["errors"] == [
        {
            "row": 2,
            "column": "身份证号",
            "message": "身份证号被Excel存成了数字，后几位已丢失精度，请把该列设为文本格式后重新填写",
        }
    ]


def test_fullwidth_lowercase_x_and_spaced_ids_are_normalised(tree, users, tmp_path):
    raw = []
    for _ in range(60):  # find numbers ending in X for the lowercase case
        number = new_id_number()
        if number.endswith("X"):
            raw.append(number)
            break
    ordinary = new_id_number()
    fullwidth = ordinary.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    spaced = new_id_number()
    rows = [["全角", fullwidth], ["空格", f"{spaced[:6]} {spaced[6:14]} {spaced[14:]}"]]
    if raw:
        rows.append(["小写", raw[0].lower()])
    path = write_sheet(tmp_path / "x.xlsx", rows, headers=["姓名", "身份证号码"])
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert result.rejected == 0, result.errors
    assert plain_id(Member.objects.get(name="全角")) == ordinary
    assert plain_id(Member.objects.get(name="空格")) == spaced
    if raw:
        assert plain_id(Member.objects.get(name="小写")) == raw[0]


def test_error_row_column_and_message_are_exact(tree, users, tmp_path):
    path = write_sheet(
        tmp_path / "e.xlsx",
        [
            ["", new_id_number(), "", ""],
            ["周五", "12345", "", ""],
            ["吴六", new_id_number(), "12345", "2019-13-01"],
        ],
        headers=["姓名", "身份证号码", "联系电话", "入会日期"],
        title="标题",
    )
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert result.rejected == 3 and result.created == 0
    assert result.as_dict()["errors"] == [
        {"row": 3, "column": "姓名", "message": "姓名不能为空"},
        {"row": 4, "column": "身份证号码", "message": "身份证号应为18位，当前为5位"},
        {
            "row": 5,
            "column": "联系电话",
            "message": "手机号应为11位大陆手机号码（可带+86、空格或短横线）",
        },
        {"row": 5, "column": "入会日期", "message": "日期不存在，请核对年月日"},
    ]


def test_missing_required_column_is_a_file_error(tree, users, tmp_path):
    path = write_sheet(tmp_path / "m.xlsx", [["郑七"]], headers=["姓名", "手机号"])
    with pytest.raises(SheetError, match="缺少必填列：身份证号"):
        import_file(str(path), org=tree.a1g, actor=users.admin_a)


def test_duplicates_in_file_and_against_existing(tree, users, members, tmp_path):
    dup = new_id_number()
    path = write_sheet(
        tmp_path / "dup.xlsx",
        [
            ["甲", dup],
            ["乙", new_id_number()],
            ["丙", dup],
            ["丁", plain_id(members.in_a2)],  # in the user's subtree, another organisation
            ["戊", plain_id(members.in_b)],
        ],  # outside the subtree
        headers=["姓名", "身份证号"],
    )
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert (result.created, result.rejected) == (2, 3)
    by_row = {e.row: e for e in result.errors}
    assert by_row[4] == RowError(4, "身份证号", "与第2行身份证号重复")
    assert "西湖区总工会" in by_row[5].message and "转会" in by_row[5].message
    assert by_row[6].message == OUT_OF_SCOPE_MESSAGE
    assert "滨江" not in by_row[6].message and "王五" not in by_row[6].message
    assert Member.objects.filter(pk=members.in_b.pk, org=tree.bg).exists()
    # Both finds are lookups of another unit's member, audited at the holder's unit.
    taken = AuditEntry.objects.filter(action="member.id_number_taken")
    assert {(e.org_path, e.changes["row"], e.changes["unit_shown"]) for e in taken} == {
        (members.in_b.org.path, 6, False),
        (members.in_a2.org.path, 5, True),
    }


def test_reimport_is_idempotent(tree, users, tmp_path):
    rows = [[f"会员{i}", new_id_number(), f"1380000{i:04d}", "2020-01-01"] for i in range(5)]
    path = write_sheet(tmp_path / "same.xlsx", rows)
    first = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    second = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert (first.created, first.unchanged) == (5, 0)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 5, 0)
    assert Member.objects.filter(org=tree.a1g).count() == 5


def test_update_is_audited_with_before_and_after(tree, users, members, tmp_path):
    member = members.in_a  # in HZ-A-1-01 with phone 13800001234
    path = write_sheet(
        tmp_path / "u.xlsx", [["张三", plain_id(member), "", "", "新单位"]], title="更新"
    )
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    member.refresh_from_db()
    assert member.employer_name == "新单位"
    assert crypto.decrypt(member.phone_enc) == "13800001234"  # a blank cell erases nothing
    entry = AuditEntry.objects.get(action="member.update", target_id=str(member.pk))
    assert entry.changes == {"employer_name": ["", "新单位"]}
    assert entry.actor == users.admin_a and entry.org_path == tree.a1g.path


def test_creations_are_audited_per_batch(tree, users, tmp_path, settings):
    settings.KESU_IMPORT_BATCH_ROWS = 2
    path = write_sheet(
        tmp_path / "b.xlsx",
        [[f"批{i}", new_id_number()] for i in range(5)],
        headers=["姓名", "身份证号"],
    )
    import_file(str(path), org=tree.a1g, actor=users.admin_a)
    entries = AuditEntry.objects.filter(action="member.import").order_by("id")
    assert [e.changes["created"] for e in entries] == [2, 2, 1]


def test_dry_run_writes_nothing(tree, users, members, tmp_path):
    path = write_sheet(
        tmp_path / "dry.xlsx",
        [["新人", new_id_number()], ["张三", plain_id(members.in_a), "13900009999"]],
    )
    before = (Member.objects.count(), AuditEntry.objects.count())
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a, dry_run=True)
    assert (result.created, result.updated) == (1, 1)
    assert (Member.objects.count(), AuditEntry.objects.count()) == before
    members.in_a.refresh_from_db()
    assert crypto.decrypt(members.in_a.phone_enc) == "13800001234"


def _job(tree, user, path: Path, **extra: Any) -> ImportJob:
    job = ImportJob(org=tree.a1g, created_by=user, original_name=path.name, **extra)
    job.file.save(path.name, ContentFile(path.read_bytes()), save=False)
    job.save()
    return job


def test_cancel_after_first_batch_keeps_whole_batches(tree, users, tmp_path, monkeypatch):
    path = write_sheet(
        tmp_path / "c.xlsx",
        [[f"取消{i}", new_id_number()] for i in range(6)],
        headers=["姓名", "身份证号"],
    )
    job = _job(tree, users.admin_a, path)
    real_insert = pipeline.bulk_insert

    def insert_then_cancel(model, rows, **kw):  # the UI's cancel lands during batch 1
        count = real_insert(model, rows, **kw)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CANCELLING)
        return count

    monkeypatch.setattr(pipeline, "bulk_insert", insert_then_cancel)
    import_job_run(job.pk, batch_size=2)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert (job.processed_rows, job.created_count, job.total_rows) == (2, 2, 6)
    assert sorted(
        Member.objects.filter(name__startswith="取消").values_list("name", flat=True)
    ) == [
        "取消0",
        "取消1",
    ]


def test_crash_mid_import_leaves_only_whole_batches(tree, users, tmp_path, monkeypatch):
    path = write_sheet(
        tmp_path / "k.xlsx",
        [[f"崩溃{i}", new_id_number()] for i in range(5)],
        headers=["姓名", "身份证号"],
    )
    job = _job(tree, users.admin_a, path)
    real_insert, calls = pipeline.bulk_insert, []

    def flaky(model, rows, **kw):
        calls.append(1)
        if len(calls) == 2:
            real_insert(model, rows, **kw)  # rows written, then the process dies
            raise RuntimeError("disk full")
        return real_insert(model, rows, **kw)

    monkeypatch.setattr(pipeline, "bulk_insert", flaky)
    import_job_run(job.pk, batch_size=2)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "内部错误" in job.message
    assert Member.objects.filter(name__startswith="崩溃").count() == 2 == job.created_count
    assert AuditEntry.objects.filter(action="member.import").count() == 1


def test_job_run_records_errors_and_error_copy(tree, users, tmp_path):
    path = write_sheet(
        tmp_path / "err.xlsx",
        [["好", new_id_number()], ["坏", "123"]],
        headers=["姓名", "身份证号"],
        title="标题行",
    )
    job = _job(tree, users.admin_a, path)
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and (job.created_count, job.rejected_count) == (1, 1)
    assert job.errors == [
        {"row": 4, "column": "身份证号", "message": "身份证号应为18位，当前为3位"}
    ]
    ws = openpyxl.load_workbook(job.error_file.path).active
    assert ws["A1"].value == "标题行"
    assert ws["C2"].value == "错误信息"
    assert ws["C4"].value == "身份证号：身份证号应为18位，当前为3位" and ws["C3"].value is None


def test_job_for_unreadable_file_fails_with_message(tree, users, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a spreadsheet")
    job = _job(tree, users.admin_a, path)
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "无法读取该文件" in job.message


def test_large_imports_prepare_rows_in_worker_processes(tree, users, tmp_path, settings):
    settings.KESU_IMPORT_PARALLEL_MIN_ROWS = 1  # take the forked-worker path on a small file
    settings.KESU_IMPORT_BATCH_ROWS = 3
    dup = new_id_number()
    rows = [[f"并行{i}", new_id_number()] for i in range(7)] + [["重复", dup], ["再重复", dup]]
    path = write_sheet(tmp_path / "p.xlsx", rows, headers=["姓名", "身份证号"])
    result = import_file(str(path), org=tree.a1g, actor=users.admin_a)
    assert (result.created, result.rejected) == (8, 1)
    assert result.as_dict()["errors"] == [
        {"row": 10, "column": "身份证号", "message": "与第9行身份证号重复"}
    ]
    assert Member.objects.filter(name__startswith="并行").count() == 7
