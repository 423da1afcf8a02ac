"""Upload bounds (kesu.core.uploads, kesu.core.sheets.open_sheet) against hostile files:
each is refused with a Chinese message naming the limit, before calamine reads it, in a
moment and a few megabytes; ordinary files still read."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
import time
import zipfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from kesu.core import sheets, uploads
from kesu.core.sheets import SheetError, open_sheet
from kesu.core.uploads import Limits, UploadRefused, check_workbook, check_zip
from tests import hostile

ALIASES = {"name": ["姓名"], "id_number": ["身份证号"]}
_WORD = re.compile(r"[A-Za-z]{3,}")
_NAMES = {"xlsx", "xls", "docx", "Office", "Excel", "xml", "worksheets", "sheet", "sharedStrings"}
# Refused by calamine itself (malformed XML), after the bounds let it through.
PARSER_REFUSES = {"bad_xml"}
# The files that crashed the server before: read in a process limited to 1 GiB.
CRASHERS = [
    "corner",
    "corner_lowercase",
    "far_row_without_cell_refs",
    "ref_not_first",
    "ref_spaced",
    "ref_single_quoted",
    "ref_single_quoted_in_range",
    "namespaced_far_row",
    "quoted_bracket",
    "ref_in_quoted_value",
    "duplicate_ref",
    "sheet_outside_worksheets",
    "sheet_in_subfolder",
    "lying_dimension",
    "empty_cells",
    "repeated_refs",
    "giant_string",
    "lying_sizes",
]


@cache
def payload(name: str) -> bytes:
    return hostile.HOSTILE[name].build()


def _open(data: bytes, limits: Limits | None = None) -> sheets.Sheet:
    return open_sheet(io.BytesIO(data), aliases=ALIASES, required=["name"], limits=limits)


@pytest.fixture
def no_parser(monkeypatch):
    """calamine may not open the file: the bounds must refuse it first."""

    def refuse(*args, **kwargs):
        raise AssertionError("calamine was asked to read a file the bounds should refuse")

    monkeypatch.setattr(sheets.CalamineWorkbook, "from_filelike", refuse)


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_every_hostile_file_is_refused_with_its_limit(name, settings, request):
    case = hostile.HOSTILE[name]
    for key, value in case.settings.items():
        setattr(settings, key, value)
    if name not in PARSER_REFUSES:
        request.getfixturevalue("no_parser")
    data = payload(name)
    started = time.monotonic()
    with pytest.raises(SheetError) as refused:
        _open(data)
    assert case.refusal in str(refused.value), str(refused.value)
    assert set(_WORD.findall(str(refused.value))) <= _NAMES, str(refused.value)  # no English
    assert time.monotonic() - started < 2


def test_refusals_name_the_limits(settings):
    settings.KESU_MAX_IMPORT_ROWS = 50
    with pytest.raises(SheetError, match=r"最多50行的上限（表中第101行有内容）"):
        _open(hostile.tall(100))
    with pytest.raises(SheetError, match=r"最多256列的上限（表中第300列有内容）"):
        _open(hostile.wide(300))
    settings.KESU_MAX_IMPORT_ROWS = 300_000
    with pytest.raises(SheetError, match=r"第1,048,576行有内容"):
        _open(payload("corner"))
    with pytest.raises(SheetError, match=r"“xl/sharedStrings.xml”压缩比异常（超过100倍）"):
        _open(payload("giant_string"))
    settings.KESU_MAX_SHEET_CELLS = 10_000
    with pytest.raises(SheetError, match=r"（101行×150列）超过10,000个单元格的上限"):
        _open(hostile.many_cells())


def test_data_rows_over_the_limit_within_the_header_allowance(settings):
    # 70 rows fit the extent (50 data rows + 30 for titles and header), not the data limit.
    settings.KESU_MAX_IMPORT_ROWS = 50
    with pytest.raises(SheetError, match=r"每次最多导入50行数据，本表有70行"):
        _open(hostile.tall(70))
    settings.KESU_MAX_IMPORT_ROWS = 70
    assert _open(hostile.tall(70)).data_row_count == 70


def test_ordinary_files_still_read():
    sheet = _open(hostile.normal(3))
    assert (sheet.header_row, sheet.data_row_count) == (1, 3)
    assert list(sheet.records())[0] == (2, {"name": "会员0", "id_number": "330106199001010000"})
    wide = _open(hostile.wide(256))  # exactly the column limit
    assert len(wide.raw_header) == 256


def test_control_characters_removed_on_reading():
    # core.text.clean_cells: control characters go; format characters are the names' cleaner's.
    ((_, record),) = _open(hostile.control_characters()).records()
    assert record["name"] == "[31m张三\u202e\u200b"
    assert record["id_number"] == "330106199001010000"


def test_check_zip_reads_every_part_against_its_declared_size():
    for part in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
        data = hostile.lying_sizes(part)
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
        assert info.file_size == 1000 and info.compress_size > 8000  # the lie is in place
        with pytest.raises(UploadRefused, match=f"“{part}”已损坏"):
            check_workbook(data)
    with pytest.raises(UploadRefused, match="已损坏或不是 Office 文档"):
        check_zip(hostile.truncated())
    assert check_zip(hostile.normal()).namelist()[0] == "[Content_Types].xml"


def test_read_deadline_refuses():
    limits = replace(Limits.from_settings(), seconds=-1)
    with pytest.raises(SheetError, match="读取文件超过-1秒的时限"):
        _open(hostile.normal(), limits)


def test_fast_bound_never_below_the_exact_extent():
    """Where the literal searches give a bound, it covers what the exact scan finds."""
    measured = 0
    for name in sorted(hostile.HOSTILE):
        try:
            data = zipfile.ZipFile(io.BytesIO(payload(name))).read("xl/worksheets/sheet1.xml")
        except (zipfile.BadZipFile, KeyError):
            continue  # not a workbook, or a part lying about its size
        if len(data) > 1 << 20:
            continue  # the ratio bombs: refused before their extent is measured
        try:
            exact = uploads._extent_slow(data, uploads.Deadline(60))
        except UploadRefused:
            continue  # a reference that cannot be placed: refused outright
        fast = uploads._extent_fast(data, Limits.from_settings())
        assert fast is None or (fast[0] >= exact[0] and fast[1] >= exact[1]), (name, fast, exact)
        measured += 1
    assert measured >= 14


def test_slow_path_refuses_references_it_cannot_place():
    data = hostile.sheet_xml(b'<row r="2"><c r=" 1048576"><v>1</v></c></row>')
    with pytest.raises(UploadRefused, match="单元格位置无法识别"):
        uploads._extent_slow(data, uploads.Deadline(60))


_CHILD = """
import io, json, resource, sys
sys.path[:0] = {paths!r}
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from kesu.core.sheets import SheetError, open_sheet
from kesu.core.uploads import Limits
limits = Limits(rows=300_000, columns=256, cells=20_000_000, unzipped=400 << 20,
                ratio=100, seconds=60)
folder = {folder!r}
out = {{}}
for name in {names!r}:
    with open(f"{{folder}}/{{name}}.xlsx", "rb") as fh:
        try:
            open_sheet(fh, aliases={{"name": ["姓名"]}}, required=["name"], limits=limits)
            out[name] = "opened"
        except SheetError as exc:
            out[name] = str(exc)
print(json.dumps(out, ensure_ascii=False))
"""


def test_crashers_refused_within_one_gibibyte(tmp_path):
    """Before the bounds, each of these made calamine allocate from 1 GB to 512 GiB and
    the process died. In a process limited to 1 GiB of address space, all are refused."""
    for name in CRASHERS:
        (tmp_path / f"{name}.xlsx").write_bytes(payload(name))
    paths = [str(Path(uploads.__file__).parents[2]), str(Path(__file__).parents[2])]
    code = textwrap.dedent(_CHILD).format(paths=paths, folder=str(tmp_path), names=CRASHERS)
    child = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
        [sys.executable, "-c", code], capture_output=True, timeout=120, check=False
    )
    assert child.returncode == 0, child.stderr.decode()[-2000:]
    results = json.loads(child.stdout)
    assert set(results) == set(CRASHERS)
    for name, message in results.items():
        assert hostile.HOSTILE[name].refusal in message, (name, message)


def _random_sheet(rng) -> bytes:
    """Rows and cells in any order, with or without references, sometimes far away, and
    written every way XML allows: either quote, any whitespace, r after another attribute,
    lower-case columns, namespaced tags."""
    p = rng.choice(["", "", "", "x:"])  # one prefix per sheet

    def attr(value: str) -> str:
        q, space = rng.choice('"""\''), rng.choice([" ", " ", " ", "\t", "\n  "])
        before = rng.choice(["", "", "", ' s="1"'])
        eq = rng.choice(["=", "=", "=", " = "])
        return f"{before}{space}r{eq}{q}{value}{q}"

    parts = []
    for _ in range(rng.randint(0, 12)):
        row = rng.choice(
            [None, rng.randint(1, 40), rng.randint(1, 400_000), rng.randint(1, 999_999)]
        )
        cells = []
        for _ in range(rng.randint(0, 6)):
            column = rng.choice([None, rng.randint(1, 30), rng.randint(1, 800)])
            ref_row = row if rng.random() < 0.8 or row is None else rng.randint(1, 60)
            if column is None or ref_row is None:
                cells.append(f"<{p}c><{p}v>1</{p}v></{p}c>")
            else:
                letters = hostile.column_letters(column)
                letters = letters.lower() if rng.random() < 0.1 else letters
                cells.append(f"<{p}c{attr(f'{letters}{ref_row}')}><{p}v>1</{p}v></{p}c>")
        head = f"<{p}row{attr(str(row))}>" if row is not None else f"<{p}row>"
        parts.append(head + "".join(cells) + f"</{p}row>")
    return "".join(parts).encode()


def test_fast_bound_is_never_below_the_exact_extent():
    """Soundness of the literal-search path, checked on 1,000 random sheets: whenever it
    answers, its bound covers the exact tag-by-tag extent."""
    import random

    rng = random.Random(20261206)
    limits = uploads.Limits(
        rows=300_030, columns=256, cells=20_000_000, unzipped=1 << 30, ratio=100, seconds=60
    )
    answered = 0
    for _ in range(1000):
        data = _random_sheet(rng)
        exact = uploads._extent_slow(data, uploads.Deadline(60))
        fast = uploads._extent_fast(data, limits)
        if fast is not None:
            answered += 1
            assert fast[0] >= exact[0] and fast[1] >= exact[1], data
    assert answered > 50  # the fast path is exercised, not always skipped


def test_legacy_xls_reads():
    """The .xls path (an OLE2 file, not a zip) opens through calamine as before."""
    sheet = _open(hostile.xls_normal())
    assert list(sheet.records()) == [(2, {"name": "张三", "id_number": "330106199001010000"})]


def test_legacy_xls_reader_ends_only_its_child(monkeypatch):
    """The .xls corner file would cost this process about a gigabyte: the bounded child that
    reads it runs out of memory instead, and this process answers with the refusal."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SheetError, match="表格过大"):
        _open(hostile.xls_corner())
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KiB
