"""Writes of 科学素质测评: assessments and schemes. Each checks scope and role, validates
with Chinese messages naming the field, and writes its audit row in the same transaction.
The score-sheet import is kesu.assessment.importing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.schemes import ensure_builtin
from kesu.assessment.scoring import DIMENSIONS, to_decimal
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.parsing import parse_date, parse_field
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Paper

LABELS: dict[str, str] = {
    "org": "组织单位",
    "title": "测评名称",
    "paper": "测评试卷",
    "scheme": "测评方案",
    "period_start": "开始日期",
    "period_end": "结束日期",
    "description": "说明",
    "code": "编码",
    "name": "名称",
    "method": "计分方法",
    "weights": "维度权重",
    "tiers": "等级",
}


class AssessmentError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _pk(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def assessment_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> LiteracyAssessment:
    """Create an assessment of `org`'s subtree. The paper must be visible to the actor and be
    usable by `org` (owned by `org` or one of its ancestors: papers are shared downward)."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    errors: dict[str, str] = {}
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = "此项为必填项"
    elif len(title) > 200:
        errors["title"] = "最多200个字符"
    paper = None
    paper_id = _pk(data.get("paper"))
    if paper_id is None:
        errors["paper"] = "请选择测评试卷"
    else:
        ancestors = [p for p in org.path.split("/") if p]
        paper = Paper.objects.filter(pk=paper_id, org__code__in=ancestors).first()
        if paper is None:
            errors["paper"] = "试卷不存在或不能用于该组织（须为本级或上级组织的试卷）"
    ensure_builtin()
    raw_scheme = str(data.get("scheme") or "").strip()
    scheme_id = _pk(raw_scheme)
    lookup = {"pk": scheme_id} if scheme_id is not None else {"code": raw_scheme}
    scheme = LiteracyScheme.objects.filter(**lookup).first() if raw_scheme else None
    if scheme is None:
        errors["scheme"] = "请选择测评方案"
    start = parse_field(errors, "period_start", parse_date, data.get("period_start"), required=True)
    end = parse_field(errors, "period_end", parse_date, data.get("period_end"), required=True)
    if start and end and end < start:
        errors["period_end"] = "结束日期不能早于开始日期"
    if errors:
        raise AssessmentError(errors)
    with transaction.atomic():
        obj = LiteracyAssessment.objects.create(
            org=org,
            title=title,
            paper=paper,
            scheme=scheme,
            period_start=start,
            period_end=end,
            description=str(data.get("description") or "").strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_object(
            actor,
            "assessment.create",
            obj,
            {
                "title": [None, title],
                "paper": [None, paper.pk],  # type: ignore[union-attr]
                "scheme": [None, scheme.code],  # type: ignore[union-attr]
                "period": [None, f"{start}—{end}"],
            },
            request,
            target_type="assessment",
            label=title,
            org=org,
        )
    return obj


# ---------------------------------------------------------------- schemes


def clean_scheme(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a scheme: weights (national method) positive and summing to 100; tiers with
    distinct thresholds from 0 to 100, the lowest at 0, at least one literate tier."""
    errors: dict[str, str] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = "此项为必填项"
    method = data.get("method")
    if method not in LiteracyScheme.Method.values:
        errors["method"] = "计分方法无效"
    weights: dict[str, str] = {}
    if method == LiteracyScheme.Method.DIMENSIONS:
        raw = data.get("weights") or {}
        for dim in DIMENSIONS:
            w = to_decimal(raw.get(dim, 0))
            if w is None or w < 0:
                errors["weights"] = "各维度权重应为不小于0的数字"
                break
            if w:
                weights[dim] = str(w)
        else:
            total = sum((Decimal(w) for w in weights.values()), Decimal(0))
            if total != 100:
                errors["weights"] = f"各维度权重之和应为100，当前为{total}"
    tiers = []
    for i, t in enumerate(data.get("tiers") or []):
        low = to_decimal(t.get("min"))
        tier_name = str(t.get("name") or "").strip()
        if low is None or not (0 <= low <= 100) or not tier_name:
            errors["tiers"] = f"第{i + 1}个等级：应填写0–100的分数线和等级名称"
            break
        tiers.append({"min": str(low), "name": tier_name, "literate": bool(t.get("literate"))})
    if "tiers" not in errors:
        mins = [Decimal(t["min"]) for t in tiers]
        if not tiers or min(mins) != 0:
            errors["tiers"] = "最低一个等级的分数线应为0"
        elif len(set(mins)) != len(mins) or len({t["name"] for t in tiers}) != len(tiers):
            errors["tiers"] = "等级的分数线和名称不能重复"
        elif not any(t["literate"] for t in tiers):
            errors["tiers"] = "至少一个等级应计为“具备科学素质”"
    if errors:
        raise AssessmentError(errors)
    tiers.sort(key=lambda t: Decimal(t["min"]), reverse=True)
    return {
        "name": name,
        "method": method,
        "weights": weights,
        "tiers": tiers,
        "description": str(data.get("description") or "").strip(),
    }


def scheme_save(
    *,
    actor: Actor,
    scheme: LiteracyScheme | None,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> LiteracyScheme:
    """Create (scheme=None) or change a scheme. Schemes are platform-wide: only roles that
    manage (admin) may write them, and only the platform operator may change built-in ones."""
    access.require(actor, access.MANAGE)
    if scheme is not None and scheme.is_builtin and not actor.is_superuser:
        raise access.Forbidden("系统内置方案只能由平台管理员修改")
    clean = clean_scheme(data)
    before = {} if scheme is None else {k: getattr(scheme, k) for k in clean}
    with transaction.atomic():
        if scheme is None:
            code = str(data.get("code") or "").strip()
            if not code or LiteracyScheme.objects.filter(code=code).exists():
                raise AssessmentError({"code": "编码为必填项且不能与已有方案重复"})
            scheme = LiteracyScheme(code=code[:40])
        for key, value in clean.items():
            setattr(scheme, key, value)
        scheme.save()
        action = "scheme.update" if before else "scheme.create"
        changes = {k: [before.get(k), v] for k, v in clean.items() if before.get(k) != v}
        audit_object(
            actor,
            action,
            scheme,
            changes,
            request,
            target_type="literacy_scheme",
            label=scheme.name,
            org=getattr(actor, "org", None),  # schemes are platform-wide: the author's unit
        )
    return scheme
