import datetime as dt

import pytest

from kesu.core import crypto
from kesu.core.parsing import parse_date
from kesu.members.validation import clean_member_data, protected_fields

ID = "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-03-01", dt.date(2019, 3, 1)),
        ("2019/3/1", dt.date(2019, 3, 1)),
        ("2019年3月", dt.date(2019, 3, 1)),
        ("2019年3月15日", dt.date(2019, 3, 15)),
        ("2019.03", dt.date(2019, 3, 1)),
        ("20190301", dt.date(2019, 3, 1)),
        (dt.datetime(2019, 3, 1, 8, 0), dt.date(2019, 3, 1)),  # noqa: DTZ001 (Excel cells are naive)
        (43525, dt.date(2019, 3, 1)),
        ("", None),
    ],
)
def test_parse_date_spellings(raw, expected):
    assert parse_date(raw) == expected


def test_parse_date_rejects_nonsense():
    with pytest.raises(ValueError, match="无法识别"):
        parse_date("三月一号")
    with pytest.raises(ValueError, match="不存在"):
        parse_date("2019-02-30")


def test_clean_derives_and_checks_against_given_values():
    clean, errors = clean_member_data(
        {
            "name": " 张 三 ",
            "id_number": ID.lower(),
            "gender": "女",
            "education": "本科",
            "political_status": "党员",
            "is_migrant_worker": "是",
            "ethnicity": "回",
        }
    )
    assert errors == {}
    assert (
        clean["name"] == "张三"
        and clean["gender"] == "F"
        and clean["birth_date"] == dt.date(1949, 12, 31)
    )
    assert clean["education"] == "bachelor" and clean["political_status"] == "cpc"
    assert clean["is_migrant_worker"] is True and clean["ethnicity"] == "回族"

    _, errors = clean_member_data(
        {"name": "张三", "id_number": ID, "gender": "男", "birth_date": "1950-01-01"}
    )
    assert errors == {"gender": "性别与身份证号不符", "birth_date": "出生日期与身份证号不符"}


def test_clean_names_every_bad_field_in_chinese():
    _, errors = clean_member_data(
        {
            "name": "",
            "id_number": "123",
            "phone": "123",
            "ethnicity": "火星族",
            "education": "幼儿园",
            "is_migrant_worker": "也许",
            "joined_on": "明天",
        }
    )
    assert set(errors) == {
        "name",
        "id_number",
        "phone",
        "ethnicity",
        "education",
        "is_migrant_worker",
        "joined_on",
    }
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in msg) for msg in errors.values())


def test_protected_fields_never_keep_clear_text(db):
    clean, _ = clean_member_data({"name": "张三", "id_number": ID, "phone": "13812345678"})
    fields = protected_fields(clean)
    assert "id_number" not in fields and "phone" not in fields
    assert ID not in fields["id_number_enc"] and crypto.decrypt(fields["id_number_enc"]) == ID
    assert (
        fields["id_number_masked"] == "110105********002X"
        and fields["phone_masked"] == "138****5678"
    )
    assert (
        len(fields["id_number_hash"]) == 64
        and fields["id_tail"] == "002X"
        and fields["phone_tail"] == "5678"
    )
