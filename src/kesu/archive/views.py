"""科学素质档案 pages: search, a member's timeline (staff), one's own (member role, phone),
the printable card, bulk export, yearly rules and who falls short.

Views parse input, call one selector or service and render; scope is the access layer's
(members outside the subtree answer 404)."""

from __future__ import annotations

import io
import itertools

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.archive import exporting, figures, rules, services
from kesu.archive.forms import OrgYearForm, RuleForm, SearchForm
from kesu.archive.models import ArchiveRule
from kesu.archive.selectors import archive_member_get, member_timeline
from kesu.core.jobs import RetryRefused
from kesu.members.selectors import MemberFilters, member_list
from kesu.orgs import access
from kesu.web.pages import page_named
from kesu.web.records import submit_new
from kesu.web.views import paginate, querystring, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=XLSX)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


@web_view(access.VIEW, methods=["GET"])
def index(request):
    form = SearchForm(request.GET)
    q = request.GET.get("q", "").strip()
    page = (
        paginate(request, member_list(user=request.user, filters=MemberFilters(q=q))) if q else None
    )
    return render(
        request,
        "archive/index.html",
        {
            "form": form,
            "page": page,
            "q": q,
            "export_form": OrgYearForm(user=request.user),
        },
    )


@web_view(access.VIEW, methods=["GET"])
def member(request, pk: int):
    obj = archive_member_get(user=request.user, pk=pk)
    return render(
        request,
        "archive/member.html",
        {
            "member": obj,
            "years": member_timeline(obj),
            "staff": True,
        },
    )


@web_view(None, methods=["GET"])
def me(request):
    own = getattr(request.user, "member", None)
    years = member_timeline(own, links=False) if own else []
    return render(request, "archive/me.html", {"member": own, "years": years, "staff": False})


@web_view(None, methods=["GET"])
def my_data(request, fmt: str):
    """The member's own data (PIPL): JSON or .xlsx, never cached."""
    from kesu.archive.personal import my_data as build

    data = build(user=request.user, fmt=fmt, request=request)
    stamp = f"{timezone.localtime():%Y%m%d}"
    if fmt == "xlsx":
        response = _xlsx(data, f"我的个人数据_{stamp}.xlsx")
    else:
        response = FileResponse(
            io.BytesIO(data),
            as_attachment=True,
            filename=f"我的个人数据_{stamp}.json",
            content_type="application/json",
        )
    response["Cache-Control"] = "no-store"
    return response


@web_view(access.VIEW, methods=["GET"])
def card(request, pk: int):
    from kesu.archive.card import archive_card_pdf

    obj = archive_member_get(user=request.user, pk=pk)
    return _pdf(archive_card_pdf(obj), f"archive-card-{obj.pk}.pdf")


@web_view(None, methods=["GET"])
def my_card(request):
    from kesu.archive.card import archive_card_pdf

    own = getattr(request.user, "member", None)
    if own is None:
        raise access.NotFound()
    return _pdf(archive_card_pdf(own), "archive-card.pdf")


@web_view(access.VIEW, methods=["GET"])
def export(request):
    form = OrgYearForm(request.GET, user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择组织和年度。"))
        return redirect("archive:index")
    org = access.get_org_for_user(request.user, form.cleaned_data["org"])
    year = form.cleaned_data["year"]
    if exporting.needs_background(org):
        job = exporting.job_create(user=request.user, org=org, year=year)
        return redirect("archive:export_job", pk=job.pk)
    out = io.BytesIO()
    exporting.summary_export(user=request.user, org=org, year=year, out=out, request=request)
    return _xlsx(out.getvalue(), exporting.filename(org, year))


@web_view(access.VIEW, methods=["GET"])
def export_job(request, pk: int):
    job = exporting.job_get(user=request.user, pk=pk)
    template = "archive/_export_job.html" if request.htmx else "archive/export_job.html"
    return render(request, template, {"job": job})


@web_view(access.VIEW, methods=["POST"])
def export_retry(request, pk: int):
    job = exporting.job_get(user=request.user, pk=pk)
    try:
        job = exporting.job_retry(user=request.user, job=job, request=request)
    except RetryRefused as exc:
        messages.error(request, exc.message)
    return redirect("archive:export_job", pk=job.pk)


@web_view(access.VIEW, methods=["GET"])
def export_download(request, pk: int):
    job = exporting.job_get(user=request.user, pk=pk)
    handle = exporting.job_download(user=request.user, job=job, request=request)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=exporting.filename(job.org, job.year),
        content_type=XLSX,
    )


@web_view(access.VIEW)
def rules_page(request):
    can_change = access.can(request.user, access.CHANGE)
    form = RuleForm(request.POST or None, user=request.user) if can_change else None
    if request.method == "POST":
        access.require(request.user, access.CHANGE)
        success = _("已保存 %(year)s 年度定期评估规则。")
        to = page_named("archive:rules")
        done = submit_new(request, form, services.rule_save, success=success, to=to)
        if done:
            return done
    visible = access.restrict(ArchiveRule.objects.select_related("org"), request.user)
    inherited = None
    if request.user.org_id:
        inherited = figures.rule_for_org(request.user.org, timezone.localdate().year)
    return render(
        request,
        "archive/rules.html",
        {
            "rules": visible.order_by("-year", "org__path"),
            "form": form,
            "can_change": can_change,
            "inherited": inherited,
        },
        status=400 if form is not None and form.errors else 200,
    )


@web_view(access.CHANGE, methods=["POST"])
def rule_delete(request, pk: int):
    rule = access.get_for_user(
        ArchiveRule.objects.select_related("org"), request.user, access.CHANGE, pk=pk
    )
    services.rule_delete(actor=request.user, rule=rule, request=request)
    messages.success(request, _("已删除。"))
    return redirect("archive:rules")


def _shortfall_page(org, year: int, number: str | None, per: int = 50) -> dict:
    """One page of members who fall short. Evaluation runs batch by batch only as far as
    this page needs (page 1 of a 100,000-member district reads one small batch), so there
    is a next link instead of a total."""
    try:
        current = max(1, int(number or 1))
    except ValueError:
        current = 1
    start = (current - 1) * per
    # batches about the size the page needs (most members fall short of a demanding rule):
    # page 1 of a city reads a couple of hundred members' figures, not 5,000
    size = min(rules.BATCH, max(4 * per, 2 * (start + per + 1)))
    short = ((row, f) for row, f in rules.evaluate(org, year, size=size) if f.lacks)
    rows = list(itertools.islice(short, start, start + per + 1))
    return {
        "rows": rows[:per],
        "number": current,
        "has_next": len(rows) > per,
        "has_previous": current > 1,
        "start": start,
    }


@web_view(access.VIEW, methods=["GET"])
def shortfalls(request):
    form = OrgYearForm(request.GET or None, user=request.user)
    page = rule = None
    if form.is_valid():
        org = access.get_org_for_user(request.user, form.cleaned_data["org"])
        year = form.cleaned_data["year"]
        if request.GET.get("format") == "xlsx":
            out = io.BytesIO()
            exporting.summary_export(
                user=request.user,
                org=org,
                year=year,
                out=out,
                shortfalls_only=True,
                request=request,
            )
            return _xlsx(out.getvalue(), exporting.filename(org, year, "未达要求会员"))
        page = _shortfall_page(org, year, request.GET.get("page"))
        rule = figures.rule_for_org(org, year)
    export_url = (
        reverse("archive:shortfalls")
        + "?"
        + querystring(
            {
                "org": request.GET.get("org", ""),
                "year": request.GET.get("year", ""),
                "format": "xlsx",
            }
        )
    )
    return render(
        request,
        "archive/shortfalls.html",
        {
            "form": form,
            "page": page,
            "rule": rule,
            "export_url": export_url,
            "query": querystring(
                {"org": request.GET.get("org", ""), "year": request.GET.get("year", "")}
            ),
        },
    )
