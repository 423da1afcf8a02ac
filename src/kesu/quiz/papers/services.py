"""Writes to papers: create/update settings, fixed items, drawing rules, publish, close.

Each write checks scope (the paper's organisation must be in the actor's subtree with
CHANGE), validates with Chinese messages naming the field, and writes its audit row in the
same transaction. A paper's questions are frozen once anyone has an attempt on it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.audit.services import audit_record, diff
from kesu.core.errors import ServiceError
from kesu.core.parsing import lenient, parse_choice, parse_datetime, parse_field
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Dimension, Paper, PaperItem, PaperRule, QuestionType
from kesu.quiz.papers import drawing

LABELS = {
    "org": "组织单位",
    "title": "试卷名称",
    "purpose": "用途",
    "mode": "组卷方式",
    "multiple_rule": "多选题计分",
    "shuffle_options": "选项乱序",
    "time_limit_seconds": "限时",
    "time_limit_minutes": "限时（分钟）",
    "attempts_per_day": "每日可答次数",
    "attempts_total": "总可答次数",
    "opens_at": "开始时间",
    "closes_at": "截止时间",
    "pass_mark": "及格分",
    "show_answers": "答案与解析",
    "description": "说明",
    "items": "试题",
    "rules": "抽题规则",
    "status": "状态",
}
_SETTINGS = (
    "title",
    "purpose",
    "mode",
    "multiple_rule",
    "shuffle_options",
    "time_limit_seconds",
    "attempts_per_day",
    "attempts_total",
    "opens_at",
    "closes_at",
    "pass_mark",
    "show_answers",
    "description",
)


class PaperError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _choice(value: Any, choices: type, label: str, errors: dict, key: str) -> str | None:
    code = parse_field(errors, key, parse_choice, value, required=True, choices=choices)
    if key in errors:
        errors[key] = f"{label}：{errors[key]}"
    return code


def _positive_int(value: Any, field: str, errors: dict, *, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[field] = f"{label}应为整数"
        return None
    if number < 1:
        errors[field] = f"{label}应大于0"
        return None
    return number


def _decimal(value: Any, field: str, errors: dict, *, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[field] = f"{label}应为数字"
        return None
    if not number.is_finite() or number < 0 or number > Decimal("99999"):
        errors[field] = f"{label}应在0到99999之间"
        return None
    return number.quantize(Decimal("0.01"))


def _datetime(value: Any, field: str, errors: dict) -> dt.datetime | None:
    if value in (None, ""):
        return None
    parsed = lenient(parse_datetime, value)
    if parsed is None:
        errors[field] = f"{LABELS[field]}格式无效，应为 YYYY-MM-DD HH:MM"
    return parsed


def clean_settings(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "title" in data or not partial:
        title = str(data.get("title") or "").strip()
        if not title:
            errors["title"] = "请填写试卷名称"
        elif len(title) > 200:
            errors["title"] = "试卷名称最多200个字"
        out["title"] = title
    for field, choices in (
        ("purpose", Paper.Purpose),
        ("mode", Paper.Mode),
        ("multiple_rule", Paper.MultipleRule),
        ("show_answers", Paper.ShowAnswers),
    ):
        if field in data and data[field] not in (None, ""):
            out[field] = _choice(data[field], choices, LABELS[field], errors, field)
    if "shuffle_options" in data and data["shuffle_options"] is not None:
        out["shuffle_options"] = str(data["shuffle_options"]).lower() in (
            "1",
            "true",
            "on",
            "yes",
            "是",
        )
    if "time_limit_minutes" in data:
        minutes = _positive_int(
            data["time_limit_minutes"], "time_limit_minutes", errors, label="限时（分钟）"
        )
        out["time_limit_seconds"] = minutes * 60 if minutes else None
    if "time_limit_seconds" in data:
        out["time_limit_seconds"] = _positive_int(
            data["time_limit_seconds"], "time_limit_seconds", errors, label="限时（秒）"
        )
    for field in ("attempts_per_day", "attempts_total"):
        if field in data:
            out[field] = _positive_int(data[field], field, errors, label=LABELS[field])
    if "pass_mark" in data:
        out["pass_mark"] = _decimal(data["pass_mark"], "pass_mark", errors, label="及格分")
    for field in ("opens_at", "closes_at"):
        if field in data:
            out[field] = _datetime(data[field], field, errors)
    if "description" in data:
        out["description"] = str(data.get("description") or "").strip()
    if out.get("opens_at") and out.get("closes_at") and out["closes_at"] <= out["opens_at"]:
        errors["closes_at"] = "截止时间应晚于开始时间"
    if errors:
        raise PaperError(errors)
    return out


def _snapshot(paper: Paper) -> dict[str, Any]:
    out = {}
    for field in _SETTINGS + ("status",):
        value = getattr(paper, field)
        out[field] = (
            value.isoformat()
            if isinstance(value, dt.datetime)
            else (str(value) if isinstance(value, Decimal) else value)
        )
    out["org"] = paper.org.code
    return out


def _audit(actor, action: str, paper: Paper, changes: dict, request) -> None:
    audit_record(
        actor=actor,
        action=f"paper.{action}",
        target_type="paper",
        target_id=paper.pk,
        target_repr=paper.title,
        org_path=paper.org.path,
        changes=changes,
        request=request,
    )


def paper_create(
    *, actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Paper:
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean = clean_settings(data)
    paper = Paper(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
    if paper.closes_at and paper.opens_at and paper.closes_at <= paper.opens_at:
        raise PaperError({"closes_at": "截止时间应晚于开始时间"})
    with transaction.atomic():
        paper.save()
        _audit(actor, "create", paper, diff({}, _snapshot(paper)), request)
    return paper


def has_attempts(paper: Paper) -> bool:
    return paper.attempts.exists()


def paper_update(
    *, actor, paper: Paper, data: dict[str, Any], request: HttpRequest | None = None
) -> Paper:
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    data = dict(data)
    new_org = data.pop("org", None)
    clean = clean_settings(data, partial=True)
    if "mode" in clean and clean["mode"] != paper.mode and has_attempts(paper):
        raise PaperError({"mode": "已有人答题，不能再更改组卷方式"})
    before = _snapshot(paper)
    for field, value in clean.items():
        setattr(paper, field, value)
    if new_org is not None:
        if not isinstance(new_org, Organization):
            new_org = access.get_org_for_user(actor, str(new_org), access.CHANGE)
        access.ensure_org_in_scope(actor, new_org, access.CHANGE)
        paper.org = new_org
    if paper.closes_at and paper.opens_at and paper.closes_at <= paper.opens_at:
        raise PaperError({"closes_at": "截止时间应晚于开始时间"})
    with transaction.atomic():
        paper.save()
        changes = diff(before, _snapshot(paper))
        if changes:
            _audit(actor, "update", paper, changes, request)
    return paper


def _frozen(paper: Paper) -> None:
    if has_attempts(paper):
        raise PaperError({"items": "已有人答题，试题和抽题规则不能再修改（可复制为新试卷）"})


def paper_set_items(
    *, actor, paper: Paper, items: list[tuple[int, Any]], request: HttpRequest | None = None
) -> list[PaperItem]:
    """Replace the fixed questions: [(question id, points)] in paper order."""
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    _frozen(paper)
    errors: dict[str, str] = {}
    ids = []
    rows = []
    usable = drawing.usable_questions(paper.org)
    found = usable.in_bulk([int(q) for q, _ in items]) if items else {}
    for position, (qid, points) in enumerate(items, start=1):
        question = found.get(int(qid))
        if question is None:
            errors["items"] = f"第{position}题（编号{qid}）不存在、已停用或不在本单位可用的题库中"
            break
        if int(qid) in ids:
            errors["items"] = f"第{position}题（编号{qid}）重复"
            break
        value = _decimal(
            points if points not in (None, "") else "1",
            "items",
            errors,
            label=f"第{position}题分值",
        )
        if value is not None and value <= 0:
            errors["items"] = f"第{position}题分值应大于0"
        if errors:
            break
        ids.append(int(qid))
        rows.append(PaperItem(paper=paper, question=question, points=value, position=position))
    if errors:
        raise PaperError(errors)
    with transaction.atomic():
        paper.items.all().delete()
        PaperItem.objects.bulk_create(rows)
        _audit(
            actor,
            "items",
            paper,
            {"items": [None, [[i, str(r.points)] for i, r in zip(ids, rows, strict=True)]]},
            request,
        )
        paper.save(update_fields=["updated_at"])
    return rows


def clean_rules(paper: Paper, rules: list[dict[str, Any]]) -> list[PaperRule]:
    errors: dict[str, str] = {}
    out = []
    banks = {b.pk: b for b in drawing.usable_banks(paper.org)}
    for n, raw in enumerate(rules, start=1):
        row_errors: dict[str, str] = {}
        qtype = _choice(raw.get("type"), QuestionType, f"第{n}条规则的题型", row_errors, "rules")
        count = _positive_int(raw.get("count"), "rules", row_errors, label=f"第{n}条规则的题数")
        if count is None and "rules" not in row_errors:
            row_errors["rules"] = f"第{n}条规则请填写题数"
        points = _decimal(
            raw.get("points") or "1", "rules", row_errors, label=f"第{n}条规则的每题分值"
        )
        dimension = ""
        if raw.get("dimension"):
            dimension = (
                _choice(raw["dimension"], Dimension, f"第{n}条规则的维度", row_errors, "rules")
                or ""
            )
        bank = None
        if raw.get("bank"):
            try:
                bank = banks.get(int(raw["bank"]))
            except (TypeError, ValueError):
                bank = None
            if bank is None:
                row_errors["rules"] = f"第{n}条规则的题库不存在或本单位不能使用"
        if row_errors:
            errors.update(row_errors)
            break
        out.append(
            PaperRule(
                paper=paper,
                type=qtype,
                count=count,
                points=points,
                bank=bank,
                topic=str(raw.get("topic") or "").strip()[:60],
                dimension=dimension,
                position=n,
            )
        )
    if not errors and not out:
        errors["rules"] = "请至少填写一条抽题规则"
    if not errors:
        problems = drawing.rule_problems(paper, out)
        if problems:
            errors["rules"] = "；".join(problems)
    if errors:
        raise PaperError(errors)
    return out


def paper_set_rules(
    *, actor, paper: Paper, rules: list[dict[str, Any]], request: HttpRequest | None = None
) -> list[PaperRule]:
    """Replace the drawing rules; refused with a clear message when the banks cannot
    satisfy them ("题库中…的多选题只有3道，规则需要6道")."""
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    _frozen(paper)
    rows = clean_rules(paper, rules)
    with transaction.atomic():
        paper.rules.all().delete()
        PaperRule.objects.bulk_create(rows)
        summary = [[r.type, r.count, str(r.points), r.topic, r.dimension, r.bank_id] for r in rows]
        _audit(actor, "rules", paper, {"rules": [None, summary]}, request)
        paper.save(update_fields=["updated_at"])
    return rows


def publish_problems(paper: Paper) -> list[str]:
    if paper.mode == Paper.Mode.FIXED:
        items = list(paper.items.select_related("question"))
        if not items:
            return ["试卷还没有试题"]
        stale = [
            i.position
            for i in items
            if not i.question.is_current or i.question.status != i.question.Status.ACTIVE
        ]
        if stale:
            shown = "、".join(str(p) for p in stale)
            return [f"第{shown}题已停用或有新版本，请重新选择试题"]
        return []
    if not paper.rules.exists():
        return ["试卷还没有抽题规则"]
    return drawing.rule_problems(paper)


def paper_publish(*, actor, paper: Paper, request: HttpRequest | None = None) -> Paper:
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    problems = publish_problems(paper)
    if problems:
        raise PaperError({"status": "不能发布：" + "；".join(problems)})
    return _set_status(actor, paper, Paper.Status.PUBLISHED, request)


def paper_close(*, actor, paper: Paper, request: HttpRequest | None = None) -> Paper:
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    return _set_status(actor, paper, Paper.Status.CLOSED, request)


def _set_status(actor, paper: Paper, status: str, request) -> Paper:
    before = paper.status
    with transaction.atomic():
        paper.status = status
        paper.save(update_fields=["status", "updated_at"])
        _audit(actor, "status", paper, {"status": [before, status]}, request)
    return paper
