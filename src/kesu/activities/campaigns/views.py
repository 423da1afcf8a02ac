"""Pages for campaigns, the theme-day calendar, and activity attachments (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.activities import attachments
from kesu.activities.campaigns import services as campaigns
from kesu.activities.campaigns import themedays
from kesu.activities.campaigns import tree as campaign_tree
from kesu.activities.campaigns.forms import (
    AttachmentForm,
    CampaignForm,
    FromThemeDayForm,
    ThemeDayForm,
)
from kesu.activities.models import Activity, ThemeDay
from kesu.core.parsing import lenient, parse_year
from kesu.orgs import access
from kesu.web.pages import page_named, post_action, save_or_show, submit_form
from kesu.web.records import service_save, submit_service
from kesu.web.views import paginate, web_view

PANEL = "activities/attachments_panel.html"


def _year(request) -> int:
    year = lenient(
        parse_year, request.GET.get("year"), low=themedays.YEAR_MIN, high=themedays.YEAR_MAX
    )
    return year or timezone.localdate().year


@web_view(access.VIEW, methods=["GET"])
def campaign_list(request):
    year = _year(request)
    user = request.user
    can_change = access.can(user, access.CHANGE)
    context = {
        "year": year,
        "page": paginate(request, campaigns.campaign_list(user=user, year=year)),
        "can_change": can_change,
        "from_form": FromThemeDayForm(user=user, initial={"year": year}) if can_change else None,
        "entries": themedays.calendar_for(year),
    }
    return render(request, "activities/campaign_list.html", context)


def _created(campaign) -> str:
    return _("已创建主题活动“%(name)s”。") % {"name": campaign.name}


def _campaign_form(request, form, status: int = 200, **extra):
    """The campaign form again, with the campaign a refusal names as already existing."""
    existing = getattr(getattr(form, "refusal", None), "existing", None)
    context = {"form": form, "existing": existing, **extra}
    return render(request, "activities/campaign_form.html", context, status=status)


@web_view(access.CHANGE)
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)

    def save():
        data = dict(form.cleaned_data)
        org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
        return campaigns.campaign_create(actor=request.user, org=org, request=request, **data)

    done = submit_form(request, form, save, success=_created, to="campaigns:detail")
    return done or _campaign_form(request, form, creating=True)


@web_view(access.CHANGE, methods=["POST"])
def campaign_from_theme_day(request):
    form = FromThemeDayForm(request.POST, user=request.user)

    def save():
        data = form.cleaned_data
        return campaigns.campaign_from_theme_day(
            actor=request.user,
            org=access.get_org_for_user(request.user, data["org"], access.CHANGE),
            theme_day=data["theme_day"],
            year=data["year"],
            request=request,
        )

    done = submit_form(request, form, save, success=_created, to="campaigns:detail")
    return done or _campaign_form(request, form, status=400, from_theme_day=True)


@web_view(access.VIEW, methods=["GET"])
def campaign_detail(request, pk: int):
    user = request.user
    campaign = campaigns.campaign_get(user=user, pk=pk)
    rows = campaigns.campaign_coverage(user=user, campaign=campaign)
    can_edit = campaigns.can_change_campaign(user, campaign)
    context = {
        "campaign": campaign,
        "rows": rows,
        "covered": sum(1 for r in rows if not r.missing),
        "missing": sum(1 for r in rows if r.missing),
        "page": paginate(request, campaigns.campaign_activities(user=user, campaign=campaign)),
        "can_edit": can_edit,
        "can_file": access.may(user, user.org, access.CHANGE) if user.org_id else can_edit,
        "higher": campaign_tree.higher_duplicate(campaign),
        "lower": campaign_tree.lower_duplicates(user=user, campaign=campaign),
        "reminded": campaign_tree.reminded_today(campaign) if can_edit else set(),
    }
    return render(request, "activities/campaign_detail.html", context)


@web_view(access.CHANGE, methods=["POST"])
def campaign_join(request, pk: int):
    campaign = campaigns.campaign_get(user=request.user, pk=pk, action=access.CHANGE)
    return post_action(
        request,
        lambda: campaign_tree.campaign_join(actor=request.user, campaign=campaign, request=request),
        success=lambda higher: (
            _("已并入“%(name)s”，原有活动已归入该主题活动。") % {"name": higher.name}
        ),
        to=lambda higher: reverse("campaigns:detail", args=[higher.pk]),
        refused_to=reverse("campaigns:detail", args=[campaign.pk]),
    )


@web_view(access.CHANGE, methods=["POST"])
def campaign_remind(request, pk: int):
    campaign = campaigns.campaign_get(user=request.user, pk=pk, action=access.CHANGE)
    return post_action(
        request,
        lambda: campaign_tree.campaign_remind(
            actor=request.user,
            campaign=campaign,
            note=request.POST.get("note", ""),
            request=request,
        ),
        success=lambda sent: _("已向 %(n)d 个未填报单位催报。") % {"n": len(sent)},
        to=reverse("campaigns:detail", args=[campaign.pk]),
    )


@web_view(access.CHANGE)
def campaign_edit(request, pk: int):
    campaign = campaigns.campaign_get(user=request.user, pk=pk, action=access.CHANGE)
    initial = {field: getattr(campaign, field) for field in campaigns.EDITABLE}
    form = CampaignForm(request.POST or None, user=request.user, editing=True, initial=initial)
    done = submit_service(
        request, form, "campaigns:detail", campaigns.campaign_update, campaign=campaign
    )
    return done or render(
        request, "activities/campaign_form.html", {"form": form, "campaign": campaign}
    )


# ---------------------------------------------------------------- theme days


@web_view(access.VIEW, methods=["GET"])
def theme_calendar(request):
    year = _year(request)
    can_edit = themedays.can_edit_theme_days(request.user)
    entries = themedays.calendar_for(year, include_inactive=can_edit)
    context = {
        "year": year,
        "months": themedays.calendar_by_month(entries),
        "can_edit": can_edit,
        "can_change": access.can(request.user, access.CHANGE),
    }
    return render(request, "activities/calendar.html", context)


@web_view(None)
def theme_day_edit(request, pk: int):
    if not themedays.can_edit_theme_days(request.user):
        raise PermissionDenied(access.Forbidden().message)
    try:
        theme_day = ThemeDay.objects.get(pk=pk)
    except ThemeDay.DoesNotExist:
        raise access.NotFound() from None
    initial = {field: getattr(theme_day, field) for field in themedays.EDITABLE}
    form = ThemeDayForm(request.POST or None, initial=initial)
    save = service_save(request, form, themedays.theme_day_update, theme_day=theme_day)
    done = submit_form(
        request, form, save, success=_("已保存。"), to=page_named("campaigns:calendar")
    )
    if done:
        return done
    context = {"form": form, "theme_day": theme_day, "rule": themedays.describe_rule(theme_day)}
    return render(request, "activities/theme_day_form.html", context)


# ---------------------------------------------------------------- attachments


def _panel(request, activity, form=None, status=200):
    context = {"activity": activity, "attachment_form": form or AttachmentForm()}
    return render(request, PANEL, context, status=status)


@web_view(access.VIEW, methods=["GET"])
def attachment_panel(request, activity_id: int):
    activity = access.get_for_user(
        Activity.objects.select_related("org"), request.user, pk=activity_id
    )
    return _panel(request, activity)


@web_view(access.CHANGE, methods=["POST"])
def attachment_upload(request, activity_id: int):
    activity = access.get_for_user(
        Activity.objects.select_related("org"), request.user, access.CHANGE, pk=activity_id
    )
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        save_or_show(
            form,
            lambda: attachments.attachment_add(
                actor=request.user,
                activity=activity,
                upload=form.cleaned_data["file"],
                request=request,
            ),
        )
    ok = not form.errors
    if request.htmx:
        # htmx swaps only 2xx answers: errors travel inside the re-rendered panel.
        return _panel(request, activity, None if ok else form)
    if ok:
        messages.success(request, _("已上传。"))
        return redirect(f"/activities/{activity.pk}/")
    return render(
        request,
        "activities/attachment_upload.html",
        {"activity": activity, "attachment_form": form},
        status=400,
    )


def _stream(field, name: str, *, as_attachment: bool):
    if not field:
        raise Http404()
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404() from None
    response = FileResponse(handle, as_attachment=as_attachment, filename=name)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@web_view(access.VIEW, methods=["GET"])
def attachment_file(request, pk: int):
    item = attachments.attachment_get(user=request.user, pk=pk)
    # Documents download; images display inline (Pillow verified them).
    return _stream(item.file, item.original_name, as_attachment=item.kind != item.Kind.IMAGE)


@web_view(access.VIEW, methods=["GET"])
def attachment_thumb(request, pk: int):
    item = attachments.attachment_get(user=request.user, pk=pk)
    return _stream(item.thumbnail, "thumb.jpg", as_attachment=False)


@web_view(access.CHANGE, methods=["POST"])
def attachment_delete(request, pk: int):
    item = attachments.attachment_get(user=request.user, pk=pk, action=access.CHANGE)
    activity = item.activity
    attachments.attachment_delete(actor=request.user, attachment=item, request=request)
    if request.htmx:
        return _panel(request, activity)
    messages.success(request, _("已删除附件。"))
    return redirect(f"/activities/{activity.pk}/")
