"""Writes to a plan's tasks: create and update, scope-checked, validated with Chinese
messages naming the field and audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from kesu.audit.services import diff
from kesu.audit.writes import audit_changes, audit_object
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.plans.models import Plan, Target, Task, TaskStatus
from kesu.plans.services import PlanError, actor_or_none


def task_snapshot(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "responsible": task.responsible.username if task.responsible_id else None,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "status": task.status,
        "target": task.target.indicator if task.target_id else None,
        "notes": task.notes,
    }


def _responsible(raw: Any, plan: Plan) -> tuple[Any, str]:
    User = get_user_model()
    if raw is None or str(raw).strip() == "":
        return None, "请选择负责人"
    if isinstance(raw, User):
        user = raw
    else:
        text = str(raw).strip()
        lookup = {"pk": int(text)} if text.isdigit() else {"username": text}
        user = User.objects.filter(**lookup).select_related("org").first()
    if (
        user is None
        or not user.is_active
        or user.org_id is None
        or not user.org.path.startswith(plan.org.path)
    ):
        return None, f"负责人须为{plan.org.name}及其下级组织的用户"
    return user, ""


def _deadline(raw: Any) -> tuple[dt.date | None, str]:
    if isinstance(raw, dt.datetime):
        return raw.date(), ""
    if isinstance(raw, dt.date):
        return raw, ""
    text = str(raw or "").strip().replace("/", "-")
    if not text:
        return None, "请填写截止日期"
    try:
        return dt.date.fromisoformat(text), ""
    except ValueError:
        return None, f"日期格式无效，应为 YYYY-MM-DD：{raw}"


def _target(raw: Any, plan: Plan) -> tuple[Target | None, str]:
    if raw is None or str(raw).strip() == "":
        return None, ""
    if isinstance(raw, Target):
        found = raw if raw.plan_id == plan.pk else None
    else:
        text = str(raw).strip()
        lookup = {"pk": int(text)} if text.isdigit() else {"indicator": text}
        found = plan.targets.filter(**lookup).first()
    return (found, "") if found else (None, f"本计划没有该目标：{raw}")


def _title(raw: Any) -> tuple[str, str]:
    title = str(raw or "").strip()
    if not title:
        return title, "请填写任务名称"
    return title, "任务名称最多200个字符" if len(title) > 200 else ""


def _status(raw: Any) -> tuple[str, str]:
    status = str(raw or "").strip()
    status = {str(label): code for code, label in TaskStatus.choices}.get(status, status)
    if status in TaskStatus.values:
        return status, ""
    allowed = "、".join(f"{c}（{label}）" for c, label in TaskStatus.choices)
    return status, f"状态无效，可选：{allowed}"


def clean_task_data(data: Mapping[str, Any], plan: Plan) -> tuple[dict[str, Any], dict[str, str]]:
    """Validate the keys present in `data`; ({field: value}, {field: message})."""
    checks = {
        "title": _title,
        "responsible": lambda raw: _responsible(raw, plan),
        "deadline": _deadline,
        "status": _status,
        "target": lambda raw: _target(raw, plan),
        "notes": lambda raw: (str(raw or ""), ""),
    }
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, check in checks.items():
        if field in data:
            clean[field], problem = check(data[field])
            if problem:
                errors[field] = problem
    return clean, errors


def _save_task(task: Task) -> None:
    try:
        task.full_clean(exclude=["created_by"])
    except ValidationError as exc:
        raise PlanError({k: "；".join(v) for k, v in exc.message_dict.items()}) from None
    task.save()


def task_create(
    *, actor: Actor, plan: Plan, data: Mapping[str, Any], request: HttpRequest | None = None
) -> Task:
    """A task of `plan`; title, responsible and deadline are required."""
    access.ensure_org_in_scope(actor, plan.org, access.CHANGE)
    full = {"title": "", "responsible": None, "deadline": None, **data}
    clean, errors = clean_task_data(full, plan)
    if errors:
        raise PlanError(errors)
    task = Task(plan=plan, created_by=actor_or_none(actor), **clean)
    with transaction.atomic():
        _save_task(task)
        changes = diff({}, task_snapshot(task))
        audit_object(actor, "task.create", task, changes, request, label=task.title, org=plan.org)
    return task


def task_update(
    *, actor: Actor, task: Task, data: Mapping[str, Any], request: HttpRequest | None = None
) -> Task:
    """Partial update: only keys present in `data` change."""
    plan = task.plan
    access.ensure_org_in_scope(actor, plan.org, access.CHANGE)
    clean, errors = clean_task_data(data, plan)
    if errors:
        raise PlanError(errors)
    before = task_snapshot(task)
    with transaction.atomic():
        Task.objects.select_for_update().filter(pk=task.pk).first()
        for field, value in clean.items():
            setattr(task, field, value)
        _save_task(task)
        after, label = task_snapshot(task), task.title
        audit_changes(actor, "task.update", task, before, after, request, label=label, org=plan.org)
    return task
