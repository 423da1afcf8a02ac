"""The downloadable import template: headers, two valid examples, drop-down lists, 说明."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kesu.members.choices import ETHNICITIES, Education, MemberStatus, PoliticalStatus
from kesu.members.idnumber import make_id_number
from kesu.members.importing.columns import FIELDS, REQUIRED, header

DATA_SHEET = "会员名册"
LISTS_SHEET = "选项"
HELP_SHEET = "说明"
_VALIDATED_ROWS = 5000
_TEXT_FIELDS = ("id_number", "phone")
_WIDTHS = {"id_number": 22, "phone": 14, "employer_name": 24, "notes": 24}


def _labels(codes: type) -> list[str]:
    with translation.override(None):  # the Chinese source spellings that import accepts
        return [str(label) for _, label in codes.choices]


def _examples() -> list[list[object]]:
    male = make_id_number("330106", dt.date(1988, 5, 12), 123)
    female = make_id_number("330106", dt.date(1995, 11, 3), 246)
    return [
        [
            "张伟",
            "男",
            male,
            dt.date(1988, 5, 12),
            "13800001234",
            "汉族",
            "大学本科",
            "中共党员",
            "某科技有限公司",
            "软件工程师",
            "否",
            dt.date(2015, 3, 1),
            "在册",
            "",
        ],
        [
            "李娜",
            "女",
            female,
            dt.date(1995, 11, 3),
            "13900005678",
            "回族",
            "高中/中专/技校",
            "群众",
            "某制造有限公司",
            "装配工",
            "是",
            dt.date(2019, 7, 1),
            "在册",
            "示例行，导入前请删除",
        ],
    ]


HELP_LINES = [
    "会员名册导入说明",
    "1. 带 * 的列必须填写：姓名、身份证号。其他列可留空。",
    "2. 列的顺序可以调整；常见写法也能识别，如“身份证号码”“公民身份号码”“联系电话”“学历”。",
    "3. 表头上方可以有标题行（如合并单元格的表名），空行会被忽略。",
    "4. 身份证号和手机号请使用文本格式。身份证号若被Excel存成数字，后几位会丢失，系统会拒绝该行。",
    "5. 日期可写作 2019-03-01、2019/3/1、2019年3月、2019.03，或使用Excel日期格式。",
    "6. 性别和出生日期可不填，系统按身份证号推算；若填写须与身份证号一致。",
    "7. 已在本单位登记的会员（按身份证号识别）会被更新；表格中留空的单元格不会清除已有信息。",
    "8. 同一文件重复导入不会产生重复会员。已在其他单位登记的会员需办理转会。",
    "9. 建议先勾选“仅校验”检查错误；出错的行可下载带“错误信息”列的副本，修改后重新导入。",
    "10. 示例行仅供参考，导入前请删除。",
]


def build_template() -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    ws.append([header(f) for f in FIELDS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for col, name in enumerate(FIELDS, start=1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True, color="C00000") if name in REQUIRED else bold
        cell.fill = fill
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 12)
    for row in _examples():
        ws.append(row)
    ws.freeze_panes = "A2"
    column = {name: get_column_letter(i) for i, name in enumerate(FIELDS, start=1)}
    for name in _TEXT_FIELDS:
        # Text format so Excel keeps all 18 digits (and a trailing X) as typed.
        ws.column_dimensions[column[name]].number_format = "@"
        for row in range(2, 4):
            ws[f"{column[name]}{row}"].number_format = "@"
    for name in ("birth_date", "joined_on"):
        for row in range(2, 4):
            ws[f"{column[name]}{row}"].number_format = "yyyy-mm-dd"

    lists = book.create_sheet(LISTS_SHEET)
    options = {
        "ethnicity": ETHNICITIES,
        "education": _labels(Education),
        "political_status": _labels(PoliticalStatus),
        "status": _labels(MemberStatus),
    }
    for index, (name, values) in enumerate(options.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            lists[f"{letter}{row}"] = value
        _validate(ws, column[name], f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}")
    lists.sheet_state = "hidden"
    _validate(ws, column["gender"], '"男,女"')
    _validate(ws, column["is_migrant_worker"], '"是,否"')

    help_ws = book.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 100
    for line in HELP_LINES:
        help_ws.append([line])
    help_ws["A1"].font = Font(bold=True, size=14)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _validate(ws, letter: str, formula: str) -> None:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.error = "请从下拉列表中选择"
    rule.errorTitle = "输入无效"
    rule.showErrorMessage = True
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{_VALIDATED_ROWS + 1}")
