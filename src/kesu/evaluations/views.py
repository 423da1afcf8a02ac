"""Evaluation pages: schemes of the user's scope, live ranking, published versions, export."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kesu.evaluations import export as xlsx
from kesu.evaluations import scoring, selectors, services
from kesu.evaluations.forms import AdjustmentForm, ItemForm, SchemeForm
from kesu.orgs import access
from kesu.web.views import apply_errors, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@web_view(access.VIEW)
def scheme_list(request):
    user = request.user
    can_manage = access.can(user, access.MANAGE) and bool(user.org_id)
    form = SchemeForm(request.POST or None)
    if request.method == "POST":
        access.require(user, access.MANAGE)
        if user.org_id is None:
            raise access.Forbidden()
        if form.is_valid():
            data = form.cleaned_data
            try:
                scheme = services.scheme_create(
                    actor=user,
                    org=user.org,
                    year=data["year"],
                    level=data["level"],
                    title=data["title"],
                    request=request,
                )
            except services.EvaluationError as exc:
                apply_errors(form, exc.errors)
            else:
                messages.success(request, _("已新建考评方案。"))
                return redirect("evaluations:detail", pk=scheme.pk)
    schemes = selectors.scheme_list(user=user)
    context = {"schemes": schemes, "form": form, "can_manage": can_manage}
    return render(request, "evaluations/list.html", context)


@web_view(access.VIEW)
def scheme_detail(request, pk: int):
    user = request.user
    scheme = selectors.scheme_get(user=user, pk=pk)
    units = list(scoring.scheme_units(user=user, scheme=scheme))
    item_form = ItemForm(request.POST if request.POST.get("form") == "item" else None)
    adj_form = AdjustmentForm(
        request.POST if request.POST.get("form") == "adjustment" else None, units=units
    )
    if request.method == "POST":
        scheme = selectors.scheme_get(user=user, pk=pk, action=access.MANAGE)
        try:
            if item_form.is_bound and item_form.is_valid():
                data = item_form.cleaned_data
                services.item_add(
                    actor=user,
                    scheme=scheme,
                    indicator=data["indicator"],
                    points=data["points"],
                    rule=data["rule"],
                    cap=data["cap"] or 100,
                    steps=item_form.parsed_steps(),
                    request=request,
                )
                messages.success(request, _("已添加考评项目。"))
                return redirect("evaluations:detail", pk=scheme.pk)
            if adj_form.is_bound and adj_form.is_valid():
                data = adj_form.cleaned_data
                unit = next(u for u in units if u.code == data["unit"])
                services.adjustment_add(
                    actor=user,
                    scheme=scheme,
                    unit=unit,
                    points=data["points"],
                    reason=data["reason"],
                    evidence=data["evidence"],
                    request=request,
                )
                messages.success(request, _("已登记加减分。"))
                return redirect("evaluations:detail", pk=scheme.pk)
        except services.EvaluationError as exc:
            apply_errors(item_form if item_form.is_bound else adj_form, exc.errors)
    version = request.GET.get("version")
    evaluation = (
        selectors.evaluation_get(user=user, scheme=scheme, version=version) if version else None
    )
    results = (
        evaluation.results if evaluation else scoring.evaluation_compute(user=user, scheme=scheme)
    )
    context = {
        "scheme": scheme,
        "results": results,
        "evaluation": evaluation,
        "evaluations": selectors.evaluation_list(user=user, scheme=scheme),
        "items": scheme.items.order_by("pk"),
        "adjustments": scheme.adjustments.select_related("unit", "entered_by"),
        "can_manage": access.can(user, access.MANAGE),
        "item_form": item_form,
        "adj_form": adj_form,
    }
    return render(request, "evaluations/detail.html", context)


@web_view(access.MANAGE, methods=["POST"])
def publish(request, pk: int):
    scheme = selectors.scheme_get(user=request.user, pk=pk, action=access.MANAGE)
    try:
        evaluation = services.evaluation_publish(actor=request.user, scheme=scheme, request=request)
    except services.EvaluationError as exc:
        for message in exc.errors.values():
            messages.error(request, message)
        return redirect("evaluations:detail", pk=scheme.pk)
    messages.success(request, _("已发布第 %(v)d 版考评结果。") % {"v": evaluation.version})
    return redirect(f"/evaluations/{scheme.pk}/?version={evaluation.version}")


@web_view(access.VIEW, methods=["GET"])
def export(request, pk: int):
    user = request.user
    scheme = selectors.scheme_get(user=user, pk=pk)
    version = request.GET.get("version")
    evaluation = (
        selectors.evaluation_get(user=user, scheme=scheme, version=version) if version else None
    )
    data = xlsx.ranking_xlsx(user=user, scheme=scheme, evaluation=evaluation, request=request)
    name = f"evaluation-{scheme.pk}-{f'v{evaluation.version}' if evaluation else 'live'}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
