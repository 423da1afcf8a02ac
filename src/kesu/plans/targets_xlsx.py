"""Targets handed down to child organisations through an .xlsx grid: one row per child,
one column per indicator ("科普活动" over its code). The import goes through
services.targets_hand_down, so it is all-or-nothing, with errors named by row and column."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kesu.core.excel import safe_cell
from kesu.core.sheets import SheetError, open_sheet
from kesu.indicators import registry
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans import services
from kesu.plans.models import Target

ORG_ALIASES = {
    "org": ["组织编码", "单位编码", "编码"],
    "org_name": ["组织名称", "单位名称", "单位"],
}


def targets_template(*, user: Any, parent: Organization, year: int, codes: Sequence[str]) -> bytes:
    """The grid to fill in: the parent's direct children × `codes`, current targets filled."""
    access.ensure_org_in_scope(user, parent, access.VIEW)
    children = list(access.orgs_for(user).filter(parent=parent).order_by("code"))
    current = {
        (t.plan.org_id, t.indicator): t.value
        for t in Target.objects.filter(
            plan__year=year, plan__org__in=children, indicator__in=codes
        ).select_related("plan")
    }
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度目标"
    sheet.append([safe_cell(f"{parent.name}{year}年度下级目标（填写数值，空白表示不下达）")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["组织编码", "组织名称", *(f"{registry.get(c).name}\n{c}" for c in codes)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for child in children:
        row = [safe_cell(child.code), safe_cell(child.name)]
        row += [current.get((child.pk, c)) for c in codes]
        sheet.append([float(v) if v is not None and not isinstance(v, str) else v for v in row])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _aliases() -> dict[str, list[str]]:
    aliases = dict(ORG_ALIASES)
    for ind in registry.all_indicators():
        aliases[ind.code] = [f"{ind.name}{ind.code}", ind.code, ind.name]
    return aliases


def targets_import(
    *, actor: Any, parent: Organization, year: Any, data: bytes, request: Any = None
) -> list[Target]:
    """Hand down the targets of an uploaded grid; any error and nothing is written."""
    try:
        sheet = open_sheet(io.BytesIO(data), aliases=_aliases(), required=["org"])
    except SheetError as exc:
        raise services.PlanError({"file": str(exc)}) from None
    codes = [f for f in sheet.columns.values() if f not in ORG_ALIASES]
    if not codes:
        raise services.PlanError({"file": "表格中没有可识别的指标列（列标题应为指标名称或编码）"})
    values: dict[str, dict[str, Any]] = {}
    rows: dict[str, int] = {}
    errors: dict[str, str] = {}
    for number, record in sheet.records():
        code = str(record.get("org") or "").strip()
        if not code:
            errors[f"row{number}"] = f"第{number}行：缺少组织编码"
            continue
        if code in rows:
            errors[f"row{number}"] = f"第{number}行：组织编码 {code} 与第{rows[code]}行重复"
            continue
        rows[code] = number
        values[code] = {c: record.get(c) for c in codes}
    if errors:
        raise services.PlanError(errors)
    try:
        return services.targets_hand_down(
            actor=actor, parent=parent, year=year, values=values, request=request
        )
    except services.PlanError as exc:
        raise services.PlanError(_located(exc.errors, rows, sheet.labels)) from None


def _located(
    errors: dict[str, str], rows: dict[str, int], labels: dict[str, str]
) -> dict[str, str]:
    """Prefix each hand-down error with its Excel row and column header."""
    out = {}
    for key, message in errors.items():
        code, _, indicator = key.partition(".")
        row = rows.get(code)
        where = f"第{row}行" if row else ""
        if indicator:
            where += f"“{labels.get(indicator, indicator).splitlines()[0]}”列"
        out[key] = f"{where}：{message}" if where else message
    return out
