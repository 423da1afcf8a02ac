"""信息报送 pages: thin over kesu.submissions.services/selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from kesu.indicators.forms import bound_range
from kesu.orgs import access
from kesu.submissions import selectors, services
from kesu.web.pages import post_action
from kesu.web.views import querystring, web_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scope(request: HttpRequest):
    form, org = bound_range(request)
    return form, None if org is None else {**form.cleaned_data, "org": org}


def _back(scope: dict) -> str:
    query = querystring(
        {"org": scope["org"].code, "from": scope["from"].isoformat(), "to": scope["to"].isoformat()}
    )
    return f"/submissions/?{query}"


@web_view(access.VIEW, methods=["GET"])
def index(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    context: dict = {"form": form, "scope": scope}
    if scope is not None:
        org, start, end = scope["org"], scope["from"], scope["to"]
        context.update(
            own=selectors.own_submission(user=request.user, org=org, start=start, end=end),
            children=selectors.children_status(user=request.user, parent=org, start=start, end=end),
            can_change=access.can(request.user, access.CHANGE),
            summary_query=querystring(
                {"org": org.code, "from": start.isoformat(), "to": end.isoformat()}
            ),
        )
        done = sum(1 for c in context["children"] if c.submission is not None)
        context["counts"] = {"total": len(context["children"]), "submitted": done}
    return render(request, "submissions/index.html", context)


@web_view(access.CHANGE, methods=["POST"])
def submit(request: HttpRequest) -> HttpResponse:
    _form, scope = _scope(request)
    if scope is None:
        raise Http404()
    return post_action(
        request,
        lambda: services.submission_submit(
            actor=request.user,
            org=scope["org"],
            start=scope["from"],
            end=scope["to"],
            note=request.POST.get("note", ""),
        ),
        success="已报送上级，数据已按报送时冻结",
        to=_back(scope),
    )


@web_view(access.VIEW, methods=["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    can_review = (
        access.can(request.user, access.CHANGE) and request.user.org_id != submission.org_id
    )
    return render(
        request, "submissions/detail.html", {"submission": submission, "can_review": can_review}
    )


@web_view(access.CHANGE, methods=["POST"])
def review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    if action == "return":
        act, done = (
            lambda: services.submission_return(
                actor=request.user, submission=submission, comment=request.POST.get("comment", "")
            ),
            "已退回，下级修改后可重新报送",
        )
    elif action == "accept":
        act, done = (
            lambda: services.submission_accept(actor=request.user, submission=submission),
            "已接收",
        )
    else:
        raise Http404()
    back = reverse("submissions:detail", args=[pk])
    try:
        return post_action(request, act, success=done, to=back)
    except access.Forbidden as exc:  # reviewing one's own unit: said on the page, not a 403
        messages.error(request, exc.message)
        return redirect(back)


@web_view(access.VIEW, methods=["GET"])
def download(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, pk=pk)
    if not submission.summary_docx:
        raise Http404()
    with submission.summary_docx.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=DOCX)
    name = f"{submission.org.name}{submission.start}至{submission.end}工作总结（报送版）.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
