"""科普资源 pages: venues (with visits), the expert pool and publicity items.

Views parse input, call one selector or service and render; scope and roles are the access
layer's (out-of-scope ids answer 404, read-only roles 403 on writes).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kesu.orgs import access
from kesu.resources import forms, selectors, services
from kesu.resources.models import Channel
from kesu.web.pages import page_of, submit_form
from kesu.web.records import Frame, RecordForm, initial_of, submit_service
from kesu.web.views import paginate, web_view

TABS = (("venues", "科普阵地"), ("experts", "专家库"), ("publications", "信息发布"))


FRAME = Frame("resources", services, TABS)


@web_view(access.VIEW, methods=["GET"])
def index(request):
    user = request.user
    counts = {
        "venues": selectors.venue_list(user=user).count(),
        "experts": selectors.expert_list(user=user).count(),
        "publications": selectors.publication_list(user=user).count(),
    }
    return FRAME.show(request, "index.html", "", counts=counts)


# ---------------------------------------------------------------- venues


venue_list = FRAME.list_view(
    "venue_list.html", "venues", selectors.venue_list, forms.VenueFilterForm
)


def _venue_page(request, venue, visit_form, status: int = 200):
    visits = selectors.venue_visits(venue=venue)
    extra = {"venue": venue, "visits": visits, "visit_form": visit_form}
    return FRAME.show(request, "venue_detail.html", "venues", status=status, **extra)


@web_view(access.VIEW, methods=["GET"])
def venue_detail(request, pk: int):
    venue = selectors.venue_get(user=request.user, pk=pk)
    return _venue_page(request, venue, forms.VisitForm())


@web_view(access.CHANGE, methods=["POST"])
def visit_add(request, pk: int):
    venue = selectors.venue_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.VisitForm(request.POST)
    added, back = _("已登记参观人次。"), "resources:venue_detail"
    done = submit_service(request, form, back, services.venue_visit_add, venue=venue, success=added)
    return done or _venue_page(request, venue, form, status=400)


def _venue_initial(venue) -> dict:
    fields = ("name", "kind", "address", "books_held", "area_m2", "is_active", "notes")
    return initial_of(venue, fields, dates=("opened_on",))


VENUE = RecordForm(
    FRAME,
    forms.VenueForm,
    "venue",
    gettext_lazy("科普阵地"),
    _venue_initial,
    created=lambda venue: _("已登记科普阵地 %(name)s。") % {"name": venue.name},
)


venue_create = VENUE.create_view()
venue_edit = VENUE.edit_view(selectors.venue_get)


# ---------------------------------------------------------------- experts


expert_list = FRAME.list_view(
    "expert_list.html", "experts", selectors.expert_list, forms.ExpertFilterForm
)


def _expert_more(request, expert) -> dict:
    user = request.user
    return {
        "phone": services.expert_phone(actor=user, expert=expert),
        "lectures": selectors.expert_lectures(user=user, expert=expert),
    }


expert_detail = FRAME.detail_view(
    "expert_detail.html", "experts", selectors.expert_get, "expert", _expert_more
)


# The service's refusal names the form's `fields_` field `fields`.
EXPERT_FIELDS = {"fields": "fields_"}


@web_view(access.CHANGE)
def expert_create(request):
    form = forms.ExpertForm(
        request.POST or None, user=request.user, initial={"org": request.GET.get("org", "")}
    )

    def save():
        org = access.get_org_for_user(request.user, form.cleaned_data["org"], access.CHANGE)
        return services.expert_create(
            actor=request.user,
            org=org,
            request=request,
            data=form.data_for_service(editing=False),
        )

    done = submit_form(
        request,
        form,
        save,
        to="resources:expert_detail",
        success=lambda expert: _("已加入专家库：%(name)s。") % {"name": expert.name},
        fields=EXPERT_FIELDS,
    )
    return done or FRAME.render(
        request, form, tab="experts", title=_("添加专家"), cancel="resources:experts"
    )


@web_view(access.CHANGE)
def expert_edit(request, pk: int):
    expert = selectors.expert_get(user=request.user, pk=pk, action=access.CHANGE)
    lectures = selectors.expert_lectures(user=request.user, expert=expert)
    initial = {f: getattr(expert, f) for f in ("name", "title", "employer", "is_active", "notes")}
    initial |= {
        "org": expert.org.code,
        "fields_": expert.field_codes,
        "lectures": ",".join(str(pk) for pk in lectures.values_list("pk", flat=True)),
    }
    form = forms.ExpertForm(request.POST or None, user=request.user, initial=initial)
    form.fields["phone"].help_text = _("留空表示不修改")

    def save():
        data = form.data_for_service(editing=True)
        data["org"] = form.cleaned_data["org"]
        return services.expert_update(actor=request.user, expert=expert, data=data, request=request)

    back = page_of("resources:expert_detail", expert.pk)
    done = submit_form(request, form, save, success=_("已保存。"), fields=EXPERT_FIELDS, to=back)
    return done or FRAME.render(
        request, form, tab="experts", title=_("编辑专家"), cancel="resources:experts", obj=expert
    )


# ---------------------------------------------------------------- publications


@web_view(access.VIEW, methods=["GET"])
def publication_list(request):
    filters = selectors.PublicationFilters.from_mapping(request.GET)
    rows = selectors.publication_list(user=request.user, filters=filters)
    by_channel = dict(Channel.choices)
    counts = [(by_channel[c], rows.filter(channel=c).count()) for c in Channel.values]
    form = forms.PublicationFilterForm(request.GET, user=request.user, action=access.VIEW)
    extra = {"page": paginate(request, rows), "form": form, "channel_counts": counts}
    return FRAME.show(request, "publication_list.html", "publications", **extra)


publication_detail = FRAME.detail_view(
    "publication_detail.html", "publications", selectors.publication_get, "item"
)


def _publication_initial(item) -> dict:
    return initial_of(item, ("channel", "title", "link", "notes"), dates=("published_on",))


PUBLICATION = RecordForm(
    FRAME, forms.PublicationForm, "publication", gettext_lazy("信息发布"), _publication_initial
)


publication_create = PUBLICATION.create_view()
publication_edit = PUBLICATION.edit_view(selectors.publication_get)
