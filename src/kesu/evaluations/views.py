"""Evaluation pages: schemes of the user's scope, live ranking, published versions, export."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kesu.evaluations import export as xlsx
from kesu.evaluations import scoring, selectors, services
from kesu.evaluations.forms import AdjustmentForm, ItemForm, SchemeForm
from kesu.orgs import access
from kesu.web.pages import post_action, submit_form
from kesu.web.views import web_view

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
        done = submit_form(
            request,
            form,
            lambda: services.scheme_create(
                actor=user,
                org=user.org,
                year=form.cleaned_data["year"],
                level=form.cleaned_data["level"],
                title=form.cleaned_data["title"],
                request=request,
            ),
            success=_("已新建考评方案。"),
            to="evaluations:detail",
        )
        if done:
            return done
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
        done = _scheme_post(request, scheme, units, item_form, adj_form)
        if done:
            return done
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


def _scheme_post(request, scheme, units, item_form, adj_form):
    """The scheme page's two forms: a scoring item, or an adjustment of one unit's score."""
    user = request.user
    if item_form.is_bound:
        return submit_form(
            request,
            item_form,
            lambda: services.item_add(
                actor=user,
                scheme=scheme,
                indicator=item_form.cleaned_data["indicator"],
                points=item_form.cleaned_data["points"],
                rule=item_form.cleaned_data["rule"],
                cap=item_form.cleaned_data["cap"] or 100,
                steps=item_form.parsed_steps(),
                request=request,
            ),
            success=_("已添加考评项目。"),
            to="evaluations:detail",
            pk=scheme.pk,
        )

    def adjust():
        data = adj_form.cleaned_data
        return services.adjustment_add(
            actor=user,
            scheme=scheme,
            unit=next(u for u in units if u.code == data["unit"]),
            points=data["points"],
            reason=data["reason"],
            evidence=data["evidence"],
            request=request,
        )

    return submit_form(
        request,
        adj_form,
        adjust,
        success=_("已登记加减分。"),
        to="evaluations:detail",
        pk=scheme.pk,
    )


@web_view(access.MANAGE, methods=["POST"])
def publish(request, pk: int):
    scheme = selectors.scheme_get(user=request.user, pk=pk, action=access.MANAGE)
    return post_action(
        request,
        lambda: services.evaluation_publish(actor=request.user, scheme=scheme, request=request),
        success=lambda evaluation: _("已发布第 %(v)d 版考评结果。") % {"v": evaluation.version},
        to=lambda evaluation: f"/evaluations/{scheme.pk}/?version={evaluation.version}",
        refused_to=reverse("evaluations:detail", args=[scheme.pk]),
    )


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
