"""Writes to activities: create, update, copy as next year's template. Each one validates in
`clean_activity_data` and audits in its transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.activities.choices import TARGET_GROUPS, TOPICS, Kind, Outreach
from kesu.activities.models import Activity, Campaign
from kesu.audit.services import audit_record, diff
from kesu.core.actors import Actor
from kesu.core.codes import decode_codes, encode_codes
from kesu.core.errors import ServiceError
from kesu.core.parsing import lenient, parse_choice, parse_datetime
from kesu.orgs import access
from kesu.orgs.models import Organization

FIELD_LABELS = {
    "title": "活动名称",
    "kind": "活动形式",
    "outreach": "进校园/社区/企业/农村",
    "org": "主办组织",
    "co_orgs": "协办组织",
    "campaign": "所属主题活动",
    "start": "开始时间",
    "end": "结束时间",
    "place": "地点",
    "partners": "合作单位",
    "target_groups": "面向人群",
    "topics": "主题",
    "description": "活动内容",
    "responsible": "负责人",
    "person_times": "参与人次",
    "materials_distributed": "发放资料",
    "consultations": "接受咨询",
    "display_boards": "展板",
    "beneficiaries": "受益人次",
    "media_reports": "媒体报道",
    "new_followers": "新增关注",
    "spending": "经费",
    "funding_source": "经费来源",
    "review_note": "成效/回头看",
}

TEXT_FIELDS = {
    "title": 200,
    "place": 200,
    "partners": 300,
    "responsible": 60,
    "funding_source": 120,
    "description": None,
    "review_note": None,
}
COUNT_FIELDS = (
    "materials_distributed",
    "consultations",
    "display_boards",
    "beneficiaries",
    "media_reports",
    "new_followers",
)
# Outputs a copy for next year starts without.
OUTPUT_FIELDS = ("person_times", *COUNT_FIELDS, "spending")
COPIED_FIELDS = (
    "title",
    "kind",
    "outreach",
    "place",
    "partners",
    "target_groups",
    "topics",
    "description",
    "responsible",
    "funding_source",
)
MAX_COUNT = 2_147_483_647
MAX_SPENDING = Decimal("9999999999.99")


class ActivityError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


# ---------------------------------------------------------------- multi-valued codes


def code_labels(value: str, choices: Iterable[tuple[str, Any]]) -> list[str]:
    labels = {code: str(label) for code, label in choices}
    return [labels.get(code, code) for code in decode_codes(value)]


def split_codes(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [p.strip() for p in re.split(r"[,，、;；\s]+", raw) if p.strip()]
    return [str(p).strip() for p in raw if str(p).strip()]


def _parse_codes(raw: Any, choices: list[tuple[str, Any]]) -> tuple[list[str], str]:
    codes, bad = [], []
    for item in split_codes(raw):
        code = lenient(parse_choice, item, choices=choices)
        if code is None:
            bad.append(item)
        elif code not in codes:
            codes.append(code)
    if bad:
        allowed = "、".join(str(label) for _c, label in choices)
        return codes, f"无法识别：{'、'.join(bad)}（可选：{allowed}）"
    return codes, ""


# ---------------------------------------------------------------- scalar parsing


def _parse_count(raw: Any, *, nullable: bool = False) -> tuple[int | None, str]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (None, "") if nullable else (0, "")
    if isinstance(raw, bool):
        return None, "应为整数"
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    else:
        text = str(raw).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            return None, "应为整数"
        value = int(text)
    if value < 0:
        return None, "不能为负数"
    if value > MAX_COUNT:
        return None, "数值过大"
    return value, ""


def _parse_money(raw: Any) -> tuple[Decimal | None, str]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Decimal("0.00"), ""
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        return None, "应为金额（元），如 1200.50"
    if not value.is_finite():
        return None, "应为金额（元），如 1200.50"
    if value < 0:
        return None, "不能为负数"
    if value != value.quantize(Decimal("0.01")):
        return None, "最多保留两位小数"
    if value > MAX_SPENDING:
        return None, "数值过大"
    return value.quantize(Decimal("0.01")), ""


# ---------------------------------------------------------------- validation


def _campaign_for(raw: Any, org: Organization | None) -> tuple[Campaign | None, str]:
    """A campaign of `org` or of one of its ancestors (an upper level gathers those below)."""
    if raw in (None, "", 0):
        return None, ""
    if isinstance(raw, Campaign):
        campaign: Campaign | None = raw
    else:
        try:
            campaign = Campaign.objects.select_related("org").filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None, "应为主题活动编号"
    if campaign is None or org is None or not org.path.startswith(campaign.org.path):
        return None, "主题活动不存在，或不是本组织及上级组织发起的"
    return campaign, ""


def clean_activity_data(
    data: dict[str, Any], *, org: Organization | None, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse what people and clients send into model values; answer problems in Chinese.

    Returns (clean, errors). With `partial`, only keys present in `data` are checked (the
    end-after-start check still needs both, so the caller passes the current values).
    Organisations (org, co_orgs) are resolved by the services, which own the scope checks.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def present(key: str) -> bool:
        return key in data or not partial

    for key, limit in TEXT_FIELDS.items():
        if not present(key):
            continue
        text = str(data.get(key) or "").strip()
        if limit and len(text) > limit:
            errors[key] = f"最多{limit}个字符"
        else:
            clean[key] = text
    if present("title") and not clean.get("title") and "title" not in errors:
        errors["title"] = "请填写活动名称"

    if present("kind"):
        raw = data.get("kind")
        code = lenient(parse_choice, raw, choices=Kind) if raw not in (None, "") else None
        if code is None:
            allowed = "、".join(f"{c}（{label}）" for c, label in Kind.choices)
            errors["kind"] = (
                "请选择活动形式" if raw in (None, "") else f"无法识别：{raw}（可选：{allowed}）"
            )
        else:
            clean["kind"] = code
    if present("outreach"):
        raw = data.get("outreach")
        code = lenient(parse_choice, raw, choices=Outreach) if raw not in (None, "") else ""
        if code is None:
            allowed = "、".join(str(label) for c, label in Outreach.choices if c)
            errors["outreach"] = f"无法识别：{raw}（可选：{allowed}）"
        else:
            clean["outreach"] = code

    for key, choices in (("topics", TOPICS), ("target_groups", TARGET_GROUPS)):
        if present(key):
            codes, problem = _parse_codes(data.get(key), choices)
            if problem:
                errors[key] = problem
            else:
                clean[key] = encode_codes(codes)

    for key in ("start", "end"):
        if not present(key):
            continue
        raw = data.get(key)
        if raw in (None, ""):
            if key == "start":
                errors["start"] = "请填写开始时间"
            continue  # a missing end is the start (a one-off event)
        value = lenient(
            parse_datetime, raw, default_time=dt.time(9)
        )  # a bare date: the working morning
        if value is None:
            errors[key] = "时间格式无效，应为 YYYY-MM-DD HH:MM"
        else:
            clean[key] = value
    if present("end") and "end" not in clean and "end" not in errors and "start" in clean:
        clean["end"] = clean["start"]
    start, end = clean.get("start", data.get("_current_start")), clean.get("end")
    if end is None:
        end = data.get("_current_end")
    if start and end and "start" not in errors and "end" not in errors and end < start:
        errors["end"] = "结束时间不能早于开始时间"

    if present("person_times"):
        value, problem = _parse_count(data.get("person_times"), nullable=True)
        if problem:
            errors["person_times"] = problem
        else:
            clean["person_times"] = value
    for key in COUNT_FIELDS:
        if present(key):
            value, problem = _parse_count(data.get(key))
            if problem:
                errors[key] = problem
            else:
                clean[key] = value
    if present("spending"):
        money, problem = _parse_money(data.get("spending"))
        if problem:
            errors["spending"] = problem
        else:
            clean["spending"] = money

    if present("campaign"):
        campaign, problem = _campaign_for(data.get("campaign"), org)
        if problem:
            errors["campaign"] = problem
        else:
            clean["campaign"] = campaign
    return clean, errors


def _resolve_co_orgs(actor: Actor, co_orgs: Iterable[Any], org: Organization) -> list[Organization]:
    """Co-organisers by code or object; outside the actor's scope answers 404 (as missing)."""
    out: list[Organization] = []
    for item in co_orgs:
        if isinstance(item, Organization):
            other = item
            access.ensure_org_in_scope(actor, other, access.VIEW)
        else:
            code = str(item).strip()
            if not code:
                continue
            other = access.get_org_for_user(actor, code, access.VIEW)
        if other.pk != org.pk and all(o.pk != other.pk for o in out):
            out.append(other)
    return out


# ---------------------------------------------------------------- writes


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in (*COPIED_FIELDS, "review_note", *OUTPUT_FIELDS):
        value = getattr(activity, field)
        out[field] = str(value) if isinstance(value, Decimal) else value
    out["start"] = activity.start.isoformat() if activity.start else None
    out["end"] = activity.end.isoformat() if activity.end else None
    out["org"] = activity.org.code
    out["campaign"] = activity.campaign_id
    if activity.pk:
        out["co_orgs"] = sorted(activity.co_orgs.values_list("code", flat=True))
    return out


def _save(activity: Activity) -> None:
    try:
        activity.full_clean(exclude=["co_orgs", "copied_from", "created_by"])
    except ValidationError as exc:
        raise ActivityError({k: "；".join(v) for k, v in exc.message_dict.items()}) from None
    activity.save()


def activity_create(
    *,
    actor: Actor,
    org: Organization,
    data: dict[str, Any],
    co_orgs: Iterable[Any] = (),
    request: HttpRequest | None = None,
) -> Activity:
    """Record an activity of `org` (inside the actor's scope) with its co-organisers."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    partners = _resolve_co_orgs(actor, co_orgs, org)
    clean, errors = clean_activity_data(data, org=org)
    if errors:
        raise ActivityError(errors)
    activity = Activity(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
    with transaction.atomic():
        _save(activity)
        activity.co_orgs.set(partners)
        audit_record(
            actor=actor,
            action="activity.create",
            target_type="activity",
            target_id=activity.pk,
            target_repr=str(activity),
            org_path=org.path,
            changes=diff({}, activity_snapshot(activity)),
            request=request,
        )
    return activity


def activity_update(
    *, actor: Actor, activity: Activity, data: dict[str, Any], request: HttpRequest | None = None
) -> Activity:
    """Partial update: only keys present in `data` change. `org` (code or object) moves the
    activity inside the actor's scope; `co_orgs` (codes or objects) replaces the list."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    session = getattr(activity, "training_session", None)
    if session is not None:  # its time and place belong to the training course's session
        raise ActivityError(
            {"title": f"该活动是培训课程“{session.course.title}”的班次，请在培训课程中修改"}
        )
    data = dict(data)
    org = activity.org
    if "org" in data:
        raw = data.pop("org")
        org = (
            raw
            if isinstance(raw, Organization)
            else access.get_org_for_user(actor, str(raw), access.CHANGE)
        )
        access.ensure_org_in_scope(actor, org, access.CHANGE)
    partners = _resolve_co_orgs(actor, data.pop("co_orgs"), org) if "co_orgs" in data else None
    data["_current_start"], data["_current_end"] = activity.start, activity.end
    clean, errors = clean_activity_data(data, org=org, partial=True)
    if "campaign" not in data and activity.campaign_id and org.pk != activity.org_id:
        _c, problem = _campaign_for(activity.campaign, org)
        if problem:
            errors["campaign"] = problem
    if errors:
        raise ActivityError(errors)
    before = activity_snapshot(activity)
    with transaction.atomic():
        # Re-check inside the transaction: the row must still be in the actor's scope.
        locked = Activity.objects.select_for_update().select_related("org").get(pk=activity.pk)
        access.ensure_org_in_scope(actor, locked.org, access.CHANGE)
        for field, value in clean.items():
            setattr(activity, field, value)
        activity.org = org
        _save(activity)
        if partners is not None:
            activity.co_orgs.set(partners)
        changes = diff(before, activity_snapshot(activity))
        if changes:
            audit_record(
                actor=actor,
                action="activity.update",
                target_type="activity",
                target_id=activity.pk,
                target_repr=str(activity),
                org_path=org.path,
                changes=changes,
                request=request,
            )
    return activity


def _shift_year(value: dt.datetime, years: int) -> dt.datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February into a common year
        return value.replace(year=value.year + years, day=28)


def activity_copy(
    *, actor: Actor, activity: Activity, year_shift: int = 1, request: HttpRequest | None = None
) -> Activity:
    """Copy as a template for another year: same settings, dates moved, outputs zeroed,
    review note and campaign (a campaign belongs to one year) cleared."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    local_start = timezone.localtime(activity.start)
    start = _shift_year(local_start, year_shift)
    end = _shift_year(timezone.localtime(activity.end), year_shift)
    copy = Activity(
        org=activity.org,
        copied_from=activity,
        start=start,
        end=end,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{field: getattr(activity, field) for field in COPIED_FIELDS},
    )
    old_year = str(local_start.year)
    if old_year in copy.title:
        copy.title = copy.title.replace(old_year, str(start.year))
    with transaction.atomic():
        _save(copy)
        copy.co_orgs.set(activity.co_orgs.all())
        audit_record(
            actor=actor,
            action="activity.copy",
            target_type="activity",
            target_id=copy.pk,
            target_repr=str(copy),
            org_path=copy.org.path,
            changes={"copied_from": [None, activity.pk], **diff({}, activity_snapshot(copy))},
            request=request,
        )
    return copy
