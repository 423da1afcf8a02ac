"""core.text: what is removed from text on the way in, and what safe_cell keeps out of files."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from kesu.core.excel import safe_cell
from kesu.core.text import clean_cells, clean_code, clean_data, clean_name, clean_text, mask_name


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("普通文字", "普通文字"),
        ("a\x01b\x00c\x1fd\x7fe\x85f", "abcdef"),
        ("第一行\r\n第二行\r第三行\n第四行", "第一行\n第二行\n第三行\n第四行"),
        ("列一\t列二", "列一\t列二"),
        ("坏\ud800字\ufffe\uffff", "坏字"),
        ("\u202e看不见的字不动", "\u202e看不见的字不动"),  # format characters: names only
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_clean_text_on_one_line():
    assert clean_text("甲\t\t乙\r\n丙\x01", multiline=False) == "甲 乙 丙"


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("陈\u200b晶", "陈晶"),
        ("\u202e陈晶\u202c", "陈晶"),  # right-to-left override and its pop
        ("\ufeff王\u2060小\u00ad明\u200d", "王小明"),
        ("ＡＢＣ科技　有限公司", "ABC科技 有限公司"),  # full-width letters and space
        ("  某某  \n 工会 ", "某某 工会"),
        ("李\x01四", "李四"),
        ("e\u200b\u0301", "\u00e9"),  # removed first, then composed
        ("某某（集团）有限公司：一分厂", "某某（集团）有限公司：一分厂"),  # as Chinese writes it
        ("ＡＢ（集团）１号", "AB（集团）1号"),
    ],
)
def test_clean_name(raw, expected):
    assert clean_name(raw) == expected


def test_clean_code_folds_everything():
    assert clean_code("＋８６\u3000１３８－００１３\u200b８０００（ｘ）") == "+86138-00138000(x)"


def test_clean_data_reaches_every_string_of_a_json_document():
    doc = {"name\x01": "张\x02三", "tags": ["a\x03", 1, None, {"x": "y\x04"}], "n": 2.5}
    assert clean_data(doc) == {"name": "张三", "tags": ["a", 1, None, {"x": "y"}], "n": 2.5}


def test_clean_cells_replaces_only_the_cells_that_need_it():
    keep = "张三"
    rows = [[keep, 1, None, "备注\x01"], ["\x0b", 2.5]]
    assert clean_cells(rows) == [["张三", 1, None, "备注"], ["", 2.5]]
    assert rows[0][0] is keep


def test_safe_cell_writes_what_openpyxl_would_refuse():
    values = ["a\x01b", "\x02=1+1", "代\ud800理\uffff", 3, "第一行\n第二行"]
    book = Workbook()
    book.active.append([safe_cell(v) for v in values])
    out = io.BytesIO()
    book.save(out)
    row = next(load_workbook(out).active.iter_rows(values_only=True))
    assert list(row) == ["ab", "'=1+1", "代理", 3, "第一行\n第二行"]


@pytest.mark.parametrize(
    ("name", "keep_last", "masked"),
    [
        ("张三", True, "张*"),
        ("张小三", True, "张*三"),
        ("欧阳小明", True, "欧**明"),
        ("王", True, "王"),
        ("", True, ""),
        ("张三", False, "张*"),
        ("欧阳小明", False, "欧***"),
        ("王", False, "王*"),
        ("", False, ""),
    ],
)
def test_mask_name(name, keep_last, masked):
    assert mask_name(name, keep_last=keep_last) == masked
