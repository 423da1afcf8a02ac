"""抽样设计 pages: the calculator and the draw, the design with response rates and the
design-based estimate, who has not answered (masked names) with reminders and replacement
from the reserve, and the shareable invitation link with its QR code. Thin: parse, call one
selector/service, render."""

from __future__ import annotations

import io
from typing import Any

import qrcode
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kesu.assessment import sample_selectors as ss
from kesu.assessment import sample_services, selectors
from kesu.assessment.forms import ReplaceForm, SampleForm
from kesu.assessment.models import LiteracyAssessment, SampleMember
from kesu.assessment.presenters import sample_data
from kesu.orgs import access
from kesu.web.views import apply_errors, web_view

TRACK_MAX = 500  # rows of the members list shown at once


def _invite_url(request: HttpRequest, a: LiteracyAssessment) -> str:
    return request.build_absolute_uri(reverse("assessment:invite", args=[ss.invite_token(a)]))


def _preview(a: LiteracyAssessment, form: SampleForm) -> dict[str, Any] | None:
    try:
        prop = sample_services.sample_plan(assessment=a, data=form.cleaned_data)
    except sample_services.SampleError as exc:
        apply_errors(form, exc)
        return None
    rows = [
        (
            prop.strata.label(k),
            n,
            prop.allocation.get(k, 0),
            None if prop.sd is None else prop.sd[k],
        )
        for k, n in prop.population.items()
    ]
    return {
        "plan": prop.plan,
        "n": prop.n,
        "deff": prop.deff,
        "rows": rows,
        "frame": sum(prop.population.values()),
        "prior": prop.prior,
    }


@web_view(access.VIEW)
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_get(user=request.user, pk=pk)
    design = ss.design_for(a)
    can_draw = design is None and access.may(request.user, a.org, access.CHANGE)
    asked = "stratify_by" in request.GET  # the calculator's 估算, not e.g. ?show=all
    bound = request.POST if request.method == "POST" else (request.GET if asked else None)
    form = SampleForm(bound) if can_draw else None
    preview, status = None, 200
    if request.method == "POST":
        if not can_draw:
            raise access.Forbidden(_("本测评已经抽样，或您无权为其抽样"))
        if form.is_valid():  # type: ignore[union-attr]
            try:
                design = sample_services.sample_draw(
                    actor=request.user, assessment=a, data=form.cleaned_data, request=request
                )  # type: ignore[union-attr]
            except sample_services.SampleError as exc:
                apply_errors(form, exc)  # type: ignore[arg-type]
            else:
                messages.success(
                    request,
                    _("已抽取 %(n)d 人（随机种子 %(s)d）。") % {"n": design.size, "s": design.seed},
                )
                return redirect("assessment:sample", pk=a.pk)
        status = 400
    elif form is not None and form.is_bound and form.is_valid():
        preview = _preview(a, form)
    ctx: dict[str, Any] = {"a": a, "design": design, "form": form, "preview": preview}
    if design is not None:
        only = request.GET.get("show", "pending")
        rows = ss.tracking(
            design, pending_only=only == "pending", scope=access.scope_path(request.user)
        )
        ctx.update(
            d=sample_data(ss.design_results(design)),
            rows=rows[:TRACK_MAX],
            more=len(rows) > TRACK_MAX,
            show=only,
            url=_invite_url(request, a),
            replace_form=ReplaceForm(),
            can_change=access.can(request.user, access.CHANGE),
        )
    return render(request, "assessment/sample.html", ctx, status=status)


@web_view(access.CHANGE, methods=["POST"])
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_get(user=request.user, pk=pk)
    design = ss.design_for(a)
    if design is None:
        raise access.NotFound()
    ids = [int(x) for x in request.POST.getlist("sm") if x.isdigit()] or None
    try:
        n = sample_services.sample_remind(
            actor=request.user,
            design=design,
            ids=ids,
            note=request.POST.get("note", ""),
            request=request,
        )
    except sample_services.SampleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已提醒 %(n)d 名会员。") % {"n": n})
    return redirect("assessment:sample", pk=a.pk)


@web_view(access.CHANGE, methods=["POST"])
def replace(request: HttpRequest, pk: int, sm: int) -> HttpResponse:
    a = selectors.assessment_get(user=request.user, pk=pk)
    qs = SampleMember.objects.select_related("member__org", "design__assessment")
    row = access.get_for_user(
        qs.filter(design__assessment=a), request.user, access.CHANGE, org_field="member__org", pk=sm
    )
    form = ReplaceForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        new = sample_services.sample_replace(
            actor=request.user, sample_member=row, reason=reason, request=request
        )
    except sample_services.SampleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("已由备选会员 %(n)s 替换。") % {"n": ss.mask_name(new.member.name)}
        )
    return redirect("assessment:sample", pk=a.pk)


@web_view(access.VIEW, methods=["GET"])
def invite_qr(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.assessment_get(user=request.user, pk=pk)
    image = qrcode.make(_invite_url(request, a), box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def invite(request: HttpRequest, token: str) -> HttpResponse:
    """The shareable link: a sampled member goes on to the paper; anyone else is told why not."""
    a = ss.invite_assessment(token)
    if a is None:
        return render(
            request,
            "assessment/invite.html",
            {"problem": _("该邀请链接无效或已被篡改。")},
            status=404,
        )
    member_id = getattr(request.user, "member_id", None)
    mine = (
        [i for i in ss.pending_invitations(request.user.member) if i.assessment_id == a.pk]
        if member_id
        else []
    )
    if mine:
        return redirect(mine[0].url)
    sampled = (
        member_id
        and SampleMember.objects.filter(design__assessment=a, member_id=member_id)
        .exclude(status="reserve")
        .exists()
    )
    problem = (
        _("您已完成本次测评，或测评不在开放期内。")
        if sampled
        else _("本次测评采用抽样调查，您不在本次的样本名单中，感谢关注。")
    )
    return render(request, "assessment/invite.html", {"a": a, "problem": problem})
