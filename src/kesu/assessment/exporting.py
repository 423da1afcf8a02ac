"""题目分析 as .xlsx: one sheet of items (with each option's share), one of reliability.
Aggregates only (no personal data); every export is audited like the others."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpRequest
from openpyxl import Workbook

from kesu.assessment.items import ItemAnalysis
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell

ITEM_HEADERS = [
    "序号",
    "试题编号",
    "维度",
    "题型",
    "题干",
    "作答人数",
    "答对人数",
    "难度（答对比例%）",
    "区分度",
    "提示",
    "选项",
    "选择比例（%）",
    "选择者平均总分",
]
RELIABILITY_HEADERS = ["范围", "系数", "题数", "人数", "信度", "95%置信区间下限", "95%置信区间上限"]
TYPE_NAMES = {"single": "单选", "multiple": "多选", "judge": "判断"}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def _round(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def items_workbook(a: ItemAnalysis) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "题目分析"
    sheet.append(ITEM_HEADERS)
    for i in a.items:
        s = i.stat
        head = [
            i.position,
            i.family,
            i.dimension_name,
            TYPE_NAMES.get(i.type, i.type),
            i.stem[:200],
            s.answered,
            s.correct,
            _pct(s.difficulty),
            _round(s.discrimination),
            "、".join(s.flag_labels),
        ]
        for n, o in enumerate(s.options):
            label = i.option_labels[o.index] if o.index < len(i.option_labels) else str(o.index)
            label = f"{label}（正确答案）" if o.is_key else label
            row = head if n == 0 else [""] * len(head)
            sheet.append(
                [safe_cell(v) for v in (*row, label, _pct(o.share), _round(o.mean_total, 2))]
            )
        if not s.options:
            sheet.append([safe_cell(v) for v in head])
    rel = book.create_sheet("信度")
    rel.append(RELIABILITY_HEADERS)
    for r in a.reliability:
        v = r.value
        rel.append(
            [
                safe_cell(x)
                for x in (
                    r.label,
                    v.coefficient_name,
                    v.k,
                    v.n,
                    _round(v.alpha),
                    _round(v.ci_low),
                    _round(v.ci_high),
                )
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def items_export(a: ItemAnalysis, *, actor: Actor, request: HttpRequest | None) -> bytes:
    data = items_workbook(a)
    audit_object(
        actor,
        "assessment.items_export",
        a.assessment,
        {"items": len(a.items), "persons": a.persons},
        request,
        target_type="assessment",
        label=a.assessment.title,
        org=a.org,
    )
    return data
