"""Writes to contests and certificates. Each checks scope, validates
(kesu.contests.validation) and writes its audit row in the same transaction."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from kesu.audit.services import diff
from kesu.audit.writes import audit_changes, audit_object
from kesu.contests.models import Certificate, Contest
from kesu.contests.validation import ContestError, check_whole, clean_contest
from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Paper

__all__ = [
    "ContestError",
    "contest_create",
    "contest_update",
    "contest_set_status",
    "certificate_issue",
]

_AUDITED = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "status",
    "prize_rules",
    "weight_participation",
    "weight_average",
    "weight_high_score",
    "high_score_percent",
)


def _snapshot(contest: Contest) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _AUDITED:
        value = getattr(contest, key)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        out[key] = value
    out["org"] = contest.org.code
    out["paper"] = contest.paper_id
    return out


def _paper_for(actor: Actor, org: Organization | None, paper_id: Any) -> Paper:
    """The contest's paper: visible to the actor, meant for contests, of the same
    organisation (its audience is the contest's eligible subtree) and not used elsewhere."""
    if paper_id in (None, ""):
        raise ContestError({"paper": "请选择竞赛试卷"})
    try:
        paper = access.get_for_user(
            Paper.objects.select_related("org"), actor, access.CHANGE, pk=int(str(paper_id))
        )
    except (access.NotFound, TypeError, ValueError):
        raise ContestError({"paper": "试卷不存在或无权使用"}) from None
    if paper.purpose != Paper.Purpose.CONTEST:
        raise ContestError({"paper": f"试卷“{paper.title}”的用途不是知识竞赛"})
    if org is not None and paper.org_id != org.pk:
        raise ContestError(
            {
                "paper": (
                    f"试卷“{paper.title}”属于{paper.org.name}，与主办组织{org.name}不一致："
                    "竞赛的参赛范围就是试卷的适用范围，请选用主办组织的竞赛试卷"
                )
            }
        )
    if Contest.objects.filter(paper=paper).exists():
        raise ContestError({"paper": f"试卷“{paper.title}”已用于另一场竞赛"})
    return paper


@transaction.atomic
def contest_create(
    *,
    actor: Actor,
    data: dict[str, Any],
    org: Organization | None = None,
    request: HttpRequest | None = None,
) -> Contest:
    """Create a contest on the paper `data["paper"]` (a paper id) for `org`, by default the
    paper's organisation (whose subtree is the paper's audience)."""
    access.require(actor, access.CHANGE)
    if org is not None:
        access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean, errors = clean_contest(data)
    paper = None
    try:
        paper = _paper_for(actor, org, data.get("paper"))
        org = org or paper.org
    except ContestError as exc:
        errors = {**exc.errors, **errors}
    if errors or org is None:
        raise ContestError(errors)
    contest = Contest(
        org=org, paper=paper, created_by=actor if getattr(actor, "pk", None) else None, **clean
    )
    errors = check_whole(contest)
    if errors:
        raise ContestError(errors)
    try:
        with transaction.atomic():
            contest.save()
    except IntegrityError:
        raise ContestError({"paper": "该试卷已用于另一场竞赛"}) from None
    _sync_paper(actor, contest, request)
    audit_object(
        actor,
        "contest.create",
        contest,
        diff({}, _snapshot(contest)),
        request,
        label=contest.title,
        org=org,
    )
    return contest


@transaction.atomic
def contest_update(
    *, actor: Actor, contest: Contest, data: dict[str, Any], request: HttpRequest | None = None
) -> Contest:
    """Change the plain fields; the organisation and the paper stay (attempts depend on them)."""
    access.ensure_org_in_scope(actor, contest.org, access.CHANGE)
    contest = Contest.objects.select_for_update().select_related("org").get(pk=contest.pk)
    before = _snapshot(contest)
    fixed = {
        k: "创建后不能修改"
        for k in ("org", "paper")
        if k in data
        and data[k] not in (None, "")
        and str(data[k]) not in (contest.org.code, str(contest.paper_id))
    }
    clean, errors = clean_contest(data, partial=True)
    errors = {**fixed, **errors}
    if errors:
        raise ContestError(errors)
    for key, value in clean.items():
        setattr(contest, key, value)
    errors = check_whole(contest)
    if errors:
        raise ContestError(errors)
    contest.save()
    _sync_paper(actor, contest, request)
    after = _snapshot(contest)
    audit_changes(actor, "contest.update", contest, before, after, request, label=contest.title)
    return contest


def _sync_paper(actor: Actor, contest: Contest, request: HttpRequest | None) -> None:
    from kesu.contests.setup import sync_paper  # setup builds on this module

    sync_paper(actor=actor, contest=contest, request=request)


@transaction.atomic
def contest_set_status(
    *, actor: Actor, contest: Contest, status: str, request: HttpRequest | None = None
) -> Contest:
    """Publish (发布) or close (结束) a contest, with its paper; closing makes the ranks and
    prizes final."""
    if status not in (Contest.Status.PUBLISHED, Contest.Status.CLOSED):
        raise ContestError({"status": "状态无效"})
    return contest_update(actor=actor, contest=contest, data={"status": status}, request=request)


def _new_code(contest: Contest) -> str:
    return f"KS{contest.pk:05d}-{secrets.token_hex(4).upper()}"


def certificate_issue(
    *, contest: Contest, member: Member, kind: str, prize: str = ""
) -> Certificate:
    """The member's certificate of `kind`, issued once (same code on every download); a prize
    certificate follows the live ranking's current prize."""
    cert = Certificate.objects.filter(contest=contest, member=member, kind=kind).first()
    if cert is None:
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    return Certificate.objects.create(
                        contest=contest,
                        member=member,
                        kind=kind,
                        prize=prize,
                        code=_new_code(contest),
                    )
            except IntegrityError:
                cert = Certificate.objects.filter(contest=contest, member=member, kind=kind).first()
                if cert is not None:
                    break
        if cert is None:
            raise RuntimeError("certificate code collision")
    if cert.prize != prize:
        cert.prize = prize
        cert.save(update_fields=["prize"])
    return cert
