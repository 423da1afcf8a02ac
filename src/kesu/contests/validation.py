"""One validator for every door (form, API, demo): loose input in, clean values and Chinese
messages naming the field out."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from kesu.contests.models import Contest
from kesu.core.errors import ServiceError
from kesu.core.parsing import lenient, parse_datetime

LABELS: dict[str, str] = {
    "org": "主办组织",
    "paper": "竞赛试卷",
    "title": "竞赛名称",
    "description": "说明",
    "starts_at": "开始时间",
    "ends_at": "结束时间",
    "status": "状态",
    "prize_rules": "奖项规则",
    "weight_participation": "参与率权重",
    "weight_average": "平均分权重",
    "weight_high_score": "高分率权重",
    "high_score_percent": "高分线",
    "level": "排行类型",
}

WEIGHTS = ("weight_participation", "weight_average", "weight_high_score")
_TOP = re.compile(r"^前\s*(\d+)\s*名$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%?\s*(?:以上)?$")


class ContestError(ServiceError):
    """Field errors: {field: 中文 message}."""


def rules_to_text(rules: list[dict]) -> str:
    lines = []
    for rule in rules or []:
        if rule.get("top") is not None:
            lines.append(f"{rule['name']}=前{rule['top']}名")
        else:
            lines.append(f"{rule['name']}={rule['min_percent']}%")
    return "\n".join(lines)


def parse_prize_rules(value: Any) -> tuple[list[dict], str]:
    """Rules from text lines "一等奖=前3名" / "优秀奖=90%" or from a list of dicts
    ({"name", "top"} or {"name", "min_percent"}); the first rule a participant meets wins."""
    if value in (None, ""):
        return [], ""
    items: list[tuple[str, str]] = []
    if isinstance(value, str):
        for n, line in enumerate(value.replace("＝", "=").splitlines(), 1):
            if not line.strip():
                continue
            name, sep, cond = line.partition("=")
            if not sep:
                return [], f"第{n}行格式应为“奖项=前N名”或“奖项=90%”"
            items.append((name.strip(), cond.strip()))
    elif isinstance(value, list):
        for rule in value:
            if not isinstance(rule, dict) or "name" not in rule:
                return [], "每条规则应包含 name 与 top 或 min_percent"
            if rule.get("top") is not None:
                items.append((str(rule["name"]).strip(), f"前{rule['top']}名"))
            elif rule.get("min_percent") is not None:
                items.append((str(rule["name"]).strip(), str(rule["min_percent"])))
            else:
                return [], f"奖项“{rule['name']}”缺少 top（前N名）或 min_percent（得分率）"
    else:
        return [], "格式无效"
    rules: list[dict] = []
    for name, cond in items:
        if not name or len(name) > 40:
            return [], "奖项名称不能为空，且不超过40个字"
        if m := _TOP.match(cond):
            top = int(m.group(1))
            if top < 1:
                return [], f"奖项“{name}”的名次应为正整数"
            rules.append({"name": name, "top": top})
        elif m := _PERCENT.match(cond):
            pct = Decimal(m.group(1))
            if pct > 100:
                return [], f"奖项“{name}”的得分率不能超过100%"
            rules.append({"name": name, "min_percent": str(pct)})
        else:
            return [], f"奖项“{name}”的条件“{cond}”无效，应为“前N名”或“90%”"
    return rules, ""


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def clean_contest(data: dict[str, Any], *, partial: bool = False) -> tuple[dict, dict]:
    """Clean the plain fields (not org/paper, which the service resolves)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "title" in data or not partial:
        title = str(data.get("title") or "").strip()
        if not title:
            errors["title"] = "请填写竞赛名称"
        elif len(title) > 200:
            errors["title"] = "最多200个字符"
        clean["title"] = title
    if "description" in data:
        clean["description"] = str(data.get("description") or "").strip()
    for key in ("starts_at", "ends_at"):
        if key in data or not partial:
            parsed = lenient(parse_datetime, data.get(key))
            if parsed is None:
                errors[key] = f"请填写{LABELS[key]}（如 2026-05-01 09:00）"
            clean[key] = parsed
    start, end = clean.get("starts_at"), clean.get("ends_at")
    if start and end and end <= start:
        errors["ends_at"] = "结束时间应晚于开始时间"
    if "status" in data and data["status"] not in (None, ""):
        if data["status"] not in Contest.Status.values:
            errors["status"] = "状态无效，可选：" + "、".join(Contest.Status.values)
        clean["status"] = data["status"]
    if "prize_rules" in data:
        rules, message = parse_prize_rules(data["prize_rules"])
        if message:
            errors["prize_rules"] = message
        clean["prize_rules"] = rules
    for key in WEIGHTS:
        if key in data and data[key] not in (None, ""):
            weight = _int(data[key])
            if weight is None or not 0 <= weight <= 100:
                errors[key] = "应为0到100之间的整数"
            clean[key] = weight
    if "high_score_percent" in data and data["high_score_percent"] not in (None, ""):
        try:
            pct = Decimal(str(data["high_score_percent"]).strip().rstrip("%"))
        except InvalidOperation:
            pct = Decimal(-1)
        if not Decimal(0) < pct <= Decimal(100):
            errors["high_score_percent"] = "应为大于0、不超过100的得分率"
        clean["high_score_percent"] = pct
    return clean, errors


def check_whole(contest: Contest) -> dict[str, str]:
    """Rules across fields, on the object as it would be saved."""
    errors: dict[str, str] = {}
    if contest.starts_at and contest.ends_at and contest.ends_at <= contest.starts_at:
        errors["ends_at"] = "结束时间应晚于开始时间"
    if not any(getattr(contest, k) for k in WEIGHTS):
        errors["weight_participation"] = "三项权重不能全为0"
    return errors
