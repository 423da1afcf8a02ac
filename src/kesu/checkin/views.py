"""Check-in pages: the public phone form behind a signed link, and the staff page of an
activity (link, QR code, printable sheet, attendance list, add members, import a sheet).

The public page is plain HTML with a CSRF-protected POST: no script is needed, so it works
in the WeChat in-app browser.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from kesu.activities.models import Activity
from kesu.checkin import review, selectors, services, tokens
from kesu.checkin.forms import CheckinForm, ImportForm, LinkForm
from kesu.checkin.ratelimit import RateLimited
from kesu.core.proxies import client_ip
from kesu.core.qr import qr_png_response
from kesu.members.picked import members_picked
from kesu.orgs import access
from kesu.web.pages import outcome, post_action, save_or_show
from kesu.web.views import paginate, querystring, web_view

LOGIN_FIELD = "as_member"  # the one-tap button of a logged-in member posts this field


def _error(request: HttpRequest, title: str, message: str, status: int) -> HttpResponse:
    return render(
        request, "checkin/error.html", {"title": title, "message": message}, status=status
    )


@ensure_csrf_cookie
@csrf_protect
@require_http_methods(["GET", "POST"])
def checkin_public(request: HttpRequest, token: str) -> HttpResponse:
    try:
        info = tokens.read_token(token)
    except tokens.TokenError as exc:  # public page, no form: its own error page, titled, status
        return _error(request, exc.title, str(exc), exc.status)
    activity = Activity.objects.select_related("org").filter(pk=info.activity_id).first()
    if activity is None or info.session >= tokens.session_count(activity):
        return _error(request, "活动不存在", "该活动已不存在，请向活动工作人员确认。", 404)
    login_member, login_message = services.login_checkin_state(activity=activity, user=request.user)
    by_login = request.method == "POST" and LOGIN_FIELD in request.POST
    form = CheckinForm(request.POST if request.method == "POST" and not by_login else None)
    try:
        result = None
        if by_login:  # the one-tap button has no form: its refusal is shown beside it
            result, refused = outcome(
                lambda: services.checkin_logged_in(
                    activity=activity,
                    session=info.session,
                    user=request.user,
                    ip=client_ip(request),
                )
            )
            login_message = refused or login_message
        elif form.is_bound and form.is_valid():
            result = save_or_show(
                form,
                lambda: services.checkin_by_phone(
                    activity=activity,
                    session=info.session,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    ip=client_ip(request),
                ),
            )
    except RateLimited as exc:
        return _error(request, "请稍后再试", exc.message, 429)
    if result is not None:
        return render(
            request,
            "checkin/done.html",
            {"activity": activity, "result": result, "session": info.session, "by_login": by_login},
        )
    return render(
        request,
        "checkin/form.html",
        {
            "activity": activity,
            "form": form,
            "session": info.session,
            "login_member": login_member,
            "login_message": login_message,
            "login_field": LOGIN_FIELD,
            **_session_info(activity),
        },
    )


# ---------------------------------------------------------------- staff pages


def _session_info(activity: Activity) -> dict[str, Any]:
    count = tokens.session_count(activity)
    return {"multi_session": count > 1, "session_total": count}


def _sessions(activity: Activity) -> list[tuple[int, str]]:
    count = tokens.session_count(activity)
    if count == 1:
        return [(0, "全场")]
    result = []
    for n in range(count):
        start, _end = tokens.session_span(activity, n)
        result.append((n, f"第{n + 1}天（{timezone.localtime(start):%m月%d日}）"))
    return result


def _link(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    """Session and validity window from the query string, and the token they give."""
    form = LinkForm(request.GET or None, sessions=_sessions(activity))
    session, before, after = 0, None, None
    if form.is_bound and form.is_valid():
        session = form.cleaned_data["session"] or 0
        before, after = form.cleaned_data["before"], form.cleaned_data["after"]
    token, info = tokens.make_token(activity, session, hours_before=before, hours_after=after)
    query = {"session": session}
    if before is not None:
        query["before"] = before
    if after is not None:
        query["after"] = after
    url = request.build_absolute_uri(reverse("checkin:public", args=[token]))
    return {
        "link_form": form,
        "session": session,
        "token": token,
        "info": info,
        "url": url,
        "query": query,
    }


@web_view(access.VIEW, methods=("GET",))
def manage(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id)
    can_change = access.can(request.user, access.CHANGE)
    ctx: dict[str, Any] = {"activity": activity, "can_change": can_change}
    if can_change:
        link = _link(request, activity)
        ctx.update(link, qs=querystring(link["query"]))
        q = request.GET.get("q", "")
        ctx["q"] = q
        ctx["roster"] = list(
            selectors.roster_pick(user=request.user, activity=activity, q=q)[
                : selectors.ROSTER_PICK_LIMIT
            ]
        )
        ctx["import_form"] = ImportForm(sessions=_sessions(activity))
    ctx.update(_attendance_context(request, activity))
    ctx["unconfirmed"] = [
        {"att": a, "phone": selectors.display_phone(a)}
        for a in review.unconfirmed_list(activity=activity)[: selectors.ROSTER_PICK_LIMIT]
    ]
    return render(request, "checkin/manage.html", ctx)


def _attendance_context(request: HttpRequest, activity: Activity) -> dict[str, Any]:
    page = paginate(request, selectors.attendance_list(activity=activity))
    rows = [
        {"att": a, "name": selectors.display_name(a), "phone": selectors.display_phone(a)}
        for a in page.object_list
    ]
    return {
        "page": page,
        "rows": rows,
        "counts": selectors.attendance_counts(activity=activity),
        "sessions": _sessions(activity),
        "session_labels": dict(_sessions(activity)),
    }


@web_view(access.CHANGE, methods=("GET",))
def qr_png(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id, action=access.CHANGE)
    url = _link(request, activity)["url"]
    return qr_png_response(url)


def _when(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


@web_view(access.CHANGE, methods=("GET",))
def sheet(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id, action=access.CHANGE)
    link = _link(request, activity)
    when = f"{_when(activity.start)} — {_when(activity.end)}"
    if tokens.session_count(activity) > 1:
        when += f" · {dict(_sessions(activity))[link['session']]}"
    lines = [when] + ([f"地点：{activity.place}"] if activity.place else [])
    qr_src = reverse("checkin:qr", args=[activity.pk]) + "?" + querystring(link["query"])
    return render(
        request,
        "checkin/sheet.html",
        {
            "title": activity.title,
            "lines": lines,
            "qr_src": qr_src,
            "qr_alt": "签到二维码",
            "call": "微信扫一扫 · 填写姓名和手机号签到",
            "org": activity.org.name,
            "url": link["url"],
            "back_url": reverse("checkin:manage", args=[activity.pk]),
            "back_label": "返回签到管理",
        },
    )


@web_view(access.CHANGE, methods=("POST",))
def add_members(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id, action=access.CHANGE)
    try:
        session = int(request.POST.get("session", "0"))
        ids = [int(x) for x in request.POST.getlist("member")]
    except ValueError:
        raise access.NotFound() from None
    if not ids:
        messages.error(request, "请至少勾选一名会员")
        return redirect("checkin:manage", activity_id=activity.pk)
    picked = members_picked(user=request.user, ids=ids)
    return post_action(
        request,
        lambda: services.attendance_add_members(
            actor=request.user,
            activity=activity,
            session=session,
            members=picked,
            request=request,
        ),
        success=lambda result: f"已登记 {result.added} 人，{result.already} 人此前已签到",
        to=reverse("checkin:manage", args=[activity.pk]),
    )


@web_view(access.CHANGE, methods=("POST",))
def import_sheet(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=activity_id, action=access.CHANGE)
    form = ImportForm(request.POST, request.FILES, sessions=_sessions(activity))
    result = None
    if form.is_valid():
        result = save_or_show(
            form,
            lambda: services.attendance_import(
                actor=request.user,
                activity=activity,
                session=form.cleaned_data["session"],
                source=form.cleaned_data["file"],
                request=request,
            ),
        )
    status = 200 if result is not None else 400
    return render(
        request,
        "checkin/import_result.html",
        {"activity": activity, "import_form": form, "result": result},
        status=status,
    )


_REVIEW = {
    "confirm": (review.attendance_confirm, "已确认为会员签到"),
    "guest": (review.attendance_mark_guest, "已改记为来宾签到"),
}


@web_view(access.CHANGE, methods=("POST",))
def review_row(request: HttpRequest, activity_id: int, pk: int, decision: str) -> HttpResponse:
    """Staff decide an uncertain name match: confirm the member, or record a guest."""
    activity = selectors.activity_get(user=request.user, pk=activity_id, action=access.CHANGE)
    if decision not in _REVIEW:
        raise access.NotFound()
    service, done = _REVIEW[decision]
    return post_action(
        request,
        lambda: service(actor=request.user, activity=activity, pk=pk, request=request),
        success=done,
        to=reverse("checkin:manage", args=[activity.pk]) + "#review",
    )
