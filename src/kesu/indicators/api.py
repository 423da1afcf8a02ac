"""/api/v1/indicators: figures, their breakdowns and the records behind them. Thin: parse,
call a selector, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from kesu.indicators import selectors
from kesu.indicators.schemas import (
    EVIDENCE_SCHEMAS,
    FIELD_LABELS,
    BreakdownOut,
    BreakdownQuery,
    EvidencePage,
    EvidenceQuery,
    RangeQuery,
    ValuesOut,
    ValuesQuery,
)
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["指标"])


def _checked(request: HttpRequest, query: RangeQuery) -> tuple[Any, Organization]:
    user = require_view(request)
    if query.start > query.end:
        message = f"{FIELD_LABELS['to']}不能早于{FIELD_LABELS['from']}"
        raise ApiError(400, "validation_error", message, {"to": message})
    return user, access.get_org_for_user(user, query.org)


def _range(query: RangeQuery) -> dict[str, str]:
    return {"org": query.org, "from": query.start.isoformat(), "to": query.end.isoformat()}


@router.get("/indicators", response={200: ValuesOut, **ERRORS}, by_alias=True, summary="指标数值")
def indicator_index(request: HttpRequest, query: Query[ValuesQuery]) -> dict[str, Any]:
    """组织（含下级）在起止日期（含）内的各项指标；每项附 evidence_url：该数值所依据的记录。"""
    user, org = _checked(request, query)
    codes = [c.strip() for c in query.code.split(",") if c.strip()] or None
    values = selectors.indicator_values(
        user=user, org=org, start=query.start, end=query.end, codes=codes
    )
    params = urlencode(_range(query))
    items = [
        {
            "code": v.code,
            "name": v.name,
            "unit": v.unit,
            "value": v.value,
            "evidence_url": reverse("api:indicator_evidence", args=[v.code]) + "?" + params,
        }
        for v in values
    ]
    return {"org": org.code, "start": query.start, "end": query.end, "items": items}


@router.get(
    "/indicators/{code}/breakdown",
    response={200: BreakdownOut, **ERRORS},
    summary="指标分组",
)
def indicator_breakdown(
    request: HttpRequest, code: str, query: Query[BreakdownQuery]
) -> dict[str, Any]:
    """by=org：本级加各下级组织（含其下级）；或按指标声明的维度（如 gender、education、month）。"""
    user, org = _checked(request, query)
    indicator = selectors.indicator_get(code=code)
    try:
        rows = selectors.indicator_breakdown(
            user=user, code=code, org=org, start=query.start, end=query.end, by=query.by
        )
    except selectors.IndicatorError as exc:
        raise ApiError(400, "validation_error", exc.message, {exc.field: exc.message}) from None
    (total,) = selectors.indicator_values(
        user=user, org=org, start=query.start, end=query.end, codes=[code]
    )
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "org": org.code,
        "by": query.by,
        "value": total.value,
        "rows": rows,
    }


@router.get(
    "/indicators/{code}/evidence",
    response={200: EvidencePage, **ERRORS},
    url_name="indicator_evidence",
    summary="指标依据的记录",
)
def indicator_evidence(
    request: HttpRequest, code: str, query: Query[EvidenceQuery]
) -> dict[str, Any]:
    """该指标计入的记录，分页；会员的证件号和手机号只显示掩码。"""
    user, org = _checked(request, query)
    indicator = selectors.indicator_get(code=code)
    rows = selectors.indicator_evidence(
        user=user, code=code, org=org, start=query.start, end=query.end
    )
    page = paginate(rows, page=query.page, page_size=query.page_size)
    schema = EVIDENCE_SCHEMAS[rows.model]
    page["items"] = [schema.from_orm(obj).model_dump(mode="json") for obj in page["items"]]
    (total,) = selectors.indicator_values(
        user=user, org=org, start=query.start, end=query.end, codes=[code]
    )
    return {
        **page,
        "code": code,
        "name": indicator.name,
        "unit": indicator.unit,
        "value": total.value,
    }
