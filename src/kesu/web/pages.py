"""What every record app's pages share: a filtered list, a form's submission, a POST action.

A service refuses with a ``ServiceError``; these helpers are the one place a page shows it: on
the form (field errors beside their inputs, the rest on top) or, for a button that posts and
redirects, as an error message on the next page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kesu.core.errors import ServiceError
from kesu.core.filters import Filters
from kesu.orgs import access
from kesu.web.views import apply_errors, is_partial, paginate


def submit_form(
    request: HttpRequest,
    form: Form,
    save: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    to: str | Callable[[Any], str],
    pk: int | None = None,
    fields: Mapping[str | None, str] | None = None,
) -> HttpResponse | None:
    """On a valid POST, call `save()` (the service call) and redirect to the page named `to`.

    The redirect carries `pk` (by default the primary key of what `save` returned); `to` may
    instead be an address ("/…", see `page_of`) or a function of what `save` returned that
    gives the address. The
    flash message is `success` (a text, or a function of what `save` returned). A refusal of the
    service (`ServiceError`) goes on the form's fields (see `show_refusal` for `fields`). None
    means: render the form (again).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ServiceError as exc:
        show_refusal(form, exc, fields)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    if callable(to):
        return redirect(to(saved))
    if to.startswith("/"):
        return redirect(to)
    return redirect(to, pk=saved.pk if pk is None else pk)


def page_of(name: str, pk: Any) -> str:
    """The address of the page named `name` of one record (`pk`): where a form on it or on its
    edit page goes back to."""
    return reverse(name, kwargs={"pk": pk})


def show_refusal(
    form: Form, exc: ServiceError, fields: Mapping[str | None, str] | None = None
) -> None:
    """Put a service's refusal on `form` (see `apply_errors`). `fields` renames the service's
    field names to the form's where they differ; its key None names the field that shows a
    refusal naming no field (otherwise shown on top of the form). The refusal itself stays on
    the form as `form.refusal`, for a page that shows more of it (a duplicate it names…)."""
    form.refusal = exc  # type: ignore[attr-defined]
    if not fields:
        apply_errors(form, exc)
        return
    named: dict[str | None, str] = dict(exc.errors) or {None: exc.message}
    apply_errors(form, {fields.get(k, k): v for k, v in named.items()})


def save_or_show(
    form: Form, save: Callable[[], Any], fields: Mapping[str | None, str] | None = None
) -> Any:
    """What `save()` (a service call) returns; if the service refuses, None, with the refusal
    on `form` (see `show_refusal`)."""
    try:
        return save()
    except ServiceError as exc:
        show_refusal(form, exc, fields)
        return None


def outcome(call: Callable[[], Any]) -> tuple[Any, str]:
    """`(what call() returns, "")`, or `(None, the refusal's message)` if the service refuses:
    for a page that shows the refusal in its own place rather than on a form."""
    try:
        return call(), ""
    except ServiceError as exc:
        return None, exc.message


def post_action(
    request: HttpRequest,
    act: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None,
    to: str | Callable[[Any], str],
    refused_to: str | None = None,
) -> HttpResponse:
    """A button that posts and comes back (publish, close, join, delete…): call `act()` (the
    service call) and redirect to `to` (an address, or a function of what `act` returned) with
    the message `success` (a text, or a function of the same; None, no message). A refusal (`ServiceError`) is
    shown as an error message instead, and redirects to `refused_to` (by default `to`)."""
    try:
        done = act()
    except ServiceError as exc:
        messages.error(request, exc.message)
        if refused_to is None and callable(to):
            raise TypeError("post_action: refused_to is needed when `to` is a function") from exc
        return redirect(refused_to or to)
    if success is not None:  # None: the page it goes to says what happened
        messages.success(request, success(done) if callable(success) else success)
    return redirect(to(done) if callable(to) else to)


def page_named(name: str) -> Callable[[Any], str]:
    """For `submit_form(to=…)`: the page named `name`, whatever the save returned."""
    return lambda _saved: reverse(name)


def filtered_list(
    request: HttpRequest,
    rows: Callable[..., Any],
    filters: type[Filters],
    form: Callable[..., Form],
    **form_kwargs: Any,
) -> dict[str, Any]:
    """The context of a list page: the filter form `form` bound to the query string, and the
    page of what the selector `rows` returns for the `filters` read from it."""
    found = rows(user=request.user, filters=filters.from_mapping(request.GET))
    bound = form(request.GET, user=request.user, action=access.VIEW, **form_kwargs)
    return {"page": paginate(request, found), "form": bound}


def live_list(
    request: HttpRequest,
    app: str,
    results: str,
    context: dict[str, Any],
    form: Callable[..., Form],
) -> HttpResponse:
    """A list page whose filters refresh only its results (htmx swaps the element `results`):
    "<app>/_results.html" for such a request, otherwise "<app>/list.html" with the filter
    form `form` bound to the query string; `context` holds the rows and the rest."""
    context["hx_target"] = results
    if is_partial(request, results):
        return render(request, f"{app}/_results.html", context)
    context["form"] = form(request.GET, user=request.user)
    return render(request, f"{app}/list.html", context)


def record_saver(
    request: HttpRequest,
    form: Form,
    record: Any,
    *,
    create: Callable[..., Any],
    update: Callable[..., Any] | None = None,
    keyword: str = "",
) -> Callable[[], Any]:
    """The `save` for `submit_form` on a page that records something new (`record` None: the
    organisation is the form's `org` field, refused with 404 outside the user's scope) or edits
    `record` (passed to `update` as `keyword`). It returns the record."""

    def save() -> Any:
        data = dict(form.cleaned_data)
        if record is None:
            org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
            return create(actor=request.user, org=org, data=data, request=request)
        assert update is not None, "record_saver: editing needs `update`"
        update(actor=request.user, data=data, request=request, **{keyword: record})
        return record

    return save
