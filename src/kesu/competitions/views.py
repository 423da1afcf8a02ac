"""劳动技能竞赛与文体活动 pages: competitions with entries, 安康杯 employers per year, worker
libraries' yearly records and culture events. Thin: parse, call, render."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kesu.competitions import forms, selectors, services
from kesu.employers.forms import employer_choices, employer_field, initial_with_employers
from kesu.orgs import access
from kesu.web.records import Frame, RecordForm, initial_of, submit_service
from kesu.web.views import paginate, web_view

TABS = (
    ("competitions", "劳动和技能竞赛"),
    ("ankang", "安康杯"),
    ("libraries", "职工书屋"),
    ("culture", "文体活动"),
)


FRAME = Frame("competitions", services, TABS)


# ---------------------------------------------------------------- competitions


competition_list = FRAME.list_view(
    "index.html", "competitions", selectors.competition_list, forms.CompetitionFilterForm
)


def _competition_initial(competition) -> dict:
    fields = ("kind", "title", "level", "place", "extra_participants", "notes")
    return initial_with_employers(competition, fields, dates=("start_on", "end_on"))


SAVED_COMPETITION = gettext_lazy("已保存竞赛。")
COMPETITION = RecordForm(
    FRAME,
    forms.CompetitionForm,
    "competition",
    gettext_lazy("竞赛"),
    _competition_initial,
    created=SAVED_COMPETITION,
    done=SAVED_COMPETITION,
    own=True,
    form_kwargs=employer_field,
)


competition_create = COMPETITION.create_view()
competition_edit = COMPETITION.edit_view(selectors.competition_get)


def _detail(request, competition, entry_form, status=200):
    extra = {
        "competition": competition,
        "entry_form": entry_form,
        "entries": selectors.competition_entries(competition=competition),
        "employers": selectors.competition_employers(user=request.user, competition=competition),
        "participants": selectors.participants(competition),
    }
    return FRAME.show(request, "detail.html", "competitions", status=status, **extra)


@web_view(access.VIEW, methods=["GET"])
def competition_detail(request, pk: int):
    competition = selectors.competition_get(user=request.user, pk=pk)
    form = forms.EntryForm(employer_choices=employer_choices(request.user))
    return _detail(request, competition, form)


@web_view(access.CHANGE, methods=["POST"])
def entry_add(request, pk: int):
    competition = selectors.competition_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.EntryForm(request.POST, employer_choices=employer_choices(request.user))
    added, back = _("已添加参赛者。"), "competitions:detail"
    done = submit_service(
        request, form, back, services.entry_add, competition=competition, success=added
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
    return FRAME.show(request, "ankang.html", "ankang", year=year, page=paginate(request, rows))


# ---------------------------------------------------------------- libraries


@web_view(access.VIEW, methods=["GET"])
def libraries(request):
    filters = selectors.LibraryFilters.from_mapping(request.GET)
    records = selectors.library_records(user=request.user, filters=filters)
    venues = selectors.library_venues(user=request.user)
    extra = {"page": paginate(request, records), "venues": venues[:200], "year": filters.year}
    return FRAME.show(request, "libraries.html", "libraries", **extra)


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
        saved, back = _("已保存职工书屋年度情况。"), "competitions:library_detail"
        done = submit_service(
            request, form, back, services.library_record_save, venue=venue, success=saved
        )
        if done:
            return done
        status = 400
    records = venue.library_records.order_by("-year")
    extra = {"venue": venue, "form": form, "records": records}
    return FRAME.show(request, "library_detail.html", "libraries", status=status, **extra)


# ---------------------------------------------------------------- culture


culture_list = FRAME.list_view(
    "culture.html", "culture", selectors.culture_list, forms.CultureFilterForm
)


def _culture_initial(event) -> dict:
    fields = ("kind", "title", "teams", "participants", "results")
    return initial_of(event, fields, dates=("start_on", "end_on"))


SAVED_CULTURE = gettext_lazy("已保存文体活动。")
CULTURE = RecordForm(
    FRAME,
    forms.CultureForm,
    "culture",
    gettext_lazy("文体活动"),
    _culture_initial,
    created=SAVED_CULTURE,
    done=SAVED_CULTURE,
    tab="culture",
    keyword="event",
    list_page=True,
)


culture_create = CULTURE.create_view()
culture_edit = CULTURE.edit_view(selectors.culture_get)
