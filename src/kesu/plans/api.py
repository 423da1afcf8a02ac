"""/api/v1/plans, /api/v1/targets, /api/v1/tasks. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.actors import Actor
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans import schemas, selectors, services, services_tasks
from kesu.plans.models import Plan, Task
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["年度计划"])
API_LABELS: dict[str, dict[str, str]] = {
    "plans": services.FIELD_LABELS,
    "targets": services.FIELD_LABELS,
    "tasks": services.FIELD_LABELS,
}

NOT_IN_SCOPE = "组织不存在或不在管辖范围内"


def _org(user: Actor, code: str, field: str = "org") -> Organization:
    """By code, or the user's own org when blank; missing and out of scope alike are 404."""
    if not code:
        if user.org_id is None:
            raise ApiError(
                400, "validation_error", "组织：请指定组织编码", {field: "请指定组织编码"}
            )
        return user.org
    try:
        return access.get_org_for_user(user, code)
    except access.NotFound:
        message = f"{services.FIELD_LABELS[field]}：{NOT_IN_SCOPE}（{code}）"
        raise ApiError(404, "not_found", message, {field: f"{NOT_IN_SCOPE}（{code}）"}) from None


def _year(raw: Any) -> int:
    return services.parse_year(raw=raw)


def plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "org": plan.org.code,
        "org_name": plan.org.name,
        "year": plan.year,
        "title": plan.title,
        "notes": plan.notes,
    }


def target_out(org: Organization, year: int, row: selectors.TargetProgress) -> dict[str, Any]:
    return {
        "org": org.code,
        "org_name": org.name,
        "year": year,
        "indicator": row.indicator,
        "indicator_name": row.name,
        "unit": row.unit,
        "value": row.target,
        "actual": row.actual,
        "completion": row.completion,
        "light": row.light,
        "expected": row.expected,
        "notes": row.notes,
        "handed_down_by": row.handed_down_by.code if row.handed_down_by else None,
    }


def task_out(task: Task) -> dict[str, Any]:
    selectors.with_overdue([task])
    return {
        "id": task.pk,
        "org": task.plan.org.code,
        "year": task.plan.year,
        "title": task.title,
        "responsible": task.responsible.username,
        "responsible_name": task.responsible.display_name or task.responsible.username,
        "deadline": task.deadline,
        "status": task.status,
        "status_name": task.get_status_display(),
        "target": task.target.indicator if task.target_id else None,
        "notes": task.notes,
        "overdue": task.overdue,  # type: ignore[attr-defined]
    }


# ---------------------------------------------------------------- plans


@router.get("/plans", response={200: schemas.PlanPage, **ERRORS}, summary="年度计划列表")
def plan_index(request: HttpRequest, query: Query[schemas.PlanQuery]) -> dict[str, Any]:
    """管辖范围内的年度计划；可按组织（仅该组织本身）和年度筛选。"""
    user = require_view(request)
    org = _org(user, query.org) if query.org else None
    rows = selectors.plan_list(user=user, org=org, year=query.year)
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = [plan_out(p) for p in page["items"]]
    return page


@router.post(
    "/plans",
    response={200: schemas.PlanOut, 201: schemas.PlanOut, **ERRORS},
    summary="新建年度计划",
)
def plan_create(request: HttpRequest, payload: schemas.PlanIn) -> Status:
    """已存在时返回该计划（200），否则新建（201）。"""
    user = require_view(request)
    org = _org(user, payload.org)
    plan, created = services.plan_get_or_create(
        actor=user, org=org, year=payload.year, request=request
    )
    return Status(201 if created else 200, plan_out(plan))


# ---------------------------------------------------------------- targets


@router.get("/targets", response={200: schemas.TargetPage, **ERRORS}, summary="目标及完成情况")
def target_index(request: HttpRequest, query: Query[schemas.TargetQuery]) -> dict[str, Any]:
    """组织某年度的全部目标，附实际完成（`actual`）、完成率（`completion`）和进度灯。"""
    user = require_view(request)
    org = _org(user, query.org)
    year = _year(query.year)
    rows = selectors.plan_progress(user=user, org=org, year=year)
    if query.indicator:
        rows = [r for r in rows if r.indicator == query.indicator]
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = [target_out(org, year, r) for r in page["items"]]
    return page


def _read_target(user: Actor, org: Organization, year: int, indicator: str) -> dict[str, Any]:
    rows = selectors.plan_progress(user=user, org=org, year=year)
    return target_out(org, year, next(r for r in rows if r.indicator == indicator))


@router.put("/targets", response={200: schemas.TargetOut, **ERRORS}, summary="设定目标")
def target_put(request: HttpRequest, payload: schemas.TargetIn) -> dict[str, Any]:
    """设定（或修改）组织某年度某指标的目标值；无计划时自动新建。"""
    user = require_view(request)
    org = _org(user, payload.org)
    target = services.target_set(
        actor=user,
        org=org,
        year=payload.year,
        indicator=payload.indicator,
        value=payload.value,
        notes=payload.notes,
        request=request,
    )
    return _read_target(user, org, target.plan.year, target.indicator)


@router.put(
    "/targets/hand-down", response={200: schemas.TargetPage, **ERRORS}, summary="向下级下达目标"
)
def target_hand_down(request: HttpRequest, payload: schemas.HandDownIn) -> dict[str, Any]:
    """上级为各直接下级设定目标；任何一项有误则全部不保存。"""
    user = require_view(request)
    parent = _org(user, payload.parent, "parent")
    targets = services.targets_hand_down(
        actor=user,
        parent=parent,
        year=payload.year,
        values=payload.values,
        request=request,
    )
    items = []
    for target in targets:
        org = target.plan.org
        items.append(_read_target(user, org, target.plan.year, target.indicator))
    return {"items": items, "count": len(items), "page": 1, "page_size": max(len(items), 1)}


# ---------------------------------------------------------------- tasks


@router.get("/tasks", response={200: schemas.TaskPage, **ERRORS}, summary="任务列表")
def task_index(request: HttpRequest, query: Query[schemas.TaskQuery]) -> dict[str, Any]:
    """按截止日期排序；`mine=true` 只列出当前用户负责的任务。"""
    user = request.auth  # type: ignore[attr-defined]
    if query.mine:
        rows = selectors.my_tasks(user=user)
    else:
        require_view(request)
        org = _org(user, query.org) if query.org else None
        rows = selectors.task_list(user=user, org=org, year=query.year, status=query.status)
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = [task_out(t) for t in page["items"]]
    return page


@router.post("/tasks", response={201: schemas.TaskOut, **ERRORS}, summary="新建任务")
def task_create(request: HttpRequest, payload: schemas.TaskCreateIn) -> Status:
    """负责人须为该组织及其下级组织的用户；计划不存在时自动新建。"""
    user = require_view(request)
    org = _org(user, payload.org)
    plan, _created = services.plan_get_or_create(
        actor=user, org=org, year=payload.year, request=request
    )
    data = payload.model_dump(exclude={"org", "year"})
    task = services_tasks.task_create(actor=user, plan=plan, data=data, request=request)
    return Status(201, task_out(selectors.task_get(user=user, pk=task.pk)))


@router.patch("/tasks/{task_id}", response={200: schemas.TaskOut, **ERRORS}, summary="修改任务")
def task_patch(request: HttpRequest, task_id: Id, payload: schemas.TaskPatchIn) -> dict[str, Any]:
    """只修改请求中给出的字段。"""
    user = require_view(request)
    task = selectors.task_get(user=user, pk=task_id)
    data = payload.model_dump(exclude_unset=True)
    services_tasks.task_update(actor=user, task=task, data=data, request=request)
    return task_out(selectors.task_get(user=user, pk=task.pk))
