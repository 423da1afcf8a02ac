"""The ranking table as .xlsx (live or a published version); every download is audited."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.evaluations.models import Evaluation, EvaluationScheme
from kesu.evaluations.scoring import evaluation_compute
from kesu.orgs import access

RULE_LABELS = {"proportional": "按完成率", "steps": "分档", "pass_fail": "达标"}


def _number(value: Any) -> Any:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral() else float(number)


def ranking_xlsx(
    *,
    user: Actor,
    scheme: EvaluationScheme,
    evaluation: Evaluation | None = None,
    request: HttpRequest | None = None,
) -> bytes:
    """Title, then one row per unit: item scores, manual points, total, rank."""
    access.require(user, access.VIEW)
    results = evaluation.results if evaluation else evaluation_compute(user=user, scheme=scheme)
    items = results["items"]
    book = Workbook()
    sheet = book.active
    sheet.title = "考评排名"
    version = f"（第{evaluation.version}版）" if evaluation else "（实时，未发布）"
    sheet.append([safe_cell(f"{scheme.title}{version}")])
    sheet["A1"].font = Font(bold=True, size=14)
    header = ["单位", *(f"{i['name']}（{i['points']}分）" for i in items), "加减分", "总分", "排名"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
    for row in results["rows"]:
        scores = [_number(c["score"]) for c in row["items"]]
        sheet.append(
            [
                safe_cell(row["name"]),
                *scores,
                _number(row["manual"]),
                _number(row["total"]),
                row["rank"],
            ]
        )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    audit_object(
        user,
        "evaluation.export",
        scheme,
        {"version": [None, evaluation.version if evaluation else None]},
        request,
    )
    return buffer.getvalue()
