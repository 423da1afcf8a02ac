"""科学素质测评 pages: list/create, results (raw vs weighted, comparison panel, items, item
analysis, sample size), item analysis export, comparison of two assessments, score-sheet
import, schemes. Thin: parse, call one selector/service, render."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kesu.assessment import importing, sample_selectors, selectors, services
from kesu.assessment.compare import COMPARED_GROUPS, NotComparable, assessment_compare, comparable
from kesu.assessment.exporting import items_export
from kesu.assessment.forms import (
    AssessmentForm,
    CompareForm,
    ImportForm,
    ResultsFilterForm,
    SchemeForm,
    scheme_initial,
)
from kesu.assessment.items import item_analysis
from kesu.assessment.models import LiteracyScheme
from kesu.assessment.national import (
    NATIONAL_2023_BY_GROUP,
    NATIONAL_2023_LABELS,
    NATIONAL_SHARES,
    TARGETS,
)
from kesu.assessment.presenters import compare_data, items_data, results_data, sample_data
from kesu.assessment.results import GROUPS, METHODS, Results, assessment_results
from kesu.assessment.sampling import sample_advice
from kesu.core.excel import safe_cell
from kesu.orgs import access
from kesu.web.pages import page_named, save_or_show, submit_form
from kesu.web.records import submit_new
from kesu.web.views import paginate, web_view


@web_view(access.VIEW, methods=["GET"])
def index(request):
    rows = selectors.assessment_list(user=request.user)
    return render(
        request,
        "assessment/index.html",
        {
            "page": paginate(request, rows),
            "can_change": access.can(request.user, access.CHANGE),
            "can_manage": access.can(request.user, access.MANAGE),
        },
    )


@web_view(access.CHANGE)
def create(request):
    form = AssessmentForm(request.POST or None, user=request.user)
    success = _("已创建测评“%(title)s”。")
    done = submit_new(
        request, form, services.assessment_create, success=success, to="assessment:results"
    )
    if done:
        return done
    return render(
        request,
        "assessment/form.html",
        {"form": form, "title": _("新建科学素质测评")},
        status=400 if form.errors else 200,
    )


@web_view(access.VIEW, methods=["GET"])
def results(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    form = ResultsFilterForm(request.GET or None, user=request.user)
    params = form.cleaned_data if form.is_valid() else {}
    error = ""
    data = None
    try:
        org = selectors.results_org(
            user=request.user, assessment=assessment, code=params.get("org") or None
        )
        if (
            params.get("date_from")
            and params.get("date_to")
            and params["date_to"] < params["date_from"]
        ):
            raise selectors.OutsideAudience(_("结束日期不能早于开始日期"))
    except selectors.OutsideAudience as exc:
        error = str(exc)
    else:
        r = assessment_results(
            assessment,
            org=org,
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
            method=params.get("method") or "poststrat",
            min_n=params.get("min_n") or 30,
        )
        data = results_data(r)
        data["groups"] = [(code, name, data["groups"][code]) for code, name in GROUPS]
        data["method_name"] = METHODS[r.method]
        data["analysis"] = items_data(
            item_analysis(assessment, org=org, date_from=r.date_from, date_to=r.date_to)
        )
        data["advice"] = _advice(r)
    return render(
        request,
        "assessment/results.html",
        {
            "a": assessment,
            "form": form,
            "r": data,
            "error": error,
            "others": comparable(user=request.user, assessment=assessment)[:50],
            "national": NATIONAL_SHARES,
            "targets": TARGETS,
            "residence": [
                (NATIONAL_2023_LABELS[key], share)
                for key, share in NATIONAL_2023_BY_GROUP.items()
                if key[0] == "residence"
            ],
            # the import button only where the import page would open (the assessment's own
            # organisation or below it, with change rights)
            "can_change": access.may(request.user, assessment.org, access.CHANGE),
            "sample": _sample(assessment),
        },
        status=400 if error else 200,
    )


def _sample(assessment) -> dict | None:
    design = sample_selectors.design_for(assessment)
    return sample_data(sample_selectors.design_results(design)) if design else None


def _advice(r: Results) -> dict:
    """Sample sizes for the roster of the scope, at this assessment's design effect."""
    population = r.weights.covered_population + r.weights.dropped_population
    e = r.overall.estimate
    deff = max(e.n / e.n_eff, 1.0) if e.n_eff else 1.0
    return {
        "deff": deff,
        "population": population,
        "rows": sample_advice(population=population or None, deff=deff),
    }


@web_view(access.VIEW, methods=["GET"])
def items_xlsx(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    form = ResultsFilterForm(request.GET or None, user=request.user)
    params = form.cleaned_data if form.is_valid() else {}
    try:
        org = selectors.results_org(
            user=request.user, assessment=assessment, code=params.get("org") or None
        )
    except selectors.OutsideAudience as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    analysis = item_analysis(
        assessment, org=org, date_from=params.get("date_from"), date_to=params.get("date_to")
    )
    data = items_export(analysis, actor=request.user, request=request)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="assessment-{pk}-items.xlsx"'
    return response


@web_view(access.VIEW, methods=["GET"])
def compare(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    others = comparable(user=request.user, assessment=assessment)
    form = CompareForm(request.GET or None, user=request.user, others=others[:50])
    data, error = None, ""
    if form.is_valid():
        p = form.cleaned_data
        other = selectors.assessment_get(user=request.user, pk=p["other"])
        try:
            org = selectors.results_org(
                user=request.user, assessment=assessment, code=p.get("org") or None
            )
            comparison = assessment_compare(
                assessment=assessment, other=other, org=org, min_n=p.get("min_n") or 30
            )
        except (selectors.OutsideAudience, NotComparable) as exc:
            error = str(exc)
        else:
            data = compare_data(comparison)
            data["groups"] = [(code, name, data["groups"][code]) for code, name in COMPARED_GROUPS]
            data["overall_rows"] = [data["overall"]] + ([data["design"]] if data["design"] else [])
    elif form.is_bound:
        error = _("请检查查询条件")
    return render(
        request,
        "assessment/compare.html",
        {
            "a": assessment,
            "form": form,
            "c": data,
            "error": error,
            "has_others": others.exists(),
        },
        status=400 if error else 200,
    )


@web_view(access.CHANGE)
def import_scores(request, pk: int):
    assessment = selectors.assessment_get(user=request.user, pk=pk, action=access.CHANGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        maxima = {k: d[f"max_{k}"] or 0 for k in ("knowledge", "method", "spirit", "application")}
        result = save_or_show(
            form,
            lambda: importing.scores_import(
                actor=request.user,
                assessment=assessment,
                source=d["file"],
                mode=d["mode"],
                maxima=maxima,
                dry_run=d["dry_run"],
                request=request,
            ),
            fields={None: "file"},
        )
        if result is not None and result.created:
            messages.success(request, _("已导入 %(n)d 条测评成绩。") % {"n": result.created})
            return redirect("assessment:results", pk=assessment.pk)
    if form.errors or (result and result.errors):
        status = 400
    return render(
        request,
        "assessment/import.html",
        {"a": assessment, "form": form, "result": result},
        status=status,
    )


@web_view(access.CHANGE, methods=["GET"])
def import_template(request, pk: int):
    selectors.assessment_get(user=request.user, pk=pk, action=access.CHANGE)
    book = Workbook()
    sheet = book.active
    sheet.title = "四维度得分"
    headers = [
        "姓名",
        "身份证号",
        "科学知识",
        "科学方法",
        "科学精神与思想",
        "应用科学的能力",
        "测评日期",
    ]
    sheet.append([safe_cell(h) for h in headers])
    sheet.column_dimensions["B"].number_format = "@"
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="assessment-scores-template.xlsx"'
    return response


@web_view(access.VIEW, methods=["GET"])
def scheme_list(request):
    return render(
        request,
        "assessment/schemes.html",
        {
            "schemes": selectors.scheme_list(),
            "can_manage": access.can(request.user, access.MANAGE),
            "is_root": request.user.is_superuser,
        },
    )


@web_view(access.MANAGE)
def scheme_edit(request, pk: int | None = None):
    scheme = get_object_or_404(LiteracyScheme, pk=pk) if pk else None
    if scheme is not None and scheme.is_builtin and not request.user.is_superuser:
        raise access.Forbidden(_("系统内置方案只能由平台管理员修改"))
    initial = scheme_initial(scheme) if scheme else {"method": "dimensions"}
    form = SchemeForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda: services.scheme_save(
            actor=request.user, scheme=scheme, data=form.scheme_data(), request=request
        ),
        success=lambda saved: _("已保存测评方案“%(n)s”。") % {"n": saved.name},
        to=page_named("assessment:schemes"),
        fields={"weights": "w_knowledge"},
    )
    if done:
        return done
    title = _("编辑测评方案") if scheme else _("新建测评方案")
    return render(
        request,
        "assessment/form.html",
        {"form": form, "title": title},
        status=400 if form.errors else 200,
    )
