"""Writes of 抽样设计: draw the sample of an assessment, replace a sampled member from the
reserve, remind those who have not answered. Each checks scope and role and writes its audit
row in the same transaction. `sample_plan` is the calculator the draw uses (no writes)."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.assessment import sample_selectors as ss
from kesu.assessment.design import (
    CONFIDENCES,
    Plan,
    allocate,
    draw,
    kish_deff,
    neyman_sd,
    plan_size,
)
from kesu.assessment.models import LiteracyAssessment, SampleDesign, SampleMember, SampleReminder
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access

SEED_MAX = 2**53 - 1  # exact in JSON numbers too
LABELS: dict[str, str] = {
    "stratify_by": "分层方式",
    "allocation": "分配方式",
    "size": "样本量",
    "margin_points": "目标误差",
    "confidence": "置信度",
    "response_rate": "预计应答率",
    "min_per_stratum": "每层最少人数",
    "reserve_per_stratum": "每层备选人数",
    "seed": "随机种子",
    "reason": "替换原因",
    "note": "提醒内容",
}


class SampleError(ServiceError):
    """A draw, replacement or reminder refused (Chinese message, field errors)."""


def _int(
    data: dict[str, Any],
    key: str,
    low: int,
    high: int,
    errors: dict[str, str],
    default: int | None = None,
) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        errors[key] = f"应为{low}到{high}之间的整数"
        return None
    return number


@dataclass(frozen=True)
class Params:
    stratify_by: str
    allocation: str
    size: int | None
    margin_points: Decimal | None
    confidence: int
    response_rate: int
    min_per_stratum: int
    reserve_per_stratum: int
    seed: int | None


def clean_params(data: dict[str, Any]) -> Params:
    errors: dict[str, str] = {}
    by = str(data.get("stratify_by") or "unit")
    if by not in SampleDesign.Stratify.values:
        errors["stratify_by"] = "分层方式无效"
    allocation = str(data.get("allocation") or "proportional")
    if allocation not in SampleDesign.Allocation.values:
        errors["allocation"] = "分配方式无效"
    size = _int(data, "size", 1, 1_000_000, errors)
    margin = None
    if data.get("margin_points") not in (None, ""):
        try:
            margin = Decimal(str(data["margin_points"])).quantize(Decimal("0.1"))
        except ArithmeticError:
            margin = None
        if margin is None or not Decimal("0.5") <= margin <= Decimal(20):
            errors["margin_points"] = "目标误差应在0.5到20个百分点之间"
    if size is None and margin is None and not errors:
        errors["size"] = "请填写样本量，或填写目标误差由系统估算"
    confidence = _int(data, "confidence", 0, 100, errors, 95) or 95
    if confidence not in CONFIDENCES:
        errors["confidence"] = "置信度应为90%、95%或99%"
    rate = _int(data, "response_rate", 10, 100, errors, 100) or 100
    minimum = _int(data, "min_per_stratum", 0, 10_000, errors, 0) or 0
    reserve = _int(data, "reserve_per_stratum", 0, 1_000, errors, 0) or 0
    seed = _int(data, "seed", 0, SEED_MAX, errors)
    if errors:
        raise SampleError(errors)
    return Params(by, allocation, size, margin, confidence, rate, minimum, reserve, seed)


@dataclass
class Proposal:
    """The calculator's answer for an assessment (before anything is drawn)."""

    params: Params
    strata: ss.Strata
    frame: dict[str, list[int]]
    population: dict[str, int]
    sd: dict[str, float] | None
    prior: LiteracyAssessment | None
    plan: Plan | None  # when a margin was given
    n: int
    allocation: dict[str, int]
    deff: float


def sample_plan(*, assessment: LiteracyAssessment, data: dict[str, Any]) -> Proposal:
    """Frame, strata, Neyman's S_h (from the prior assessment's shares), the size for the
    margin (or the size given) and the allocation."""
    p = clean_params(data)
    strata = ss.Strata(assessment.org, p.stratify_by, assessment.period_end)
    frame = ss.sampling_frame(assessment.org, assessment.period_end, strata)
    if not frame:
        raise SampleError("抽样框为空：本组织及下级没有18岁及以上的在册会员", field="size")
    population = {k: len(frame[k]) for k in sorted(frame)}
    sd, prior = None, None
    if p.allocation == SampleDesign.Allocation.NEYMAN:
        prior = ss.prior_assessment(assessment)
        shares = ss.prior_shares(prior, strata) if prior else {"": 0.5}
        sd = {k: neyman_sd(shares.get(k, shares[""])) for k in population}
    plan = None
    if p.margin_points is not None:
        plan = plan_size(
            population,
            margin_points=float(p.margin_points),
            confidence=p.confidence,
            response_rate=p.response_rate / 100,
            sd=sd,
            minimum=p.min_per_stratum,
        )
    n = min(p.size if p.size is not None else plan.n, sum(population.values()))  # type: ignore[union-attr]
    alloc = allocate(population, n, sd=sd, minimum=p.min_per_stratum)
    return Proposal(
        p, strata, frame, population, sd, prior, plan, n, alloc, kish_deff(population, alloc)
    )


def sample_draw(
    *,
    actor: Actor,
    assessment: LiteracyAssessment,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> SampleDesign:
    """Draw the assessment's sample and reserve from the roster of its organisation (once per
    assessment). The seed (random when not given) is stored and audited."""
    access.ensure_org_in_scope(actor, assessment.org, access.CHANGE)
    if ss.design_for(assessment) is not None:
        raise SampleError("本测评已经抽样，不能重复抽样", code="already_drawn")
    prop = sample_plan(assessment=assessment, data=data)
    p = prop.params
    seed = p.seed if p.seed is not None else secrets.randbelow(SEED_MAX)
    picked = draw(prop.frame, prop.allocation, reserve=p.reserve_per_stratum, seed=seed)
    now = timezone.now()
    strata = [
        {
            "key": k,
            "label": prop.strata.label(k),
            "population": prop.population[k],
            "sd": None if prop.sd is None else round(prop.sd[k], 6),
            "allocated": len(picked.get(k, ([], []))[0]),
            "reserve": len(picked.get(k, ([], []))[1]),
        }
        for k in prop.population
    ]
    with transaction.atomic():
        # one draw per assessment, also when two arrive at once: the second waits, then refuses
        LiteracyAssessment.objects.select_for_update().filter(pk=assessment.pk).first()
        if SampleDesign.objects.filter(assessment=assessment).exists():
            raise SampleError("本测评已经抽样，不能重复抽样", code="already_drawn")
        # the parameters as asked, with the size and the seed as drawn
        asked = asdict(p) | {"size": prop.n, "seed": seed}
        design = SampleDesign.objects.create(
            assessment=assessment,
            **asked,
            frame_on=assessment.period_end,
            frame_size=sum(prop.population.values()),
            deff=prop.deff,
            prior=prop.prior,
            strata=strata,
            drawn_by=actor if getattr(actor, "pk", None) else None,
        )
        SampleMember.objects.bulk_create(
            SampleMember(
                design=design,
                member_id=m,
                stratum=key,
                position=i,
                drawn_as=status,
                status=status,
                invited_at=now if status == SampleMember.Status.SAMPLED else None,
            )
            for key, (sample, reserve) in picked.items()
            for i, (m, status) in enumerate(
                [(m, SampleMember.Status.SAMPLED) for m in sample]
                + [(m, SampleMember.Status.RESERVE) for m in reserve]
            )
        )
        _audit(
            actor,
            "assessment.sample_draw",
            assessment,
            request,
            {
                "seed": seed,
                "stratify_by": p.stratify_by,
                "allocation": p.allocation,
                "size": design.size,
                "frame": design.frame_size,
                "min_per_stratum": p.min_per_stratum,
                "reserve_per_stratum": p.reserve_per_stratum,
                "strata": len(strata),
                "deff": round(prop.deff, 4),
            },
        )
    return design


def _audit(
    actor: Actor,
    action: str,
    assessment: LiteracyAssessment,
    request: HttpRequest | None,
    changes: dict[str, Any],
    org: Any = None,
) -> None:
    """The audit row of a sampling step, on the assessment (in the organisation `org`, by
    default the assessment's)."""
    audit_object(actor, action, assessment, changes, request, target_type="assessment", org=org)


def _pending(sm: SampleMember) -> bool:
    return sm.status == SampleMember.Status.SAMPLED and not ss.answered_ids(
        sm.design.assessment, [sm.member_id]
    )


def sample_replace(
    *, actor: Actor, sample_member: SampleMember, reason: str, request: HttpRequest | None = None
) -> SampleMember:
    """Replace a sampled member who cannot take part by the next reserve of the same stratum
    (in the order drawn); returns the replacement."""
    access.ensure_org_in_scope(actor, sample_member.member.org, access.CHANGE)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise SampleError("请填写替换原因（最多200个字符）", field="reason")
    with transaction.atomic():
        sm = (
            SampleMember.objects.select_for_update()
            .select_related("design__assessment", "member")
            .get(pk=sample_member.pk)
        )
        if not _pending(sm):
            raise SampleError("只能替换尚未作答的入样会员", field="reason")
        reserve = (
            SampleMember.objects.select_for_update()
            .filter(design_id=sm.design_id, stratum=sm.stratum, status=SampleMember.Status.RESERVE)
            .order_by("position")
            .first()
        )
        if reserve is None:
            raise SampleError("该层的备选名单已用完，无法替换", field="reason")
        now = timezone.now()
        reserve.status, reserve.invited_at = SampleMember.Status.SAMPLED, now
        reserve.save(update_fields=["status", "invited_at"])
        sm.status, sm.replaced_by, sm.replaced_reason, sm.replaced_at = (
            SampleMember.Status.REPLACED,
            reserve,
            reason,
            now,
        )
        sm.save(update_fields=["status", "replaced_by", "replaced_reason", "replaced_at"])
        changes = {
            "replaced": sm.member_id,
            "by": reserve.member_id,
            "stratum": sm.stratum,
            "reason": reason,
        }
        _audit(
            actor,
            "assessment.sample_replace",
            sm.design.assessment,
            request,
            changes,
            org=sm.member.org,
        )
    return reserve


def sample_remind(
    *,
    actor: Actor,
    design: SampleDesign,
    ids: list[int] | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> int:
    """Record a reminder for each sampled member in the actor's scope who has not answered
    (only those of `ids`, sample-member ids, when given); returns how many were reminded."""
    access.require(actor, access.CHANGE)  # the members reminded are those in the actor's scope
    note = (note or "").strip()
    if len(note) > 200:
        raise SampleError("提醒内容最多200个字符", field="note")
    qs = access.restrict(
        design.members.filter(status=SampleMember.Status.SAMPLED),
        actor,
        access.CHANGE,
        org_field="member__org",
    )
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    rows = list(qs.values_list("pk", "member_id"))
    done = ss.answered_ids(design.assessment, [m for _pk, m in rows])
    targets = [pk for pk, m in rows if m not in done]
    if not targets:
        raise SampleError("没有需要提醒的会员（所选会员均已作答或不在您的管理范围内）")
    who = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        SampleReminder.objects.bulk_create(
            SampleReminder(sample_member_id=pk, note=note, sent_by=who) for pk in targets
        )
        changes = {"reminded": len(targets), "note": note}
        org = getattr(actor, "org", None) or design.assessment.org  # the reminder's sender's
        _audit(actor, "assessment.sample_remind", design.assessment, request, changes, org=org)
    return len(targets)
