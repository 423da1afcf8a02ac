"""Plan pages: the org's targets and live progress, the hand-down grid, tasks, my tasks."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from kesu.indicators import registry
from kesu.orgs import access
from kesu.plans import selectors, services, services_tasks, targets_xlsx
from kesu.plans.forms import PlanFilterForm, TargetForm, TaskForm, indicator_choices
from kesu.web.pages import submit_form
from kesu.web.views import web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request):
    """(filter form, org, year) from ?org=&year=; out-of-scope orgs are 404."""
    form = PlanFilterForm(request.GET or None)
    code, year = form.values(request.user)
    if not code:
        raise access.NotFound()
    org = access.get_org_for_user(request.user, code)
    return form, org, year


def _here(name: str, org, year: int) -> str:
    return f"{reverse(name)}?{urlencode({'org': org.code, 'year': year})}"


@web_view(access.VIEW)
def plan_detail(request):
    filters, org, year = _scope(request)
    user = request.user
    form = TargetForm(request.POST or None, initial={"indicator": request.GET.get("indicator")})
    if request.method == "POST":
        access.require(user, access.CHANGE)
        done = submit_form(
            request,
            form,
            lambda: services.target_set(
                actor=user,
                org=org,
                year=year,
                indicator=form.cleaned_data["indicator"],
                value=form.cleaned_data["value"],
                notes=form.cleaned_data["notes"],
                request=request,
            ),
            success=_("已保存目标。"),
            to=lambda _saved: _here("plans:detail", org, year),
        )
        if done:
            return done
    context = {
        "filters": filters,
        "org": org,
        "year": year,
        "form": form,
        "plan": selectors.plan_get(user=user, org=org, year=year),
        "rows": selectors.plan_progress(user=user, org=org, year=year),
        "can_change": access.can(user, access.CHANGE),
        "has_children": access.orgs_for(user).filter(parent=org).exists(),
    }
    return render(request, "plans/detail.html", context)


@web_view(access.VIEW)
def children_grid(request):
    filters, parent, year = _scope(request)
    user = request.user
    known = {code for code, _label in indicator_choices()}
    picked = [c for c in request.GET.getlist("indicator") if c in known]
    columns, rows = selectors.children_progress(
        user=user, parent=parent, year=year, codes=picked or None
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        access.require(user, access.CHANGE)
        codes = [c for c in request.POST.getlist("columns") if c in known]
        values: dict[str, dict[str, str]] = {}
        for row in rows:
            cells = {c: request.POST.get(f"t-{row.org.code}-{c}", "") for c in codes}
            values[row.org.code] = cells
        try:
            targets = services.targets_hand_down(
                actor=user, parent=parent, year=year, values=values, request=request
            )
        except services.PlanError as exc:  # no form: each refusal goes on its cell of the grid
            errors = exc.errors
        else:
            messages.success(request, _("已下达 %(n)d 项目标。") % {"n": len(targets)})
            query = [("org", parent.code), ("year", year), *(("indicator", c) for c in codes)]
            return redirect(f"{reverse('plans:children')}?{urlencode(query)}")
    grid = [
        {
            "org": row.org,
            "cells": [
                {
                    "code": code,
                    "cell": cell,
                    "name": f"t-{row.org.code}-{code}",
                    "posted": request.POST.get(f"t-{row.org.code}-{code}") if errors else None,
                }
                for code, cell in zip(columns, row.cells, strict=True)
            ],
        }
        for row in rows
    ]
    context = {
        "filters": filters,
        "org": parent,
        "year": year,
        "grid": grid,
        "columns": [registry.get(c) for c in columns],
        "choices": indicator_choices(),
        "errors": errors,
        "can_change": access.can(user, access.CHANGE),
    }
    return render(request, "plans/children.html", context)


def _targets(user, org, year):
    return selectors.plan_progress(user=user, org=org, year=year)


@web_view(access.VIEW)
def task_list(request):
    filters, org, year = _scope(request)
    user = request.user
    targets = _targets(user, org, year)
    form = TaskForm(request.POST or None, plan_org=org, targets=targets)
    if request.method == "POST":
        access.require(user, access.CHANGE)

        def save():
            plan, _created = services.plan_get_or_create(
                actor=user, org=org, year=year, request=request
            )
            return services_tasks.task_create(
                actor=user, plan=plan, data=form.cleaned_data, request=request
            )

        done = submit_form(
            request,
            form,
            save,
            success=_("已新建任务。"),
            to=lambda _task: _here("plans:tasks", org, year),
        )
        if done:
            return done
    tasks = selectors.with_overdue(list(selectors.task_list(user=user, org=org, year=year)))
    context = {
        "filters": filters,
        "org": org,
        "year": year,
        "form": form,
        "tasks": tasks,
        "can_change": access.can(user, access.CHANGE),
    }
    return render(request, "plans/tasks.html", context)


@web_view(access.CHANGE)
def task_edit(request, pk: int):
    user = request.user
    task = selectors.task_get(user=user, pk=pk, action=access.CHANGE)
    plan = task.plan
    initial = {
        "title": task.title,
        "responsible": task.responsible.username,
        "deadline": task.deadline,
        "status": task.status,
        "notes": task.notes,
        "target": task.target.indicator if task.target_id else "",
    }
    form = TaskForm(
        request.POST or None,
        initial=initial,
        plan_org=plan.org,
        targets=_targets(user, plan.org, plan.year),
    )
    done = submit_form(
        request,
        form,
        lambda: services_tasks.task_update(
            actor=user, task=task, data=form.cleaned_data, request=request
        ),
        success=_("已保存。"),
        to=lambda _task: _here("plans:tasks", plan.org, plan.year),
    )
    return done or render(
        request, "plans/task_form.html", {"form": form, "task": task, "plan": plan}
    )


@web_view(None, methods=["GET"])
def my_tasks(request):
    tasks = selectors.with_overdue(list(selectors.my_tasks(user=request.user)))
    context = {"tasks": tasks, "today": timezone.localdate()}
    return render(request, "plans/my_tasks.html", context)


@web_view(access.VIEW, methods=["GET"])
def children_template(request):
    _filters, parent, year = _scope(request)
    known = {code for code, _label in indicator_choices()}
    codes = [c for c in request.GET.getlist("indicator") if c in known]
    codes = codes or selectors.grid_codes(parent=parent, year=year) or ["activities.count"]
    data = targets_xlsx.targets_template(user=request.user, parent=parent, year=year, codes=codes)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{parent.name}{year}年度下级目标.xlsx"
    )
    return response


@web_view(access.CHANGE, methods=["POST"])
def children_import(request):
    _filters, parent, year = _scope(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的Excel文件"))
    else:
        try:
            targets = targets_xlsx.targets_import(
                actor=request.user, parent=parent, year=year, data=upload.read(), request=request
            )
        except services.PlanError as exc:  # one message per refused row, then that none was saved
            for message in exc.errors.values():
                messages.error(request, message)
            messages.error(request, _("有错误，全部未导入。"))
        else:
            messages.success(request, _("已从Excel下达 %(n)d 项目标。") % {"n": len(targets)})
    return redirect(_here("plans:children", parent, year))
