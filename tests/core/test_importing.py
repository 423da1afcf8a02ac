"""The import skeleton (kesu.core.importing.SheetImport): rows read and cleaned, checked
together, errors named by Excel row and column as written, batches written in one
transaction only when every row is right."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import IntegrityError
from openpyxl import Workbook

from kesu.core.errors import ServiceError
from kesu.core.importing import Row, RowError, RowProblems, SheetImport
from kesu.orgs.models import Organization
from tests.factories import make_org


class _Error(ServiceError):
    pass


def _xlsx(*rows: list) -> BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


class _Units(SheetImport[tuple[str, str]]):
    """Organisations (code, name) under `parent`; the ID-number column is checked against
    the member lookup the caller passes in."""

    aliases = {"code": ["编码"], "name": ["名称", "单位名称"], "id_number": ["身份证号"]}
    required = ("code", "name")
    labels = {"id_number": "身份证号"}
    error = _Error
    batch_size = 2

    def __init__(self, parent: Organization, **options) -> None:
        super().__init__(**options)
        self.parent, self.batches, self.finished = parent, [], 0

    def clean(self, row: Row) -> tuple[str, str]:
        code, name = str(row.record["code"] or "").strip(), row.record["name"]
        problems = {}
        if not name:
            problems["name"] = "请填写名称"
        if code and (first := self.first_row(code, row.number)) is not None:
            problems["code"] = f"与第{first}行重复"
        if problems:
            raise RowProblems(problems)
        return code, str(name)

    def resolve(self, rows: list[Row]) -> None:
        numbers = [str(r.record.get("id_number") or "") for r in rows]
        found = self.members(numbers)
        for row, number in zip(rows, numbers, strict=True):
            if number and number not in found:
                self.reject(row.number, "id_number", "名册中没有该身份证号的会员")

    def write(self, values: list[tuple[str, str]]) -> None:
        self.batches.append([code for code, _name in values])
        for code, name in values:
            if code == "BOOM":
                raise RuntimeError("the database refused")
            make_org(code, name, "grassroots", self.parent)

    def finish(self) -> None:
        self.finished += 1


def _rows(*codes: str) -> list[list]:
    return [[code, f"{code}工会", ""] for code in codes]


@pytest.fixture
def parent(db):
    return make_org("P", "上级工会", "city")


def test_valid_rows_are_written_in_batches_in_one_go(parent):
    job = _Units(parent, dry_run=False)
    result = job.run(_xlsx(["编码", "单位名称", "身份证号"], *_rows("A", "B", "C", "D", "E")))
    assert result.ok and result.applied and (result.rows, result.valid) == (5, 5)
    assert job.batches == [["A", "B"], ["C", "D"], ["E"]] and job.finished == 1
    assert Organization.objects.filter(parent=parent).count() == 5


def test_one_bad_row_and_nothing_is_written(parent):
    sheet = _xlsx(["编码", "单位名称", "身份证号"], ["A", "甲"], ["B", None], ["A", "丙"])
    job = _Units(parent, dry_run=False)
    result = job.run(sheet)
    assert not result.ok and not result.applied and job.batches == []
    assert [str(e) for e in result.errors] == [
        "第3行“单位名称”列：请填写名称",
        "第4行“编码”列：与第2行重复",
    ]
    assert (result.rows, result.valid, result.error_rows) == (3, 1, 2)
    assert not Organization.objects.filter(parent=parent).exists()


def test_a_dry_run_checks_everything_and_writes_nothing(parent):
    job = _Units(parent, dry_run=True)
    result = job.run(_xlsx(["编码", "名称"], *[r[:2] for r in _rows("A", "B")]))
    assert result.ok and result.dry_run and not result.applied and result.valid == 2
    assert job.batches == [] and job.finished == 0


def test_members_are_looked_up_once_through_the_callers_lookup(parent):
    asked = []

    def lookup(numbers):
        asked.append(set(numbers))
        return {"110101199003070000": object()}

    sheet = _xlsx(
        ["编码", "名称", "身份证号"],
        ["A", "甲", "110101199003070000"],
        ["B", "乙", "110101199003070011"],
        ["C", "丙", None],
    )
    result = _Units(parent, dry_run=True, members=lookup).run(sheet)
    assert asked == [{"110101199003070000", "110101199003070011"}]
    assert result.errors == [RowError(3, "身份证号", "名册中没有该身份证号的会员")]


def test_a_failing_batch_rolls_back_the_batches_before_it(parent):
    job = _Units(parent, dry_run=False)
    with pytest.raises(RuntimeError):
        job.run(_xlsx(["编码", "名称"], *[r[:2] for r in _rows("A", "B", "BOOM")]))
    assert job.batches == [["A", "B"], ["BOOM"]]
    assert not Organization.objects.filter(parent=parent).exists()


def test_partial_imports_write_the_valid_rows(parent):
    class _Partial(_Units):
        all_or_nothing = False

    job = _Partial(parent, dry_run=False)
    result = job.run(_xlsx(["编码", "名称"], ["A", "甲"], ["B", None]))
    assert result.applied and result.valid == 1 and result.error_rows == 1
    assert list(Organization.objects.filter(parent=parent).values_list("code", flat=True)) == ["A"]


def test_an_unusable_file_is_the_imports_own_error_on_the_file_field(parent):
    with pytest.raises(_Error) as caught:
        _Units(parent).run(_xlsx(["编码", "别的列"], ["A", "x"]))
    assert caught.value.field == "file" and "名称" in caught.value.message


class _Batched(_Units):
    """The same rows, each batch committed on its own (as the roster import does)."""

    commit_each_batch = True


def test_batch_by_batch_each_batch_commits_with_its_progress(parent):
    job = _Batched(parent, dry_run=False)
    progress = []

    def on_batch(result):  # inside the batch's transaction: its rows are there
        written = Organization.objects.filter(parent=parent).count()
        progress.append((result.processed, result.valid, written, result.error_rows))

    sheet = _xlsx(["编码", "名称"], ["A", "甲"], ["B", None], ["C", "丙"], ["D", "丁"], ["E", "戊"])
    result = job.run(sheet, on_batch=on_batch)
    assert progress == [(2, 1, 1, 1), (4, 3, 3, 1), (5, 4, 4, 1)]
    assert result.applied and not result.cancelled and job.finished == 1
    assert [str(e) for e in result.errors] == ["第3行“名称”列：请填写名称"]


def test_batch_by_batch_a_failing_batch_keeps_the_batches_before_it(parent):
    job = _Batched(parent, dry_run=False)
    with pytest.raises(RuntimeError):
        job.run(_xlsx(["编码", "名称"], *[r[:2] for r in _rows("A", "B", "BOOM")]))
    assert list(Organization.objects.filter(parent=parent).values_list("code", flat=True)) == [
        "A",
        "B",
    ]


def test_batch_by_batch_stops_between_batches_and_reports_only_what_was_done(parent):
    job = _Batched(parent, dry_run=False)
    sheet = _xlsx(["编码", "名称"], ["A", "甲"], ["B", "乙"], ["C", None], ["D", "丁"])
    result = job.run(sheet, should_stop=lambda: bool(job.batches))
    assert result.cancelled and (result.rows, result.processed, result.valid) == (4, 2, 2)
    assert result.errors == [] and job.finished == 0  # row 4's problem is in the batch undone
    assert Organization.objects.filter(parent=parent).count() == 2


def test_batch_by_batch_a_concurrent_write_resolves_the_batch_again_once(parent):
    class _Raced(_Batched):
        def resolve(self, rows):
            self.result.created += len(rows)  # counted again on the second try, kept once

        def write(self, values):
            super().write(values)
            if len(self.batches) == 1:  # another process wrote the same key meanwhile
                raise IntegrityError("UNIQUE constraint failed")

    job = _Raced(parent, dry_run=False)
    result = job.run(_xlsx(["编码", "名称"], *[r[:2] for r in _rows("A", "B")]))
    assert job.batches == [["A", "B"], ["A", "B"]] and result.created == 2
    assert sorted(Organization.objects.filter(parent=parent).values_list("code", flat=True)) == [
        "A",
        "B",
    ]
