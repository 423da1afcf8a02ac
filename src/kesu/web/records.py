"""The new and edit pages of a record type, declared once per type instead of written per view.

Most record apps (resources, achievements, competitions, employers…) show one form template in
their tabbed frame for every record type; a type's pages differ only in their form, names and
initial values. `Frame` is an app's frame, `RecordForm` a record type's pages in it. Names
follow one pattern (overridable): for the stem "venue" in the app "resources", the services
`venue_create(actor, org, data, request)` and `venue_update(actor, venue, data, request)`, the
tab "venues", the list "resources:venues" and the record's page "resources:venue_detail"; the
app's own record type (`own=True`) has its list at "<app>:index" and its page at "<app>:detail".

    VENUE = RecordForm(FRAME, forms.VenueForm, "venue", gettext_lazy("科普阵地"), _venue_initial)
    venue_edit:  return VENUE.page(request, venue)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.web.pages import filtered_list, page_named, page_of, record_saver, submit_form
from kesu.web.views import web_view

Message = str | Callable[[Any], str]
SAVED = gettext_lazy("已保存。")


def service_save(
    request: HttpRequest, form: Form, service: Callable[..., Any], **targets: Any
) -> Callable[[], Any]:
    """The `save` for `submit_form` that calls `service` with the form's data, the acting user
    and the request, and `targets` (the record it acts on: `venue=venue`)."""
    return lambda: service(
        actor=request.user, data=dict(form.cleaned_data), request=request, **targets
    )


class _FieldsOf:
    """A record as the mapping of a message's %(field)s placeholders."""

    def __init__(self, record: Any) -> None:
        self.record = record

    def __getitem__(self, field: str) -> Any:
        return getattr(self.record, field)


def _about(success: Message) -> Callable[[Any], str]:
    """A success message for what a save returned: a function of it, or a text whose
    %(field)s placeholders name its fields ("已登记会员 %(name)s。")."""
    if callable(success):
        return success
    return lambda saved: str(success) % _FieldsOf(saved)


def submit_service(
    request: HttpRequest,
    form: Form,
    back: str,
    service: Callable[..., Any],
    *,
    success: Message = SAVED,
    pk: Any = None,
    **targets: Any,
) -> HttpResponse | None:
    """`submit_form` for a form that acts on one record (its edit page, or a form on its page):
    call `service` as `service_save` does with `targets` (the record: `venue=venue`) and go
    back to the page named `back` of the record `pk` (by default the target's), with the
    message `success` (see `_about`). None: render the form (again)."""
    save = service_save(request, form, service, **targets)
    if pk is None:
        (target,) = targets.values()
        pk = target.pk
    return submit_form(request, form, save, success=_about(success), to=page_of(back, pk))


def submit_new(
    request: HttpRequest,
    form: Form,
    create: Callable[..., Any],
    *,
    success: Message,
    to: str | Callable[[Any], str],
) -> HttpResponse | None:
    """`submit_form` for a page that records something new in the organisation of the form's
    `org` field (see `record_saver`), then goes to `to` (the name of the new record's page, or
    an address), with the message `success` (see `_about`). None: render the form (again)."""
    save = record_saver(request, form, None, create=create)
    return submit_form(request, form, save, success=_about(success), to=to)


def initial_of(record: Any, fields: Iterable[str], dates: Iterable[str] = ()) -> dict[str, Any]:
    """An edit form's initial values: `fields` as they are, `dates` as ISO text (blank when
    empty), and the organisation by its code."""
    initial = {f: getattr(record, f) for f in fields}
    initial |= {d: getattr(record, d).isoformat() if getattr(record, d) else "" for d in dates}
    return initial | {"org": record.org.code}


def can_change(user: Actor) -> dict[str, Any]:
    """The rights most apps' pages show: whether the user may record and edit."""
    return {"can_change": access.can(user, access.CHANGE)}


@dataclass(frozen=True)
class Frame:
    """An app's tabbed pages: its templates "<app>/…" rendered with the app's `tabs` (pairs of
    tab and label) and what `rights(user)` says the user may do; `services` holds the app's
    write services."""

    app: str
    services: ModuleType
    tabs: tuple[tuple[str, str], ...]
    rights: Callable[[Any], dict[str, Any]] = can_change

    def context(self, request: HttpRequest, tab: str, **extra: Any) -> dict[str, Any]:
        """A page's context: the tab shown, the tabs, the user's rights, and `extra`."""
        return {"tab": tab, "tabs": self.tabs, **self.rights(request.user), **extra}

    def show(
        self, request: HttpRequest, template: str, tab: str, status: int = 200, **extra: Any
    ) -> HttpResponse:
        """The page "<app>/`template`" under `tab`, with `extra` in its context."""
        context = self.context(request, tab, **extra)
        return render(request, f"{self.app}/{template}", context, status=status)

    def listing(
        self,
        request: HttpRequest,
        template: str,
        tab: str,
        rows: Callable[..., Any],
        form: Any,
        **form_kwargs: Any,
    ) -> HttpResponse:
        """A list page (see `filtered_list`): the rows the selector `rows` gives for the
        filters read from the query string, paged, and the filter form `form` (a form class
        naming the Filters class it fills as its `filters`)."""
        listed = filtered_list(request, rows, form.filters, form, **form_kwargs)
        return self.show(request, template, tab, **listed)

    def list_view(
        self,
        template: str,
        tab: str,
        rows: Callable[..., Any],
        form: Any,
        **form_kwargs: Any,
    ) -> Callable[..., HttpResponse]:
        """The view of a list page that is only `listing` (for roles that may view)."""

        @web_view(access.VIEW, methods=["GET"])
        def list_page(request: HttpRequest) -> HttpResponse:
            return self.listing(request, template, tab, rows, form, **form_kwargs)

        return list_page

    def detail_view(
        self,
        template: str,
        tab: str,
        get: Callable[..., Any],
        name: str,
        more: Callable[[HttpRequest, Any], dict[str, Any]] | None = None,
    ) -> Callable[..., HttpResponse]:
        """The view of a record's page: the record the selector `get(user, pk)` finds (404
        outside the user's scope) as `name`, and what `more(request, record)` adds."""

        @web_view(access.VIEW, methods=["GET"])
        def detail_page(request: HttpRequest, pk: int) -> HttpResponse:
            record = get(user=request.user, pk=pk)
            extra = more(request, record) if more else {}
            return self.show(request, template, tab, **{name: record, **extra})

        return detail_page

    def render(
        self,
        request: HttpRequest,
        form: Form,
        *,
        tab: str,
        title: str,
        cancel: str,
        obj: Any = None,
        status: int = 200,
    ) -> HttpResponse:
        """The form page, titled `title`, under `tab`; cancel goes to the page named `cancel`."""
        extra = {"form": form, "title": title, "cancel": cancel, "obj": obj}
        return self.show(request, "form.html", tab, status=status, **extra)


@dataclass(frozen=True)
class RecordForm:
    """The new and edit pages of the record type `stem` (see the module's names), titled
    登记 / 编辑 + `noun`; `initial(record)` fills the edit form.

    A new record's organisation is the form's `org` field (404 outside the user's scope); with
    `org_in_data` the create service reads it from the data itself. A save goes back to the
    record's page (with `list_page`, to the list) with `created` (on a new record; by default
    已登记 + noun) or `done` (by default 已保存), texts or functions of the record; a refusal
    stays on the form. `keyword` is the update service's name for the record (default `stem`).
    """

    frame: Frame
    form: type[Form]
    stem: str
    noun: str
    initial: Callable[[Any], dict[str, Any]]
    created: Message | None = None
    done: Message = gettext_lazy("已保存。")
    own: bool = False
    tab: str = ""
    keyword: str = ""
    list_page: bool = False  # a save goes back to the list, not to the record's page
    org_in_data: bool = False
    form_kwargs: Callable[[HttpRequest], dict[str, Any]] | None = None  # more for the form

    def create_view(self) -> Callable[..., HttpResponse]:
        """The view of the new page (for roles that may change)."""

        @web_view(access.CHANGE)
        def create_page(request: HttpRequest) -> HttpResponse:
            return self.page(request)

        return create_page

    def edit_view(self, get: Callable[..., Any]) -> Callable[..., HttpResponse]:
        """The view of a record's edit page; `get(user, pk, action)` is the selector that finds
        it (404 outside the user's scope)."""

        @web_view(access.CHANGE)
        def edit_page(request: HttpRequest, pk: int) -> HttpResponse:
            return self.page(request, get(user=request.user, pk=pk, action=access.CHANGE))

        return edit_page

    def _tab(self) -> str:
        return self.tab or (self.frame.app if self.own else f"{self.stem}s")

    def _name(self, page: str) -> str:
        """The route of the list ("list") or of a record's page ("detail")."""
        if self.own:
            return f"{self.frame.app}:{'index' if page == 'list' else page}"
        return f"{self.frame.app}:{self._tab() if page == 'list' else f'{self.stem}_{page}'}"

    def page(self, request: HttpRequest, record: Any = None, **form_kwargs: Any) -> HttpResponse:
        """The new page (`record` None) or `record`'s edit page, for GET and POST."""
        initial = self.initial(record) if record else {"org": request.GET.get("org", "")}
        if self.form_kwargs is not None:
            form_kwargs = self.form_kwargs(request) | form_kwargs
        bound = self.form(request.POST or None, user=request.user, initial=initial, **form_kwargs)
        services = self.frame.services
        create = getattr(services, f"{self.stem}_create")
        if record is None and self.org_in_data:
            save = service_save(request, bound, create)
        else:
            update = getattr(services, f"{self.stem}_update")
            keyword = self.keyword or self.stem
            save = record_saver(
                request, bound, record, create=create, update=update, keyword=keyword
            )
        if record is None:
            success = self.created or gettext("已登记%(noun)s。") % {"noun": self.noun}
        else:
            success = self.done
        to = page_named(self._name("list")) if self.list_page else self._name("detail")
        title = gettext_lazy("编辑") if record else gettext_lazy("登记")
        return submit_form(request, bound, save, success=success, to=to) or self.frame.render(
            request,
            bound,
            tab=self._tab(),
            title=f"{title}{self.noun}",
            cancel=self._name("list"),
            obj=record,
        )
