"""Reads of 科学素质测评: scoped lists and lookups, the assessed members of a scope (latest
submitted attempt per member in the period), the roster's distribution over weighting cells
(from the members app's roster roll-up) and `latest_tiers` for the archive's bulk export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.national import EDUCATION_GROUPS
from kesu.assessment.schemes import ensure_builtin
from kesu.assessment.scoring import Result, SchemeRule
from kesu.assessment.weighting import Cell
from kesu.core.actors import Actor
from kesu.core.dates import day_bounds
from kesu.members import tally
from kesu.members.ages import age_band
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt, Paper

DONE = (Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED)


def scheme_list() -> QuerySet[LiteracyScheme]:
    ensure_builtin()
    return LiteracyScheme.objects.all()


def _visible(user: Actor, action: str) -> QuerySet[LiteracyAssessment]:
    """Assessments of the user's subtree; for reading also those of the user's ancestors
    (a township sees the district's assessment for its own part of the audience)."""
    qs = LiteracyAssessment.objects.select_related("org", "scheme", "paper")
    if not access.can(user, action):
        return qs.none()
    prefix = access.scope_path(user)
    if prefix is None:
        return qs
    mine = Q(org__path__startswith=prefix)
    if action == access.VIEW:
        parts = [p for p in prefix.split("/") if p]
        ancestors = ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]
        mine |= Q(org__path__in=ancestors)
    return qs.filter(mine)


def assessment_list(*, user: Actor, org: Organization | None = None) -> QuerySet:
    qs = _visible(user, access.VIEW)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.order_by("-period_end", "-id")


def assessment_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> LiteracyAssessment:
    try:
        return _visible(user, action).get(pk=pk)
    except (LiteracyAssessment.DoesNotExist, ValueError, TypeError):
        raise access.NotFound() from None


def results_org(*, user: Actor, assessment: LiteracyAssessment, code: str | None) -> Organization:
    """The organisation whose results are asked for: in the user's scope (else 404) and in
    the assessment's audience; by default the deeper of the assessment's and the user's."""
    if not code:
        own = getattr(user, "org", None)
        if own is not None and not user.is_superuser and own.path.startswith(assessment.org.path):
            return own
        return assessment.org
    org = access.get_org_for_user(user, code)
    if not org.path.startswith(assessment.org.path):
        raise OutsideAudience(f"{org.name}不在本测评的范围（{assessment.org.name}及下级）内")
    return org


class OutsideAudience(ValueError):
    """A visible organisation that the assessment was not given to."""


# ---------------------------------------------------------------- roster cells


def roster_education_group(code: str) -> str:
    """A roster member's education as a weighting group: the national group, "unknown" when
    not filled in, and any other code as it is."""
    return EDUCATION_GROUPS.get(code, code)


def roster_cells(org: Organization, on: dt.date) -> dict[Cell, int]:
    """Active members of `org`'s subtree aged 18+ at `on`, counted per (gender, age band,
    education group): read from the members app's roster roll-up (exact, kept by database
    triggers; tens of milliseconds for a million members)."""
    return tally.roster_cells(org, on, education_group=roster_education_group)


# ---------------------------------------------------------------- respondents


@dataclass(frozen=True)
class Respondent:
    member_id: int
    attempt_id: int
    submitted_at: dt.datetime
    gender: str
    birth_date: dt.date
    education: str  # national group (EDUCATION_GROUPS)
    migrant: bool
    org_path: str
    result: Result | None  # None: the attempt has nothing the scheme can score

    def cell(self, on: dt.date) -> Cell | None:
        band = age_band(self.birth_date, on)
        return None if band == "-17" else (self.gender, band, self.education)


def latest_per_member(attempts: QuerySet) -> QuerySet:
    """Of `attempts` (submitted ones, or the literacy roll-up's rows of them), each member's
    latest — by submission time, then id — in member order. PostgreSQL: DISTINCT ON
    (member_id) over one sort of the attempts; elsewhere: those with no later one among the
    same attempts (NOT EXISTS)."""
    if connections[attempts.db].vendor == "postgresql":
        return attempts.order_by("member_id", "-submitted_at", "-pk").distinct("member_id")
    later = attempts.filter(
        Q(submitted_at__gt=OuterRef("submitted_at"))
        | Q(submitted_at=OuterRef("submitted_at"), pk__gt=OuterRef("pk")),
        member_id=OuterRef("member_id"),
    )
    return attempts.filter(~Exists(later.values("pk"))).order_by("member_id")


def latest_attempts(
    assessment: LiteracyAssessment, org: Organization, date_from: dt.date, date_to: dt.date
) -> QuerySet[Attempt]:
    """Of the members of `org`'s subtree (by their current organisation) with a submitted
    attempt on the assessment's paper in the period, each one's latest (re-sits replace
    earlier results; the latest reflects the member now)."""
    start, end = day_bounds(date_from, date_to)
    attempts = Attempt.objects.filter(
        paper_id=assessment.paper_id,
        status__in=DONE,
        submitted_at__gte=start,
        submitted_at__lt=end,
        member__org__path__startswith=org.path,
    )
    return latest_per_member(attempts)


def attempts_fingerprint(assessment: LiteracyAssessment) -> tuple:
    """Changes whenever an attempt on the paper is added, submitted or removed, or the
    paper is edited: the key under which figures read from its attempts are remembered."""
    figures = Attempt.objects.filter(paper_id=assessment.paper_id).aggregate(
        n=Count("id"), last=Max("id"), at=Max("submitted_at")
    )
    paper = Paper.objects.filter(pk=assessment.paper_id).values_list("updated_at", flat=True)
    return (figures["n"], figures["last"], figures["at"], paper.first())


def respondents(
    assessment: LiteracyAssessment, org: Organization, date_from: dt.date, date_to: dt.date
) -> list[Respondent]:
    """The members of `latest_attempts`, each with their latest attempt's result."""
    rows = latest_attempts(assessment, org, date_from, date_to).values_list(
        "member_id",
        "id",
        "submitted_at",
        "dimension_scores",
        "score",
        "max_score",
        "member__gender",
        "member__birth_date",
        "member__education",
        "member__is_migrant_worker",
        "member__org__path",
    )
    rule = SchemeRule(assessment.scheme)
    out = []
    # Fetched at once: a server-side cursor makes PostgreSQL plan for the first rows (a walk
    # in member order) instead of one sort of the period's attempts.
    for row in rows:
        mid, aid, at, dims, score, max_score, gender, birth, edu, migrant, path = row
        out.append(
            Respondent(
                mid,
                aid,
                at,
                gender,
                birth,
                EDUCATION_GROUPS.get(edu or "", "unknown"),
                migrant,
                path,
                rule.evaluate(dims, score, max_score),
            )
        )
    return out


# ---------------------------------------------------------------- members' latest tiers


def assessment_for_attempts(paper_ids: Iterable[int]) -> dict[int, LiteracyAssessment]:
    """paper → the assessment that scores its attempts (the latest one on that paper)."""
    found: dict[int, LiteracyAssessment] = {}
    qs = LiteracyAssessment.objects.filter(paper_id__in=set(paper_ids)).select_related("scheme")
    for a in qs.order_by("period_end", "id"):
        found[a.paper_id] = a
    return found


IN_LIST_MAX = 2000


def latest_tiers(member_ids: Iterable[int]) -> dict[int, tuple[str, dt.date, bool]]:
    """member_id → (tier name, date, is_literate) of the member's latest submitted attempt on
    any assessment's paper. Set-based (one query over attempts); members without a scored
    attempt are absent."""
    ids = list(set(member_ids))
    if not ids:
        return {}
    papers = LiteracyAssessment.objects.values_list("paper_id", flat=True)
    attempts = Attempt.objects.filter(
        status__in=DONE, paper_id__in=papers, submitted_at__isnull=False
    )
    # A long id list makes a slow IN (…) of tens of thousands of parameters: past a few
    # thousand members, read the assessment attempts once and keep the wanted ones.
    if len(ids) <= IN_LIST_MAX:
        attempts = attempts.filter(member_id__in=ids)
    rows = attempts.order_by("member_id", "submitted_at", "id").values_list(
        "member_id", "paper_id", "submitted_at", "dimension_scores", "score", "max_score"
    )
    wanted = set(ids)
    latest: dict[int, tuple] = {}
    for row in rows.iterator(chunk_size=5000):
        if row[0] in wanted:
            latest[row[0]] = row
    by_paper = assessment_for_attempts(r[1] for r in latest.values())
    rules: dict[int, SchemeRule] = {}
    out: dict[int, tuple[str, dt.date, bool]] = {}
    for member_id, paper_id, at, dims, score, max_score in latest.values():
        scheme = by_paper[paper_id].scheme
        rule = rules.setdefault(scheme.pk, SchemeRule(scheme))
        result = rule.evaluate(dims, score, max_score)
        if result is not None:
            out[member_id] = (result.tier, timezone.localtime(at).date(), result.is_literate)
    return out
