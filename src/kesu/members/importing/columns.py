"""The roster's spreadsheet columns: header variants accepted on import, order of the template
and of the export. One list, so an unmasked export can be imported back unchanged."""

from __future__ import annotations

from kesu.members.validation import FIELD_LABELS

# Field -> accepted header spellings (compared after sheets.normalise_header: no spaces,
# asterisks, colons or bracketed notes, case-insensitive). The first one is the canonical one.
MEMBER_ALIASES: dict[str, list[str]] = {
    "name": ["姓名", "会员姓名", "职工姓名", "名字", "name"],
    "gender": ["性别", "gender"],
    "id_number": [
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号",
        "公民身份证号码",
        "身份证",
        "身份证件号码",
        "证件号码",
        "证件号",
        "id_number",
    ],
    "birth_date": ["出生日期", "出生年月", "出生年月日", "生日", "birth_date"],
    "phone": ["手机号", "手机号码", "手机", "联系电话", "联系方式", "移动电话", "电话", "phone"],
    "ethnicity": ["民族", "ethnicity"],
    "education": ["文化程度", "学历", "最高学历", "教育程度", "education"],
    "political_status": ["政治面貌", "political_status"],
    "employer_name": ["工作单位", "单位", "单位名称", "所在单位", "工作单位名称", "employer_name"],
    "occupation": ["职业/行业", "职业", "行业", "工种", "岗位", "occupation"],
    "is_migrant_worker": ["农民工", "是否农民工", "is_migrant_worker"],
    "joined_on": ["入会时间", "入会日期", "入会年月", "joined_on"],
    "status": ["会籍状态", "会员状态", "状态", "status"],
    "notes": ["备注", "notes"],
}

REQUIRED = ["name", "id_number"]
# Template and export column order.
FIELDS = list(FIELD_LABELS)


def header(field: str) -> str:
    """Header text for the template: required columns carry an asterisk."""
    return FIELD_LABELS[field] + ("*" if field in REQUIRED else "")
