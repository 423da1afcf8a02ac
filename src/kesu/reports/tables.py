"""Standard statistical tables (统计报表) as .xlsx, built from the indicator registry.

`indicator_table` lays the registry's figures out as the table cadres fill in by hand: one
row per visible child organisation (its whole subtree), a 本级 row and a 合计 row that is the
organisation's own indicator value. `activity_ledger` lists the activities behind those
figures (活动台账). Every text cell goes through safe_cell; every download is audited in the
same transaction as the reads.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kesu.activities.models import Activity
from kesu.activities.selectors import ActivityFilters, activity_list, activity_person_times
from kesu.audit.services import audit_record
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.funds.selectors import FundsOverview, funds_overview
from kesu.indicators import selectors
from kesu.indicators.registry import Number
from kesu.orgs import access
from kesu.orgs.models import Organization

TABLE_ACTION = "report.table"
LEDGER_ACTION = "report.ledger"
TARGET_TYPE = "report"
TOTAL_LABEL = "合计"
OWN_LABEL = "本级"

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_INT = "#,##0"
_MONEY = "#,##0.00"
_RATE = "0.0"


def _number_format(unit: str) -> str:
    return {"元": _MONEY, "%": _RATE}.get(unit, _INT)


def _period(start: dt.date, end: dt.date) -> str:
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"


def _require_scope(user: Actor, org: Organization) -> None:
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()


def _heading(
    ws: Worksheet, title: str, org: Organization, start: dt.date, end: dt.date, width: int
) -> None:
    """Row 1: the merged title; row 2: 填报单位 / 统计期间 / 填报日期."""
    last = get_column_letter(width)
    ws["A1"] = safe_cell(title)
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = _CENTER
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = safe_cell(
        f"填报单位：{org.name}　　统计期间：{_period(start, end)}　　"
        f"填报日期：{timezone.localdate():%Y-%m-%d}"
    )
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(f"A2:{last}2")


def _style_header(ws: Worksheet, rows: Iterable[int], width: int) -> None:
    for row in rows:
        for col in range(1, width + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = Font(bold=True)
            cell.fill = _HEAD_FILL
            cell.alignment = _CENTER
            cell.border = _BORDER


def _write_row(
    ws: Worksheet,
    row: int,
    values: Sequence[Any],
    formats: Sequence[str | None],
    *,
    total: bool = False,
) -> None:
    for col, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=safe_cell(value))
        cell.border = _BORDER
        if fmt and isinstance(value, int | float | Decimal):
            cell.number_format = fmt
        if total:
            cell.font = Font(bold=True)
            cell.fill = _TOTAL_FILL


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _audit(
    user: Actor,
    action: str,
    org: Organization,
    start: dt.date,
    end: dt.date,
    repr_: str,
    changes: dict[str, Any],
    request: HttpRequest | None,
) -> None:
    audit_record(
        actor=user,
        action=action,
        target_type=TARGET_TYPE,
        target_id=org.code,
        target_repr=repr_,
        org_path=org.path,
        changes={"org": org.code, "from": start.isoformat(), "to": end.isoformat(), **changes},
        request=request,
    )


# --- 统计表 -------------------------------------------------------------------------------


def table_title(org: Organization) -> str:
    return f"{org.name}科学素质工作统计表"


def indicator_table(
    *,
    user: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    codes: Iterable[str] | None = None,
    request: HttpRequest | None = None,
) -> bytes:
    """The indicator table of `org` for start–end (inclusive) as .xlsx bytes.

    Rows: each visible direct child (its whole subtree), 本级 (records attached to `org`
    itself), 合计 (the registry's value for `org`, which for distinct counts such as 人 is
    not the sum of the rows). Raises NotFound outside the scope, Forbidden without VIEW.
    """
    _require_scope(user, org)
    with transaction.atomic():
        values = selectors.indicator_values(
            user=user, org=org, start=start, end=end, codes=None if codes is None else list(codes)
        )
        # {org code: {indicator code: value}} from the registry's breakdown by organisation.
        cells: dict[str, dict[str, Number]] = {}
        labels: dict[str, str] = {}
        for value in values:
            rows = selectors.indicator_breakdown(
                user=user, code=value.code, org=org, start=start, end=end, by="org"
            )
            for row in rows:
                cells.setdefault(row.key, {})[value.code] = row.value
                labels.setdefault(row.key, row.label)
        children = [key for key in labels if key != org.code]
        funds = funds_overview(user=user, org=org, start=start, end=end)
        content = _table_book(org, start, end, values, cells, labels, children, funds)
        _audit(
            user,
            TABLE_ACTION,
            org,
            start,
            end,
            f"统计表：{org.name}",
            {"codes": [v.code for v in values], "rows": len(children) + 1},
            request,
        )
    return content


def _table_book(
    org: Organization,
    start: dt.date,
    end: dt.date,
    values: Sequence[selectors.IndicatorValue],
    cells: dict[str, dict[str, Number]],
    labels: dict[str, str],
    children: Sequence[str],
    funds: FundsOverview | None = None,
) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "统计表"
    width = 2 + len(values)
    _heading(ws, table_title(org), org, start, end, width)
    ws.append(["单位名称", "组织编码", *(safe_cell(v.name) for v in values)])
    ws.append(["", "", *(safe_cell(f"（{v.unit}）") for v in values)])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    _style_header(ws, (3, 4), width)
    formats = [None, None, *(_number_format(v.unit) for v in values)]
    row = 5
    for key in children:
        figures = cells[key]
        _write_row(ws, row, [labels[key], key, *(figures.get(v.code, 0) for v in values)], formats)
        row += 1
    own = cells.get(org.code, {})
    _write_row(ws, row, [OWN_LABEL, org.code, *(own.get(v.code, 0) for v in values)], formats)
    row += 1
    totals = [TOTAL_LABEL, org.code, *(v.value for v in values)]
    _write_row(ws, row, totals, formats, total=True)
    if any(v.unit == "人" for v in values):
        ws.cell(
            row=row + 2,
            column=1,
            value="注：单位为“人”的指标按人去重计数，合计为本组织（含下级）的数值，"
            "可能小于各行之和。",
        )
    ws.cell(
        row=row + 3, column=1, value=safe_cell(f"指标编码：{'、'.join(v.code for v in values)}")
    )
    ws.freeze_panes = "C5"
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 14
    for col, value in enumerate(values, start=3):
        ws.column_dimensions[get_column_letter(col)].width = max(10, 2 * len(value.name) + 4)
    ws.row_dimensions[3].height = 32
    if funds is not None:
        _funds_sheet(book, org, start, end, funds)
    return _save(book)


FUNDS_COLUMNS = (
    "工作领域",
    "预算（元）",
    "活动经费（元）",
    "帮扶资金（元）",
    "其他支出（元）",
    "支出合计（元）",
    "执行率（%）",
)


def _funds_sheet(
    book: Workbook, org: Organization, start: dt.date, end: dt.date, funds: FundsOverview
) -> None:
    """Sheet 经费预算执行: budget against spent by work area (kesu.funds.selectors)."""
    ws = book.create_sheet("经费预算执行")
    width = len(FUNDS_COLUMNS)
    _heading(ws, f"{org.name}科普工作经费预算执行表", org, start, end, width)
    ws.append(list(FUNDS_COLUMNS))
    _style_header(ws, (3,), width)
    formats = [None, *([_MONEY] * 5), _RATE]
    sources = ("activities", "assistance", "expenses")
    row = 4
    for area in funds.areas:
        parts = [area.by_source.get(source, Decimal(0)) for source in sources]
        _write_row(ws, row, [area.label, area.budget, *parts, area.spent, area.share], formats)
        row += 1
    totals = [funds.source_total(source) for source in sources]
    _write_row(
        ws, row, [TOTAL_LABEL, funds.budget, *totals, funds.spent, funds.share], formats, total=True
    )
    ws.column_dimensions["A"].width = 16
    for col in range(2, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 16


# --- 活动台账 -----------------------------------------------------------------------------

LEDGER_COLUMNS: list[tuple[str, int, str | None]] = [
    ("序号", 6, _INT),
    ("活动日期", 12, "yyyy-mm-dd"),
    ("活动名称", 36, None),
    ("活动形式", 12, None),
    ("主办组织", 24, None),
    ("地点", 20, None),
    ("参与人次（填报）", 12, _INT),
    ("签到人次", 10, _INT),
    ("计入人次", 10, _INT),
    ("发放资料（份）", 12, _INT),
    ("接受咨询（人次）", 12, _INT),
    ("展板（块）", 10, _INT),
    ("受益（人次）", 12, _INT),
    ("经费（元）", 14, _MONEY),
]
# Columns summed in the totals row (1-based positions in LEDGER_COLUMNS).
_SUMMED = range(7, len(LEDGER_COLUMNS) + 1)


def ledger_title(org: Organization) -> str:
    return f"{org.name}科普活动台账"


def ledger_activities(*, user: Actor, org: Organization, start: dt.date, end: dt.date):
    """The activities of the ledger: organised in org's subtree, start date in the range, in
    date order — the same records the activities.* indicators count."""
    _require_scope(user, org)
    filters = ActivityFilters(org=org.code, date_from=start.isoformat(), date_to=end.isoformat())
    return activity_list(user=user, filters=filters).order_by("start", "id")


def _ledger_row(number: int, activity: Activity) -> list[Any]:
    times = activity_person_times(activity)
    return [
        number,
        timezone.localtime(activity.start).date(),
        activity.title,
        str(activity.get_kind_display()),
        activity.org.name,
        activity.place,
        times.declared,
        times.checked_in,
        times.effective,
        activity.materials_distributed,
        activity.consultations,
        activity.display_boards,
        activity.beneficiaries,
        activity.spending,
    ]


def activity_ledger(
    *,
    user: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    request: HttpRequest | None = None,
) -> bytes:
    """The activity ledger (活动台账) of `org`'s subtree for start–end as .xlsx bytes, one row
    per activity and a totals row. Raises NotFound outside the scope."""
    with transaction.atomic():
        activities = ledger_activities(user=user, org=org, start=start, end=end)
        book = Workbook()
        ws = book.active
        ws.title = "活动台账"
        width = len(LEDGER_COLUMNS)
        _heading(ws, ledger_title(org), org, start, end, width)
        ws.append([name for name, _w, _f in LEDGER_COLUMNS])
        _style_header(ws, (3,), width)
        formats = [fmt for _n, _w, fmt in LEDGER_COLUMNS]
        totals: list[Any] = [0] * width
        row = 4
        for number, activity in enumerate(activities.iterator(chunk_size=1000), start=1):
            values = _ledger_row(number, activity)
            _write_row(ws, row, values, formats)
            for col in _SUMMED:
                totals[col - 1] += values[col - 1] or 0
            row += 1
        count = row - 4
        totals[:6] = [TOTAL_LABEL, None, f"共{count}场", None, None, None]
        _write_row(ws, row, totals, formats, total=True)
        ws.freeze_panes = "D4"
        for col, (_name, col_width, _fmt) in enumerate(LEDGER_COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(col)].width = col_width
        ws.row_dimensions[3].height = 32
        content = _save(book)
        repr_ = f"活动台账：{org.name}"
        _audit(user, LEDGER_ACTION, org, start, end, repr_, {"rows": count}, request)
    return content


def filename(kind: str, org: Organization, start: dt.date, end: dt.date) -> str:
    label = {"table": "统计表", "ledger": "活动台账", "contests": "知识竞赛成绩表"}[kind]
    return f"{org.name}_{label}_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
