"""Targets handed down to child organisations through an .xlsx grid: one row per child,
one column per indicator ("科普活动" over its code). The import goes through
services.targets_hand_down, so it is all-or-nothing, with errors named by row and column."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.core.importing import Row, RowProblems, SheetImport, open_import
from kesu.core.sheets import Sheet
from kesu.indicators import registry
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans import services
from kesu.plans.models import Target

ORG_ALIASES = {
    "org": ["组织编码", "单位编码", "编码"],
    "org_name": ["组织名称", "单位名称", "单位"],
}


def targets_template(
    *, user: Actor, parent: Organization, year: int, codes: Sequence[str]
) -> bytes:
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


class _TargetsImport(SheetImport[tuple[str, dict[str, Any]]]):
    """One row per child: its code and {indicator: value}. Each value is checked where it
    stands; the hand-down service then writes them all (services.targets_hand_down)."""

    labels = {"org": "组织编码"}
    error = services.PlanError

    def __init__(self, *, actor: Actor, parent: Organization, year: Any, request: Any) -> None:
        super().__init__(dry_run=False)
        self.actor, self.parent, self.year, self.request = actor, parent, year, request
        self.children = {
            c.code: c for c in access.orgs_for(actor, access.CHANGE).filter(parent=parent)
        }
        self.values: dict[str, dict[str, Any]] = {}
        self.targets: list[Target] = []

    def open(self, source: str | IO[bytes]) -> Sheet:
        sheet = open_import(source, aliases=_aliases(), required=["org"], error=services.PlanError)
        self.codes = [f for f in sheet.columns.values() if f not in ORG_ALIASES]
        if not self.codes:
            raise services.PlanError(
                {"file": "表格中没有可识别的指标列（列标题应为指标名称或编码）"}
            )
        return sheet

    def column(self, name: str) -> str:
        return super().column(name).splitlines()[0]  # "科普活动\nactivities.count"

    def clean(self, row: Row[tuple[str, dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
        code = str(row.record.get("org") or "").strip()
        values = {c: row.record.get(c) for c in self.codes}
        if not code:
            raise RowProblems({"org": "缺少组织编码"})
        if (first := self.first_row(code, row.number)) is not None:
            raise RowProblems({"org": f"组织编码 {code} 与第{first}行重复"})
        child = self.children.get(code)
        if child is None:
            parent = self.parent.name
            raise RowProblems({"org": f"{code} 不是{parent}的直接下级组织或不在管辖范围内"})
        for indicator, raw in values.items():
            if raw is None or str(raw).strip() == "":
                continue
            if problem := services.indicator_problem(indicator):
                self.reject(row.number, indicator, f"{child.name}：{problem}")
            elif problem := services.value_problem(raw)[1]:
                name = registry.get(indicator).name
                self.reject(row.number, indicator, f"{child.name} {name}：{problem}")
        return code, values

    def write(self, values: list[tuple[str, dict[str, Any]]]) -> None:
        self.values.update(values)

    def finish(self) -> None:
        self.targets = services.targets_hand_down(
            actor=self.actor,
            parent=self.parent,
            year=self.year,
            values=self.values,
            request=self.request,
        )


def targets_import(
    *, actor: Actor, parent: Organization, year: Any, data: bytes, request: Any = None
) -> list[Target]:
    """Hand down the targets of an uploaded grid; any error and nothing is written. Errors
    name the Excel row and column (PlanError, one message per problem)."""
    access.ensure_org_in_scope(actor, parent, access.CHANGE)
    job = _TargetsImport(actor=actor, parent=parent, year=year, request=request)
    result = job.run(io.BytesIO(data))
    if result.errors:
        raise services.PlanError({f"{i}": str(e) for i, e in enumerate(result.errors)})
    if not job.targets:
        raise services.PlanError({"values": "没有填写任何目标值"})
    return job.targets
