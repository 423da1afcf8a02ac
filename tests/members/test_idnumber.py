import datetime as dt

import pytest

from kesu.members.idnumber import IdNumberError, make_id_number, mask_id_number, parse_id_number
from kesu.members.phone import PhoneError, mask_phone, parse_phone

# A published example number (GB 11643 test vector) and a generated one.
VALID = "11010519491231002X"


def test_checksum_and_derived_fields():
    parsed = parse_id_number(VALID)
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "F"  # 17th digit 2 is even
    assert parsed.masked == "110105********002X"


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        "１１０１０５１９４９１２３１００２Ｘ",
        " 110105 19491231 002X ",
        "110105-19491231-002x",
    ],
)
def test_normalises_lowercase_fullwidth_and_spaces(raw):
    assert parse_id_number(raw).value == VALID


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("110105194912310021", "校验位错误"),
        ("11010519491331002X", "出生日期无效"),
        ("1101051949123100", "应为18位"),
        ("", "不能为空"),
        ("11010519491231002Y", "17位数字"),
        (1.1010519491231e17, "存成了数字"),
        ("1.10105E+17", "科学计数法"),
    ],
)
def test_rejections_say_why(raw, message):
    with pytest.raises(IdNumberError, match=message):
        parse_id_number(raw)


def test_make_id_number_round_trips():
    number = make_id_number("330106", dt.date(1990, 5, 17), 123)
    parsed = parse_id_number(number)
    assert parsed.birth_date == dt.date(1990, 5, 17) and parsed.gender == "M"


def test_mask():
    assert mask_id_number("330106199005171234") == "330106********1234"


@pytest.mark.parametrize(
    "raw", ["13812345678", "+86 138 1234 5678", "138-1234-5678", "008613812345678", 13812345678.0]
)
def test_phone_tolerant(raw):
    assert parse_phone(raw) == "13812345678"


@pytest.mark.parametrize("raw", ["12812345678", "1381234567", "010-12345678"])
def test_phone_rejects(raw):
    with pytest.raises(PhoneError):
        parse_phone(raw)


def test_phone_mask_and_empty():
    assert mask_phone("13812345678") == "138****5678"
    assert parse_phone("") == "" and parse_phone(None) == ""
