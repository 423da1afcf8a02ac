from __future__ import annotations

import pytest

from kesu.employers.validation import (
    clean_agreement,
    clean_employer,
    credit_check_char,
    credit_code,
    credit_code_problem,
    normalise_credit_code,
)


@pytest.mark.parametrize(
    "first17, check",
    [
        ("91350100M000100Y4", "3"),  # a published example
        ("91330106MA0000001", credit_check_char("91330106MA0000001")),
    ],
)
def test_check_char(first17, check):
    assert credit_check_char(first17) == check
    assert credit_code_problem(first17 + check) is None


def test_check_char_by_hand():
    # 9 1 1 1 0 0 0 0 0 0 0 0 0 0 0 0 1 weighted: 9*1 + 1*3 + 1*9 + 1*27 + 1*28 = 76;
    # 76 mod 31 = 14; 31 - 14 = 17 -> the 18th character of the alphabet is "H".
    assert credit_check_char("91110000000000001") == "H"
    # A sum that is a multiple of 31 gives check 0 (31 maps to 0): 31*1 at position 1 is
    # impossible (max value 30), so use 1*1 + 10*3 = 31 ("1A" then zeros).
    assert credit_check_char("1A000000000000000") == "0"


def test_normalise_full_width_lowercase_spaces():
    assert normalise_credit_code(" ９１３５０１００ｍ０００１００ｙ４３ ") == "91350100M000100Y43"
    assert credit_code("91350100 m000 100y43") == "91350100M000100Y43"
    assert credit_code("") == ""


@pytest.mark.parametrize(
    "raw, message",
    [
        ("91350100M000100Y4", "应为18位，当前为17位"),
        ("91350100M000100Y44", "校验位错误：第18位应为“3”，实为“4”"),
        ("91350100I000100Y43", "第9位“I”不是有效字符"),
        ("91350100M00010OY43", "第15位“O”不是有效字符"),
    ],
)
def test_invalid_codes_name_the_problem(raw, message):
    with pytest.raises(ValueError, match=message):
        credit_code(raw)


def test_clean_employer_messages():
    _clean, errors = clean_employer(
        {"name": "", "credit_code": "123", "ownership": "私营", "staff_count": "-3"}
    )
    assert errors["name"] == "单位名称不能为空"
    assert "统一社会信用代码应为18位" in errors["credit_code"]
    assert errors["ownership"].startswith("所有制“私营”无效")
    assert errors["staff_count"] == "职工人数不能为负数"


def test_ownership_by_chinese_name():
    clean, errors = clean_employer({"name": "甲", "ownership": "非公有制"})
    assert not errors and clean["ownership"] == "non_public"


def test_agreement_term_and_negative_increase():
    _c, errors = clean_agreement(
        {
            "kind": "regional",
            "title": "区域协议",
            "signed_on": "2026-03-01",
            "term_start": "2026-03-01",
            "term_end": "2025-12-31",
            "wage_increase_pct": "-1",
            "workers_covered": "100",
        }
    )
    assert errors == {
        "term_end": "期限止不能早于期限起",
        "wage_increase_pct": "工资增长幅度不能为负数",
    }
    clean, errors = clean_agreement(
        {
            "kind": "行业性协商",
            "title": "协议",
            "signed_on": "2026-03-01",
            "term_start": "2026-03-01",
            "term_end": "2027-02-28",
            "wage_increase_pct": "6.5%",
        }
    )
    assert not errors and str(clean["wage_increase_pct"]) == "6.50" and clean["kind"] == "industry"


def test_demo_codes_are_valid_and_distinct():
    from kesu.employers.demo import credit_code as demo_code

    codes = {demo_code("330106", n) for n in range(1, 2000)}
    assert len(codes) == 1999
    assert all(credit_code_problem(c) is None for c in codes)
