"""The pipelined import (a forked worker prepares rows while this process writes) gives
exactly what the in-process path gives: results, errors, duplicates across batches, the
roster and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.members.importing import import_file
from kesu.members.importing.pipeline import OUT_OF_SCOPE_MESSAGE
from kesu.members.importing.prepare import Preparer
from kesu.members.models import Member
from kesu.members.validation import (
    PROTECTED_COLUMNS,
    clean_member_data,
    protected_fields,
    protected_values,
)
from tests.factories import new_id_number
from tests.members.test_import import plain_id, write_sheet

HEADERS = ["姓名", "身份证号", "手机号", "入会时间", "工作单位", "性别"]


def _mixed_rows(members) -> list[list[Any]]:
    dup, dup_bad, twice = new_id_number(), new_id_number(), new_id_number()
    return [
        ["甲", dup, "13800000001", "2020-01-01", "一厂", "男"],  # row 2
        ["乙", new_id_number(), "", dt.date(2019, 5, 1), "", None],
        ["丙", "123", "13800000003", "", "", ""],  # invalid ID
        [None, None, None, None, None, None],  # blank: skipped, keeps its row number
        ["丁", dup_bad, "12345", "", "", ""],  # bad phone, valid ID: still "seen"
        ["戊", new_id_number(male=False), "", "", "", "男"],  # gender does not match
        ["己", dup, "13800000007", "", "", ""],  # duplicate of row 2, another batch
        ["庚", dup_bad, "", "", "", ""],  # duplicate of a rejected row
        ["张三", plain_id(members.in_a), "", "", "新单位", ""],  # update, blank phone kept
        ["张三", plain_id(members.in_a), "13811112222", "", "", ""],  # duplicate in file
        ["李四", plain_id(members.in_a2), "", "", "", ""],  # elsewhere, in scope
        ["王五", plain_id(members.in_b), "", "", "", ""],  # elsewhere, out of scope
        ["辛", twice, "+86 139 0000 1111", "2021年3月", "二厂", "男"],
        ["", new_id_number(), "", "", "", ""],  # no name
        ["壬", twice, "", "", "", ""],  # duplicate, last batch
        ["癸", new_id_number(), "", "2999-01-01", "", ""],  # joined in the future
    ]


def _outcome(path, tree, users, settings, *, parallel: bool, dry_run: bool = False):
    settings.KESU_IMPORT_PARALLEL_MIN_ROWS = 1 if parallel else 10**9
    with transaction.atomic():
        result = import_file(str(path), org=tree.a1g, actor=users.admin_a, dry_run=dry_run)
        roster = [
            (
                m.org_id,
                m.name,
                m.gender,
                m.birth_date,
                crypto.decrypt(m.id_number_enc),
                m.id_number_hash,
                m.id_number_masked,
                m.id_tail,
                crypto.decrypt(m.phone_enc),
                m.phone_hash,
                m.phone_masked,
                m.phone_tail,
                m.ethnicity,
                m.education,
                m.political_status,
                m.employer_name,
                m.occupation,
                m.is_migrant_worker,
                m.joined_on,
                m.status,
                m.notes,
            )
            for m in Member.objects.order_by("id")
        ]
        audit = [
            (e.action, e.target_type, e.target_id, e.changes)
            for e in AuditEntry.objects.order_by("id")
        ]
        transaction.set_rollback(True)  # the next run starts from the same roster
    return result, roster, audit


@pytest.mark.parametrize("dry_run", [False, True])
def test_pipelined_import_matches_in_process(tree, users, members, tmp_path, settings, dry_run):
    settings.KESU_IMPORT_BATCH_ROWS = 3
    path = write_sheet(tmp_path / "mixed.xlsx", _mixed_rows(members), headers=HEADERS)
    sequential = _outcome(path, tree, users, settings, parallel=False, dry_run=dry_run)
    pipelined = _outcome(path, tree, users, settings, parallel=True, dry_run=dry_run)
    assert pipelined == sequential
    result = sequential[0]
    assert (result.total, result.processed) == (15, 15)
    assert (result.created, result.updated, result.unchanged, result.rejected) == (3, 1, 0, 11)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "身份证号", "身份证号应为18位，当前为3位"),
        (6, "手机号", "手机号应为11位大陆手机号码（可带+86、空格或短横线）"),
        (7, "性别", "性别与身份证号不符"),
        (8, "身份证号", "与第2行身份证号重复"),
        (9, "身份证号", "与第6行身份证号重复"),
        (11, "身份证号", "与第10行身份证号重复"),
        (12, "身份证号", result.errors[6].message),
        (13, "身份证号", OUT_OF_SCOPE_MESSAGE),
        (15, "姓名", "姓名不能为空"),
        (16, "身份证号", "与第14行身份证号重复"),
        (17, "入会时间", "入会时间不能晚于今天"),
    ]
    assert "西湖区总工会" in result.errors[6].message


def test_pipelined_import_stops_between_batches_when_cancelled(tree, users, tmp_path, settings):
    settings.KESU_IMPORT_PARALLEL_MIN_ROWS = 1
    rows = [[f"取消{i}", new_id_number()] for i in range(7)]
    path = write_sheet(tmp_path / "c.xlsx", rows, headers=["姓名", "身份证号"])
    from kesu.members.importing.pipeline import Importer, read_sheet

    importer = Importer(read_sheet(str(path)), org=tree.a1g, actor=users.admin_a, batch_size=2)
    seen: list[int] = []
    result = importer.run(
        should_stop=lambda: len(seen) == 2, on_batch=lambda r: seen.append(r.processed)
    )
    assert result.cancelled and seen == [2, 4]
    assert (result.total, result.processed, result.created) == (7, 4, 4)
    assert Member.objects.filter(name__startswith="取消").count() == 4


def test_preparer_yields_chunks_in_file_order_either_way(settings):
    settings.KESU_IMPORT_PARALLEL_MIN_ROWS = 1
    numbers = [new_id_number() for _ in range(7)]
    records = {i: {"name": f"序{i}", "id_number": numbers[i]} for i in range(7)}
    indices = [0, 1, 2, 4, 5, 6]

    def run() -> list:
        with Preparer(records.__getitem__, indices, 4) as preparer:
            return [(chunk, [v and v[0] for v in p.values]) for chunk, p in preparer]

    parallel = run()
    settings.KESU_IMPORT_PARALLEL_MIN_ROWS = 10**9
    assert (
        parallel
        == run()
        == [([0, 1, 2, 4], ["序0", "序1", "序2", "序4"]), ([5, 6], ["序5", "序6"])]
    )


@pytest.mark.parametrize("phone", ["13812345678", ""])
def test_protected_values_are_protected_fields_in_column_order(db, phone):
    clean, errors = clean_member_data(
        {"name": "张三", "id_number": new_id_number(), "phone": phone, "joined_on": "2019-03"}
    )
    assert not errors
    fields, values = protected_fields(clean), protected_values(clean)
    assert set(fields) == set(PROTECTED_COLUMNS)
    as_fields = dict(zip(PROTECTED_COLUMNS, values, strict=True))
    for name in ("id_number_enc", "phone_enc"):  # fresh nonces: compare the plain text
        assert crypto.decrypt(as_fields.pop(name)) == crypto.decrypt(fields.pop(name))
    assert as_fields == fields
    enc = PROTECTED_COLUMNS.index("id_number_enc")
    assert protected_values(clean)[enc] != protected_values(clean)[enc]  # a nonce each
