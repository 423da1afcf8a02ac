"""The four routes most record APIs share: list (filtered, paged), create, detail, patch.

A record app describes its records once (``Records``) and ``add_records`` adds the routes to its
router, each calling the app's selectors and services exactly as a hand-written endpoint would:
``list(user=, filters=)``, ``get(user=, pk=)``, ``create(actor=, org=, data=, request=)`` and
``update(actor=, <name>=record, data=, request=)``. Routes that do something else (nested
records, state changes, deletions) stay written out in the app's api module.
"""

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.web.api_support import ERRORS, paginate, require_view


@dataclass(frozen=True)
class Records:
    path: str  # "/venues"
    name: str  # "venue": operation ids, the path parameter (venue_id), the update keyword
    summaries: tuple[str, str, str, str]  # list, create, detail, patch (OpenAPI, in Chinese)
    out: Any  # schemas
    page: Any
    query: Any
    create_in: Any
    patch_in: Any
    filters: Any  # a selectors Filters dataclass (from_mapping)
    list: Callable[..., Any]
    get: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    key: str = ""  # the path parameter, when not "<name>_id"
    keyword: str = ""  # update's keyword for the record, when not the name
    list_notes: str = ""  # the list route's description in the API document
    prefetch: tuple[str, ...] = ()  # for the list's page
    org_in_data: bool = False  # create reads the organisation from the payload itself


def _signature(*params: tuple[str, Any]) -> inspect.Signature:
    request = inspect.Parameter(
        "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
    )
    rest = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a) for n, a in params]
    return inspect.Signature([request, *rest])


def _route(
    fn: Callable[..., Any], module: str, name: str, *params: tuple[str, Any]
) -> Callable[..., Any]:
    # Named as a hand-written endpoint of the calling module would be: the OpenAPI operation
    # ids ("kesu_resources_api_venue_index") stay what they were.
    fn.__name__ = fn.__qualname__ = name
    fn.__module__ = module
    fn.__signature__ = _signature(*params)  # type: ignore[attr-defined]
    return fn


def add_records(router: Router, r: Records) -> None:
    """Add GET/POST on ``r.path`` and GET/PATCH on ``r.path/{<name>_id}`` to ``router``."""
    module = sys._getframe(1).f_globals["__name__"]
    key = r.key or f"{r.name}_id"
    item = f"{r.path}/{{{key}}}"
    list_summary, create_summary, detail_summary, patch_summary = r.summaries

    def index(request: HttpRequest, query: Any) -> Any:
        filters = r.filters.from_mapping(query.model_dump())
        rows = r.list(user=require_view(request), filters=filters)
        if r.prefetch:
            rows = rows.prefetch_related(*r.prefetch)
        return paginate(rows, page=query.page, page_size=query.page_size)

    def create(request: HttpRequest, payload: Any) -> Status:
        user = require_view(request)
        data = payload.data()
        if r.org_in_data:
            return Status(201, r.create(actor=user, data=data, request=request))
        org = access.get_org_for_user(user, data.pop("org"))
        return Status(201, r.create(actor=user, org=org, data=data, request=request))

    def detail(request: HttpRequest, **kwargs: Any) -> Any:
        return r.get(user=require_view(request), pk=kwargs[key])

    def patch(request: HttpRequest, payload: Any, **kwargs: Any) -> Any:
        user = require_view(request)
        record = r.get(user=user, pk=kwargs[key])
        return r.update(
            actor=user, data=payload.data(), request=request, **{r.keyword or r.name: record}
        )

    ops = (
        ("get", r.path, index, "index", list_summary, 200, r.page, [("query", Query[r.query])]),
        ("post", r.path, create, "create", create_summary, 201, r.out, [("payload", r.create_in)]),
        ("get", item, detail, "detail", detail_summary, 200, r.out, [(key, Id)]),
        (
            "patch",
            item,
            patch,
            "patch",
            patch_summary,
            200,
            r.out,
            [("payload", r.patch_in), (key, Id)],
        ),
    )
    index.__doc__ = r.list_notes or None
    for method, path, fn, suffix, summary, status, schema, params in ops:
        view = _route(fn, module, f"{r.name}_{suffix}", *params)
        getattr(router, method)(path, response={status: schema, **ERRORS}, summary=summary)(view)
