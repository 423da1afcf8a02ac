"""Reads of 抽样设计: the sampling frame (current members aged 18+ of the organisation's
subtree, each with its stratum), a design's members with who has answered, the design-based
results (response rates, weights, interval) and `pending_invitations(member)` for the
member's pages. The arithmetic is kesu.assessment.design."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from kesu.assessment import selectors
from kesu.assessment.design import (
    Rate,
    design_weights,
    poststratify_weighted,
    response_rates,
)
from kesu.assessment.models import LiteracyAssessment, SampleDesign, SampleMember, SampleReminder
from kesu.assessment.national import EDUCATION_GROUP_NAMES, EDUCATION_GROUPS
from kesu.assessment.results import DEFAULT_MIN_N, child_path
from kesu.assessment.weighting import Estimate, estimate
from kesu.core.dates import day_bounds
from kesu.core.text import mask_name
from kesu.members.ages import age_band, years_before
from kesu.members.choices import AGE_BANDS, MemberStatus
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt

INVITE_SALT = "kesu.assessment.invite"
GENDER_NAMES = {"M": "男", "F": "女"}
AGE_NAMES = {code: str(name) for code, name, _lo, _hi in AGE_BANDS}


# ---------------------------------------------------------------- frame


class Strata:
    """Stratum key and label of a frame member under one way of stratifying."""

    def __init__(self, org: Organization, stratify_by: str, on: dt.date) -> None:
        self.org, self.by, self.on = org, stratify_by, on
        self.units = dict(Organization.objects.filter(parent=org).values_list("path", "name"))
        self.units[org.path] = f"{org.name}（本级）"

    def key(self, path: str, gender: str, birth: dt.date, edu_group: str) -> str:
        unit = child_path(path, self.org.path)
        cell = f"{gender}|{age_band(birth, self.on)}|{edu_group}"
        return {"unit": unit, "cells": cell}.get(self.by, f"{unit}#{cell}")

    def label(self, key: str) -> str:
        if self.by == "unit":
            return self.units.get(key, key)
        unit, _sep, cell = key.rpartition("#")
        g, band, edu = (cell.split("|") + ["", ""])[:3]
        text = (
            f"{GENDER_NAMES.get(g, g)}·{AGE_NAMES.get(band, band)}·"
            f"{EDUCATION_GROUP_NAMES.get(edu, edu)}"
        )
        return f"{self.units.get(unit, unit)} · {text}" if unit else text


def sampling_frame(org: Organization, on: dt.date, strata: Strata) -> dict[str, list[int]]:
    """stratum → ids of the active members of `org`'s subtree aged 18 or more at `on`."""
    rows = Member.objects.filter(
        org__path__startswith=org.path,
        status=MemberStatus.ACTIVE,
        birth_date__lte=years_before(on, 18),
    ).values_list("id", "org__path", "gender", "birth_date", "education")
    frame: dict[str, list[int]] = defaultdict(list)
    for pk, path, gender, birth, edu in rows.iterator(chunk_size=5000):
        group = EDUCATION_GROUPS.get(edu or "", "unknown")
        frame[strata.key(path, gender, birth, group)].append(pk)
    return dict(frame)


def prior_assessment(assessment: LiteracyAssessment) -> LiteracyAssessment | None:
    """The latest earlier assessment of the same organisation (for Neyman's S_h)."""
    return (
        LiteracyAssessment.objects.filter(
            org_id=assessment.org_id, period_end__lt=assessment.period_start
        )
        .select_related("scheme")
        .order_by("-period_end", "-id")
        .first()
    )


def prior_shares(prior: LiteracyAssessment, strata: Strata, *, min_n: int = 10) -> dict[str, float]:
    """stratum → literate share among the prior assessment's respondents (strata with fewer
    than `min_n` get the prior's overall share; key "" holds that overall share)."""
    rows = selectors.respondents(prior, strata.org, prior.period_start, prior.period_end)
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    overall = [0, 0]
    for r in rows:
        if r.result is None or age_band(r.birth_date, strata.on) == "-17":
            continue
        pair = hits[strata.key(r.org_path, r.gender, r.birth_date, r.education)]
        for p in (pair, overall):
            p[0] += r.result.is_literate
            p[1] += 1
    share = overall[0] / overall[1] if overall[1] else 0.5
    out = {k: v[0] / v[1] for k, v in hits.items() if v[1] >= min_n}
    out[""] = share
    return out


# ---------------------------------------------------------------- a design's members


def design_for(assessment: LiteracyAssessment) -> SampleDesign | None:
    return SampleDesign.objects.filter(assessment=assessment).first()


def answered_ids(assessment: LiteracyAssessment, member_ids: list[int]) -> set[int]:
    """Of `member_ids`, those with a submitted attempt on the paper in the period."""
    start, end = day_bounds(assessment.period_start, assessment.period_end)
    found: set[int] = set()
    for i in range(0, len(member_ids), 2000):
        found.update(
            Attempt.objects.filter(
                paper_id=assessment.paper_id,
                status__in=selectors.DONE,
                submitted_at__gte=start,
                submitted_at__lt=end,
                member_id__in=member_ids[i : i + 2000],
            ).values_list("member_id", flat=True)
        )
    return found


@dataclass
class Tracked:
    sm: SampleMember
    name: str  # masked
    stratum_label: str
    answered: bool
    reminders: list[SampleReminder] = field(default_factory=list)


def tracking(
    design: SampleDesign, *, pending_only: bool = False, scope: str | None = None
) -> list[Tracked]:
    """The design's members (masked names) with whether each has answered and the reminders;
    `scope` (a path prefix, None: all) keeps the members of that subtree only."""
    qs = design.members.select_related("member", "replaced_by__member").prefetch_related(
        Prefetch("reminders", queryset=SampleReminder.objects.order_by("-sent_at", "-id"))
    )
    if scope is not None:
        qs = qs.filter(member__org__path__startswith=scope)
    rows = list(qs)
    done = answered_ids(design.assessment, [r.member_id for r in rows])
    labels = {s["key"]: s["label"] for s in design.strata}
    out = [
        Tracked(
            r,
            mask_name(r.member.name),
            labels.get(r.stratum, r.stratum),
            r.member_id in done,
            list(r.reminders.all()),
        )
        for r in rows
    ]
    if pending_only:
        out = [t for t in out if t.sm.status == SampleMember.Status.SAMPLED and not t.answered]
    return out


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class DesignResults:
    design: SampleDesign
    overall_rate: Rate
    rates: list[Rate]
    estimate: Estimate
    deff: float | None
    unscored: int


def design_results(design: SampleDesign, *, min_n: int = DEFAULT_MIN_N) -> DesignResults:
    """Response rates by stratum and overall; the literate share weighted by N_h / r_h and
    post-stratified to the roster's cells, with its interval at Kish's n_eff."""
    a = design.assessment
    rows = list(
        design.members.exclude(status=SampleMember.Status.RESERVE).values_list(
            "member_id", "stratum", "status"
        )
    )
    active = {m: s for m, s, st in rows if st == SampleMember.Status.SAMPLED}
    found = {
        r.member_id: r
        for r in selectors.respondents(a, a.org, a.period_start, a.period_end)
        if r.member_id in active
    }
    labels = {s["key"]: s["label"] for s in design.strata}
    overall, per = response_rates(
        [(s, st == SampleMember.Status.SAMPLED, m in found) for m, s, st in rows], labels
    )
    scored = [r for r in found.values() if r.result is not None]
    population = {s["key"]: s["population"] for s in design.strata}
    base = design_weights([active[r.member_id] for r in scored], population)
    weights = poststratify_weighted(
        [r.cell(a.period_end) for r in scored], base, selectors.roster_cells(a.org, a.period_end)
    )
    est = estimate(
        [r.result.is_literate for r in scored],
        weights,  # type: ignore[union-attr]
        min_n=min_n,
    )
    deff = est.n / est.n_eff if est.n_eff else None
    return DesignResults(design, overall, per, est, deff, len(found) - len(scored))


# ---------------------------------------------------------------- invitations


def invite_token(assessment: LiteracyAssessment) -> str:
    return signing.dumps(assessment.pk, salt=INVITE_SALT)


def invite_assessment(token: str) -> LiteracyAssessment | None:
    try:
        pk = signing.loads(token, salt=INVITE_SALT)
    except signing.BadSignature:
        return None
    return LiteracyAssessment.objects.select_related("paper", "org").filter(pk=pk).first()


@dataclass(frozen=True)
class Invitation:
    assessment_id: int
    title: str
    org_name: str
    period_end: dt.date
    url: str
    reminders: list[dt.datetime]


def pending_invitations(member: Any, *, today: dt.date | None = None) -> list[Invitation]:
    """The open assessments `member` was sampled for and has not answered yet, with the
    dates they were reminded (newest first)."""
    if member is None:
        return []
    today = today or timezone.localdate()
    rows = (
        SampleMember.objects.filter(
            member=member,
            status=SampleMember.Status.SAMPLED,
            design__assessment__period_start__lte=today,
            design__assessment__period_end__gte=today,
        )
        .select_related("design__assessment__org")
        .prefetch_related("reminders")
    )
    out = []
    for sm in rows:
        a = sm.design.assessment
        if member.pk in answered_ids(a, [member.pk]):
            continue
        out.append(
            Invitation(
                a.pk,
                a.title,
                a.org.name,
                a.period_end,
                reverse("quiz:take", args=[a.paper_id]),
                sorted((r.sent_at for r in sm.reminders.all()), reverse=True),
            )
        )
    return out
