"""Activity pages: list with filters (htmx), detail, create, edit, copy as next year's template."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.activities import selectors, services, validation
from kesu.activities.choices import TARGET_GROUPS, TOPICS
from kesu.activities.forms import ActivityFilterForm, ActivityForm
from kesu.audit.display import with_change_rows
from kesu.audit.selectors import audit_list
from kesu.core.codes import decode_codes
from kesu.orgs import access
from kesu.web.pages import live_list, submit_form
from kesu.web.views import paginate, web_view

RESULTS = "activity-results"


@web_view(access.VIEW, methods=["GET"])
def activity_list(request):
    filters = selectors.ActivityFilters.from_mapping(request.GET)
    context = {
        "page": paginate(request, selectors.activity_list(user=request.user, filters=filters)),
        "can_change": access.can(request.user, access.CHANGE),
    }
    return live_list(request, "activities", RESULTS, context, ActivityFilterForm)


@web_view(access.VIEW, methods=["GET"])
def activity_detail(request, pk: int):
    user = request.user
    activity = selectors.activity_get(user=user, pk=pk)
    entries = None
    if access.can(user, access.MANAGE):
        qs = audit_list(user=user, target_type="activity").filter(target_id=str(activity.pk))
        entries = with_change_rows(list(qs[:10]))
    context = {
        "activity": activity,
        "counts": selectors.activity_person_times(activity),
        "topics": validation.code_labels(activity.topics, TOPICS),
        "target_groups": validation.code_labels(activity.target_groups, TARGET_GROUPS),
        "co_orgs": activity.co_orgs.order_by("path"),
        "can_change": access.can(user, access.CHANGE),
        "entries": entries,
    }
    return render(request, "activities/detail.html", context)


def _initial(activity) -> dict:
    initial = {field: getattr(activity, field) for field in services.COPIED_FIELDS}
    for field in services.OUTPUT_FIELDS:
        value = getattr(activity, field)
        initial[field] = "" if value is None else value
    initial.update(
        org=activity.org.code,
        co_orgs=list(activity.co_orgs.values_list("code", flat=True)),
        campaign=str(activity.campaign_id or ""),
        start=timezone.localtime(activity.start).strftime("%Y-%m-%dT%H:%M"),
        end=timezone.localtime(activity.end).strftime("%Y-%m-%dT%H:%M"),
        topics=decode_codes(activity.topics),
        target_groups=decode_codes(activity.target_groups),
        review_note=activity.review_note,
    )
    return initial


def _activity_form(request, activity=None):
    """The new page (`activity` None) or an activity's edit page."""
    if activity is None:
        initial = {"org": request.GET.get("org", ""), "campaign": request.GET.get("campaign", "")}
    else:
        initial = _initial(activity)
    form = ActivityForm(request.POST or None, user=request.user, initial=initial)

    def save():
        org_code, co_orgs, data = form.activity_data()
        org = access.get_org_for_user(request.user, org_code, access.CHANGE)
        codes = validation.split_codes(co_orgs)
        if activity is None:
            return services.activity_create(
                actor=request.user, org=org, data=data, co_orgs=codes, request=request
            )
        data |= {"org": org, "co_orgs": codes}
        services.activity_update(actor=request.user, activity=activity, data=data, request=request)
        return activity

    done = submit_form(
        request,
        form,
        save,
        success=(
            (lambda created: _("已登记活动“%(title)s”。") % {"title": created.title})
            if activity is None
            else _("已保存。")
        ),
        to="activities:detail",
    )
    context = {"form": form, "creating": True} if activity is None else {"form": form}
    return done or render(request, "activities/form.html", context | {"activity": activity})


@web_view(access.CHANGE)
def activity_create(request):
    return _activity_form(request)


@web_view(access.CHANGE)
def activity_edit(request, pk: int):
    return _activity_form(
        request, selectors.activity_get(user=request.user, pk=pk, action=access.CHANGE)
    )


@web_view(access.CHANGE, methods=["POST"])
def activity_copy(request, pk: int):
    activity = selectors.activity_get(user=request.user, pk=pk, action=access.CHANGE)
    copy = services.activity_copy(actor=request.user, activity=activity, request=request)
    messages.success(request, _("已复制为下一年度的活动模板，请核对日期后保存。"))
    return redirect("activities:edit", pk=copy.pk)
