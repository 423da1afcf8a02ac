"""What people and clients send about an activity, parsed into model values with Chinese
messages: field labels, multi-valued codes (主题, 面向人群), counts, money, the campaign.
No writes; kesu.activities.services validates with `clean_activity_data` before saving."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from kesu.activities.choices import TARGET_GROUPS, TOPICS, Kind, Outreach
from kesu.activities.models import COUNT_FIELDS, Campaign
from kesu.core.codes import decode_codes, encode_codes
from kesu.core.parsing import lenient, parse_choice, parse_datetime
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
MAX_COUNT = 2_147_483_647
MAX_SPENDING = Decimal("9999999999.99")


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


def clean_topic_codes(
    data: dict[str, Any],
    present: Callable[[str], bool],
    clean: dict[str, Any],
    errors: dict[str, str],
) -> None:
    """The topics and target groups of `data` (those `present` says were sent), as stored
    codes into `clean`, or a message naming what was not understood into `errors`."""
    for key, choices in (("topics", TOPICS), ("target_groups", TARGET_GROUPS)):
        if present(key):
            codes, problem = _parse_codes(data.get(key), choices)
            if problem:
                errors[key] = problem
            else:
                clean[key] = encode_codes(codes)


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


def campaign_for(raw: Any, org: Organization | None) -> tuple[Campaign | None, str]:
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

    clean_topic_codes(data, present, clean, errors)

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
        campaign, problem = campaign_for(data.get("campaign"), org)
        if problem:
            errors["campaign"] = problem
        else:
            clean["campaign"] = campaign
    return clean, errors
