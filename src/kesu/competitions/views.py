"""劳动技能竞赛与文体活动 pages: competitions with entries, 安康杯 employers per year, worker
libraries' yearly records and culture events. Thin: parse, call, render."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.competitions import forms, selectors, services
from kesu.employers.selectors import employer_list
from kesu.orgs import access
from kesu.web.pages import filtered_list, page_named, record_saver, submit_form
from kesu.web.views import paginate, web_view

TABS = (
    ("competitions", "劳动和技能竞赛"),
    ("ankang", "安康杯"),
    ("libraries", "职工书屋"),
    ("culture", "文体活动"),
)


def ctx(request, tab: str, **extra):
    return {
        "tab": tab,
        "tabs": TABS,
        "can_change": access.can(request.user, access.CHANGE),
        **extra,
    }


def _employer_choices(user):
    rows = employer_list(user=user).order_by("name")[:500]
    return [(str(e.pk), f"{e.name}（{e.org.name}）") for e in rows]


def _form_page(request, form, *, tab, title, cancel, obj=None, status=200):
    return render(
        request,
        "competitions/form.html",
        ctx(request, tab, form=form, title=title, cancel=cancel, obj=obj),
        status=status,
    )


# ---------------------------------------------------------------- competitions


@web_view(access.VIEW, methods=["GET"])
def competition_list(request):
    listed = filtered_list(
        request,
        selectors.competition_list,
        selectors.CompetitionFilters,
        forms.CompetitionFilterForm,
    )
    return render(request, "competitions/index.html", ctx(request, "competitions", **listed))


def _competition_form(request, competition=None):
    initial = {"org": request.GET.get("org", "")}
    if competition is not None:
        initial = {
            f: getattr(competition, f)
            for f in ("kind", "title", "level", "place", "extra_participants", "notes")
        }
        initial |= {
            "org": competition.org.code,
            "start_on": competition.start_on.isoformat(),
            "end_on": competition.end_on.isoformat(),
            "employers": [str(pk) for pk in competition.employers.values_list("pk", flat=True)],
        }
    form = forms.CompetitionForm(
        request.POST or None,
        user=request.user,
        initial=initial,
        employer_choices=_employer_choices(request.user),
    )

    save = record_saver(
        request,
        form,
        competition,
        keyword="competition",
        create=services.competition_create,
        update=services.competition_update,
    )
    done = submit_form(request, form, save, success=_("已保存竞赛。"), to="competitions:detail")
    if done:
        return done
    title = _("登记竞赛") if competition is None else _("编辑竞赛")
    return _form_page(
        request, form, tab="competitions", title=title, cancel="competitions:index", obj=competition
    )


@web_view(access.CHANGE)
def competition_create(request):
    return _competition_form(request)


@web_view(access.CHANGE)
def competition_edit(request, pk: int):
    return _competition_form(
        request, selectors.competition_get(user=request.user, pk=pk, action=access.CHANGE)
    )


def _detail(request, competition, entry_form, status=200):
    return render(
        request,
        "competitions/detail.html",
        ctx(
            request,
            "competitions",
            competition=competition,
            entry_form=entry_form,
            entries=selectors.competition_entries(competition=competition),
            employers=selectors.competition_employers(user=request.user, competition=competition),
            participants=selectors.participants(competition),
        ),
        status=status,
    )


@web_view(access.VIEW, methods=["GET"])
def competition_detail(request, pk: int):
    competition = selectors.competition_get(user=request.user, pk=pk)
    form = forms.EntryForm(employer_choices=_employer_choices(request.user))
    return _detail(request, competition, form)


@web_view(access.CHANGE, methods=["POST"])
def entry_add(request, pk: int):
    competition = selectors.competition_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.EntryForm(request.POST, employer_choices=_employer_choices(request.user))
    done = submit_form(
        request,
        form,
        lambda: services.entry_add(
            actor=request.user, competition=competition, data=form.cleaned_data, request=request
        ),
        success=_("已添加参赛者。"),
        to="competitions:detail",
        pk=competition.pk,
    )
    return done or _detail(request, competition, form, status=400)


@web_view(access.CHANGE, methods=["POST"])
def entry_delete(request, pk: int):
    entry = selectors.entry_get(user=request.user, pk=pk, action=access.CHANGE)
    services.entry_delete(actor=request.user, entry=entry, request=request)
    return redirect("competitions:detail", pk=entry.competition_id)


# ---------------------------------------------------------------- 安康杯


@web_view(access.VIEW, methods=["GET"])
def ankang(request):
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year
    rows = selectors.ankang_employers(user=request.user, year=year)
    return render(
        request,
        "competitions/ankang.html",
        ctx(request, "ankang", year=year, page=paginate(request, rows)),
    )


# ---------------------------------------------------------------- libraries


@web_view(access.VIEW, methods=["GET"])
def libraries(request):
    filters = selectors.LibraryFilters.from_mapping(request.GET)
    records = selectors.library_records(user=request.user, filters=filters)
    venues = selectors.library_venues(user=request.user)
    return render(
        request,
        "competitions/libraries.html",
        ctx(
            request,
            "libraries",
            page=paginate(request, records),
            venues=venues[:200],
            year=filters.year,
        ),
    )


@web_view(access.VIEW)
def library_detail(request, pk: int):
    venue = selectors.library_get(user=request.user, pk=pk)
    form = forms.LibraryRecordForm(
        request.POST or None, initial={"year": timezone.localdate().year}
    )
    status = 200
    if request.method == "POST":
        if not access.can(request.user, access.CHANGE):
            raise PermissionDenied(access.Forbidden().message)
        venue = selectors.library_get(user=request.user, pk=pk, action=access.CHANGE)
        done = submit_form(
            request,
            form,
            lambda: services.library_record_save(
                actor=request.user, venue=venue, data=form.cleaned_data, request=request
            ),
            success=_("已保存职工书屋年度情况。"),
            to="competitions:library_detail",
            pk=venue.pk,
        )
        if done:
            return done
        status = 400
    return render(
        request,
        "competitions/library_detail.html",
        ctx(
            request,
            "libraries",
            venue=venue,
            form=form,
            records=venue.library_records.order_by("-year"),
        ),
        status=status,
    )


# ---------------------------------------------------------------- culture


@web_view(access.VIEW, methods=["GET"])
def culture_list(request):
    listed = filtered_list(
        request, selectors.culture_list, selectors.CultureFilters, forms.CultureFilterForm
    )
    return render(request, "competitions/culture.html", ctx(request, "culture", **listed))


def _culture_form(request, event=None):
    initial = {"org": request.GET.get("org", "")}
    if event is not None:
        initial = {
            f: getattr(event, f) for f in ("kind", "title", "teams", "participants", "results")
        }
        initial |= {
            "org": event.org.code,
            "start_on": event.start_on.isoformat(),
            "end_on": event.end_on.isoformat(),
        }
    form = forms.CultureForm(request.POST or None, user=request.user, initial=initial)

    save = record_saver(
        request,
        form,
        event,
        keyword="event",
        create=services.culture_create,
        update=services.culture_update,
    )
    done = submit_form(
        request, form, save, success=_("已保存文体活动。"), to=page_named("competitions:culture")
    )
    if done:
        return done
    title = _("登记文体活动") if event is None else _("编辑文体活动")
    return _form_page(
        request, form, tab="culture", title=title, cancel="competitions:culture", obj=event
    )


@web_view(access.CHANGE)
def culture_create(request):
    return _culture_form(request)


@web_view(access.CHANGE)
def culture_edit(request, pk: int):
    return _culture_form(
        request, selectors.culture_get(user=request.user, pk=pk, action=access.CHANGE)
    )
