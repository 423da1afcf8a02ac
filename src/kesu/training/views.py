"""培训 staff pages: courses, sessions (with their check-in pages), enrolment, certificates,
the training ledger. Views parse input, call one selector or service and render; scope and
roles are the access layer's (out-of-scope ids answer 404, read-only roles 403 on writes).

Member self-service and the public verification page: kesu.training.views_member.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.members.picked import members_picked
from kesu.orgs import access
from kesu.training import enrolling, forms, ledger, selectors, services
from kesu.training.certificates import certificates_issue
from kesu.training.models import Course, Session
from kesu.training.progress import course_progress
from kesu.web.pages import outcome, page_of, post_action, submit_form
from kesu.web.records import initial_of, submit_service
from kesu.web.views import paginate, querystring, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _course_initial(course: Course) -> dict:
    fields = ("title", "provider", "teachers", "is_teacher_training", "self_enrol", "description")
    return initial_of(course, fields, dates=("enrol_deadline",)) | {
        "topics": [c for c in course.topics.split(",") if c],
        "target_groups": [c for c in course.target_groups.split(",") if c],
        "experts": [str(pk) for pk in course.experts.values_list("pk", flat=True)],
        "planned_hours": f"{course.planned_hours.normalize():f}",
        "capacity": course.capacity or "",
        "pass_percent": course.pass_percent,
        "quiz_paper": str(course.quiz_paper_id or ""),
    }


@web_view(access.VIEW, methods=["GET"])
def course_list(request):
    filters = selectors.CourseFilters.from_mapping(request.GET)
    rows = selectors.course_list(user=request.user, filters=filters)
    year = timezone.localdate().year
    return render(
        request,
        "training/index.html",
        {
            "page": paginate(request, rows),
            "form": forms.CourseFilterForm(request.GET, user=request.user, action=access.VIEW),
            "can_change": access.can(request.user, access.CHANGE),
            "ledger_form": forms.LedgerForm(
                user=request.user,
                auto_id="ledger_%s",
                initial={
                    "org": request.user.org.code if request.user.org_id else "",
                    "start": dt.date(year, 1, 1).isoformat(),
                    "end": dt.date(year, 12, 31).isoformat(),
                },
            ),
        },
    )


@web_view(access.CHANGE)
def course_create(request):
    form = forms.CourseForm(
        request.POST or None,
        user=request.user,
        initial={"org": request.GET.get("org", ""), "self_enrol": True},
    )

    def save():
        code, data = form.course_data()
        org = access.get_org_for_user(request.user, code, access.CHANGE)
        return services.course_create(actor=request.user, org=org, data=data, request=request)

    done = submit_form(
        request, form, save, success=_("已创建培训课程，请添加讲次。"), to="training:detail"
    )
    return done or render(
        request,
        "training/form.html",
        {"form": form, "title": _("新建培训课程"), "cancel": reverse("training:index")},
    )


@web_view(access.CHANGE)
def course_edit(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.CourseForm(
        request.POST or None, user=request.user, initial=_course_initial(course)
    )
    form.fields["org"].disabled = True

    def save():
        return services.course_update(
            actor=request.user, course=course, data=form.course_data()[1], request=request
        )

    back = page_of("training:detail", course.pk)
    done = submit_form(request, form, save, success=_("已保存。"), to=back)
    return done or render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("编辑培训课程"),
            "obj": course,
            "cancel": reverse("training:detail", args=[course.pk]),
        },
    )


def _detail(request, course: Course, *, session_form=None, status: int = 200):
    can_change = access.can(request.user, access.CHANGE)
    q = request.GET.get("q", "")
    ctx = {
        "course": course,
        "can_change": can_change,
        "sessions": selectors.course_sessions(course),
        "totals": selectors.course_totals(course),
        "rows": course_progress(course),
        "experts": list(course.experts.all()),
        "q": q,
    }
    if can_change:
        ctx["session_form"] = session_form or forms.SessionForm()
        ctx["import_form"] = forms.EnrolImportForm()
        ctx["roster"] = list(
            selectors.roster_pick(user=request.user, course=course, q=q)[
                : selectors.ROSTER_PICK_LIMIT
            ]
        )
    return render(request, "training/detail.html", ctx, status=status)


@web_view(access.VIEW, methods=["GET"])
def course_detail(request, pk: int):
    return _detail(request, selectors.course_get(user=request.user, pk=pk))


@web_view(access.CHANGE, methods=["POST"])
def session_add(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.SessionForm(request.POST)
    added = _("已添加第%(number)s讲。")
    create = services.session_create
    done = submit_service(request, form, "training:detail", create, course=course, success=added)
    return done or _detail(request, course, session_form=form, status=400)


@web_view(access.CHANGE)
def session_edit(request, pk: int):
    session: Session = selectors.session_get(user=request.user, pk=pk, action=access.CHANGE)
    fmt = "%Y-%m-%dT%H:%M"
    initial = {
        "start": timezone.localtime(session.start).strftime(fmt),
        "end": timezone.localtime(session.end).strftime(fmt),
        "hours": f"{session.hours.normalize():f}",
        "place": session.place,
        "online_url": session.online_url,
    }
    form = forms.SessionForm(request.POST or None, initial=initial)
    update, back = services.session_update, "training:detail"
    done = submit_service(request, form, back, update, session=session, pk=session.course_id)
    return done or render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("编辑第%(n)s讲") % {"n": session.number},
            "obj": session.course,
            "cancel": reverse("training:detail", args=[session.course_id]),
        },
    )


@web_view(access.CHANGE, methods=["POST"])
def session_delete(request, pk: int):
    session: Session = selectors.session_get(user=request.user, pk=pk, action=access.CHANGE)
    return post_action(
        request,
        lambda: services.session_delete(actor=request.user, session=session, request=request),
        success=_("已删除第%(n)s讲。") % {"n": session.number},
        to=reverse("training:detail", args=[session.course_id]),
    )


@web_view(access.CHANGE, methods=["POST"])
def enrol_add(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, action=access.CHANGE)
    ids = [int(v) for v in request.POST.getlist("member") if v.isdigit()]
    if not ids:
        messages.error(request, _("请选择要报名的会员。"))
        return redirect("training:detail", pk=course.pk)
    members = members_picked(user=request.user, ids=ids)
    return post_action(
        request,
        lambda: enrolling.enrol_members(
            actor=request.user, course=course, members=members, request=request
        ),
        success=lambda result: _enrolled(_("已报名 %(n)s 人。"), result.added, result.already),
        to=reverse("training:detail", args=[course.pk]),
    )


def _enrolled(text: str, added: int, already: int) -> str:
    """`text` with the number enrolled, and how many had enrolled before."""
    done = text % {"n": added}
    if already:
        done += _("%(n)s 人此前已报名。") % {"n": already}
    return done


@web_view(access.CHANGE, methods=["POST"])
def enrol_import(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.EnrolImportForm(request.POST, request.FILES)
    result, error = None, ""
    if not form.is_valid():
        error = _("请选择要导入的表格文件。")
    else:
        result, error = outcome(
            lambda: enrolling.enrol_import(
                actor=request.user, course=course, source=form.cleaned_data["file"], request=request
            )
        )
    if result is not None and not result.errors:
        messages.success(
            request, _enrolled(_("已从表格报名 %(n)s 人。"), result.created, result.unchanged)
        )
        return redirect("training:detail", pk=course.pk)
    return render(
        request,
        "training/import_result.html",
        {"course": course, "result": result, "error": error},
        status=400,
    )


@web_view(access.CHANGE, methods=["POST"])
def certificates_issue_view(request, pk: int):
    course = selectors.course_get(user=request.user, pk=pk, action=access.CHANGE)
    issued = certificates_issue(actor=request.user, course=course, request=request)
    messages.success(request, _("已发放结业证书 %(n)s 份。") % {"n": issued})
    return redirect("training:detail", pk=course.pk)


@web_view(access.VIEW, methods=["GET"])
def ledger_download(request):
    code = request.GET.get("org") or (request.user.org.code if request.user.org_id else "")
    org = access.get_org_for_user(request.user, code)
    year = timezone.localdate().year
    try:
        get = request.GET.get
        start = dt.date.fromisoformat(get("from") or get("start") or f"{year}-01-01")
        end = dt.date.fromisoformat(get("to") or get("end") or f"{year}-12-31")
    except ValueError:
        return HttpResponse(
            _("日期格式无效，应为 YYYY-MM-DD"), status=400, content_type="text/plain; charset=utf-8"
        )
    if end < start:
        return HttpResponse(
            _("截止日期不能早于开始日期"), status=400, content_type="text/plain; charset=utf-8"
        )
    content = ledger.training_ledger_xlsx(request.user, org, start, end, request=request)
    response = HttpResponse(content, content_type=XLSX)
    name = quote(ledger.ledger_filename(org, start, end))
    response["Content-Disposition"] = (
        f"attachment; filename=\"training-ledger.xlsx\"; filename*=UTF-8''{name}"
    )
    return response


def ledger_url(org_code: str, start: dt.date, end: dt.date) -> str:
    """For the reports module: the download link of one organisation's ledger."""
    query = querystring({"org": org_code, "from": start.isoformat(), "to": end.isoformat()})
    return f"{reverse('training:ledger')}?{query}"
