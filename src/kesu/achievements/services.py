"""Writes to achievements and honours. Each checks scope, validates
(kesu.achievements.validation) and writes its audit row in the same transaction."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.achievements.choices import TEAM_HONOURS, ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.achievements.validation import AchievementError, clean_achievement, clean_honour
from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import lock_in_scope, org_to_write

__all__ = ["AchievementError"]

_FIELDS = {
    "achievement": ("kind", "title", "achieved_on", "level", "description", "status"),
    "honour": ("kind", "title", "level", "year", "team_name", "awarding_body", "notes"),
}


def _snapshot(kind: str, obj: Any, members: list[Member] | None = None) -> dict[str, Any]:
    out = {f: getattr(obj, f) for f in _FIELDS[kind]}
    out = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in out.items()}
    out["org"] = obj.org.code
    if members is not None:
        out["members"] = sorted(m.pk for m in members)
    elif obj.pk:
        out["members"] = sorted(obj.members.values_list("pk", flat=True))
    return out


def _resolve_members(actor: Actor, org: Organization, value: Any) -> list[Member]:
    """Members named by id (digits) or by name, inside `org`'s subtree and the actor's scope."""
    if value in (None, ""):
        return []
    tokens = value if isinstance(value, list | tuple) else re.split(r"[,，、;；\s]+", str(value))
    tokens = [str(t).strip() for t in tokens if str(t).strip()]
    visible = access.restrict(Member.objects.filter(org__path__startswith=org.path), actor)
    found: dict[int, Member] = {}
    problems: list[str] = []
    for token in tokens:
        if token.isdigit():
            member = visible.filter(pk=int(token)).first()
            if member is None:
                problems.append(f"会员编号 {token} 不在本组织范围内")
                continue
        else:
            matches = list(visible.filter(name=token)[:2])
            if not matches:
                problems.append(f"“{token}”不在本组织名册中")
                continue
            if len(matches) > 1:
                problems.append(f"“{token}”有重名，请改填会员编号")
                continue
            member = matches[0]
        found[member.pk] = member
    if problems:
        raise AchievementError({"members": "；".join(problems)})
    return list(found.values())


def _target_org(actor: Actor, current: Organization | None, value: Any) -> Organization | None:
    return current if value in (None, "") else org_to_write(actor, value)


def _audit(actor, action, obj, kind, changes, request):
    audit_object(actor, f"{kind}.{action}", obj, changes, request, target_type=kind)


def _write(kind, cleaner, obj, *, actor, data, request, creating: bool):
    data = dict(data)
    org = _target_org(actor, None if creating else obj.org, data.pop("org", None))
    if org is None:
        raise AchievementError({"org": "此项为必填项"})
    member_value = data.pop("members", None)
    clean, errors = cleaner(data, partial=not creating)
    members = None
    if member_value is not None or creating:
        try:
            members = _resolve_members(actor, org, member_value)
        except AchievementError as exc:
            errors.update(exc.errors)
    if kind == "honour" and not errors:
        _check_recipients(obj, clean, members)
    if errors:
        raise AchievementError(errors)
    with transaction.atomic():
        if creating:
            before: dict[str, Any] = {}
        else:
            lock_in_scope(actor, obj)
            before = _snapshot(kind, obj)
        for field, value in clean.items():
            setattr(obj, field, value)
        obj.org = org
        if kind == "achievement" and not creating and obj.status == ReviewStatus.RETURNED:
            obj.status = ReviewStatus.PENDING  # a corrected submission goes back to review
        obj.full_clean(exclude=["org", "members"], validate_unique=False)
        obj.save()
        if members is not None:
            obj.members.set(members)
        changes = diff(before, _snapshot(kind, obj, members))
        if changes:
            _audit(actor, "create" if creating else "update", obj, kind, changes, request)
    return obj


def _check_recipients(obj: Honour, clean: dict, members: list[Member] | None) -> None:
    kind = clean.get("kind", obj.kind)
    team = clean.get("team_name", obj.team_name)
    people = members if members is not None else (list(obj.members.all()) if obj.pk else [])
    if kind in TEAM_HONOURS and not team:
        raise AchievementError(
            {"team_name": "工人先锋号授予集体，请填写获奖集体（班组、车间或单位）"}
        )
    if not team and not people:
        raise AchievementError({"members": "请填写获奖会员或获奖集体"})


def achievement_create(
    *, actor: Actor, data: dict[str, Any], request: HttpRequest | None = None
) -> Achievement:
    """Record an achievement (pending review) for an organisation in the actor's scope."""
    access.require(actor, access.CHANGE)
    obj = Achievement(created_by=actor if actor.pk else None)
    return _write(
        "achievement",
        clean_achievement,
        obj,
        actor=actor,
        data=data,
        request=request,
        creating=True,
    )


def achievement_update(
    *,
    actor: Actor,
    achievement: Achievement,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Achievement:
    """Partial update; a returned achievement goes back to 待审核."""
    access.ensure_org_in_scope(actor, achievement.org, access.CHANGE)
    return _write(
        "achievement",
        clean_achievement,
        achievement,
        actor=actor,
        data=data,
        request=request,
        creating=False,
    )


def achievement_review(
    *,
    actor: Actor,
    achievement: Achievement,
    decision: str,
    note: str = "",
    request: HttpRequest | None = None,
) -> Achievement:
    """认定 (verified) or 退回 (returned, a note is required); audited."""
    access.ensure_org_in_scope(actor, achievement.org, access.CHANGE)
    note = (note or "").strip()
    if decision not in (ReviewStatus.VERIFIED, ReviewStatus.RETURNED):
        raise AchievementError({"decision": "审核结论应为 verified（认定）或 returned（退回）"})
    if decision == ReviewStatus.RETURNED and not note:
        raise AchievementError({"note": "退回时请填写审核意见"})
    if len(note) > 300:
        raise AchievementError({"note": "最多300个字符"})
    with transaction.atomic():
        locked = lock_in_scope(actor, achievement)
        before = {"status": locked.status, "review_note": locked.review_note}
        locked.status, locked.review_note = decision, note
        locked.reviewed_by = actor if actor.pk else None
        locked.reviewed_at = timezone.now()
        locked.save(
            update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
        )
        _audit(
            actor,
            "review",
            locked,
            "achievement",
            diff(before, {"status": decision, "review_note": note}),
            request,
        )
    return locked


def honour_create(
    *, actor: Actor, data: dict[str, Any], request: HttpRequest | None = None
) -> Honour:
    access.require(actor, access.CHANGE)
    obj = Honour(created_by=actor if actor.pk else None)
    return _write(
        "honour", clean_honour, obj, actor=actor, data=data, request=request, creating=True
    )


def honour_update(
    *, actor: Actor, honour: Honour, data: dict[str, Any], request: HttpRequest | None = None
) -> Honour:
    access.ensure_org_in_scope(actor, honour.org, access.CHANGE)
    return _write(
        "honour", clean_honour, honour, actor=actor, data=data, request=request, creating=False
    )
