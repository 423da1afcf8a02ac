"""The two halves every record app's pages share: a filtered list, and a form's submission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from kesu.core.errors import ServiceError
from kesu.core.filters import Filters
from kesu.orgs import access
from kesu.web.views import apply_errors, paginate


def submit_form(
    request: HttpRequest,
    form: Form,
    save: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    to: str | Callable[[Any], str],
    pk: int | None = None,
) -> HttpResponse | None:
    """On a valid POST, call `save()` (the service call) and redirect to the page named `to`.

    The redirect carries `pk` (by default the primary key of what `save` returned); `to` may
    instead be a function of what `save` returned that gives the address. The
    flash message is `success` (a text, or a function of what `save` returned). A refusal of the
    service (`ServiceError`) goes on the form's fields. None means: render the form (again).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ServiceError as exc:
        apply_errors(form, exc)
        return None
    messages.success(request, success(saved) if callable(success) else success)
    if callable(to):
        return redirect(to(saved))
    return redirect(to, pk=saved.pk if pk is None else pk)


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


def record_saver(
    request: HttpRequest,
    form: Form,
    record: Any,
    *,
    create: Callable[..., Any],
    update: Callable[..., Any],
    keyword: str,
) -> Callable[[], Any]:
    """The `save` for `submit_form` on a page that records something new (`record` None: the
    organisation is the form's `org` field, refused with 404 outside the user's scope) or edits
    `record` (passed to `update` as `keyword`). It returns the record."""

    def save() -> Any:
        data = dict(form.cleaned_data)
        if record is None:
            org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
            return create(actor=request.user, org=org, data=data, request=request)
        update(actor=request.user, data=data, request=request, **{keyword: record})
        return record

    return save
