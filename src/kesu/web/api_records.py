"""The routes most record APIs share, declared once per kind of record: list (filtered, paged),
create, detail, patch and delete; a child kind (a venue's visits, a team's volunteers) is listed
and created under its parent.

A record app describes its records once (``Records``) and ``add_records`` adds the routes to its
router, each calling the app's selectors and services exactly as a hand-written endpoint would:
``list(user=, filters=)`` (a child kind: ``list(<parent keyword>=parent)``, and ``user=`` where
the parent says so),
``get(user=, pk=)``, ``create(actor=, org=, data=, request=)`` (a child kind:
``create(actor=, <parent keyword>=parent, data=, request=)``), ``update(actor=, <keyword>=record,
data=, request=)`` and ``delete(actor=, <keyword>=record, request=)``. ``RecordKit`` finds these
by the app's naming (``VenueOut``, ``selectors.venue_list``, ``services.venue_create``…), so a
declaration names only what differs. Routes that do something else (state changes, reports)
stay written out in the app's api module.
"""

import inspect
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.actors import Actor
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.web.api_schemas import page_of
from kesu.web.api_support import ERRORS, PageQuery, paginate, require_view

# What each route does, its method, where it sits (the list or the record) and its status.
_OPS = {
    "index": ("get", False, 200),
    "create": ("post", False, 201),
    "detail": ("get", True, 200),
    "patch": ("patch", True, 200),
    "delete": ("delete", True, 204),
}
CRUD = ("index", "create", "detail", "patch")


@dataclass(frozen=True)
class Parent:
    """Where a child kind's list and create routes hang: ``<path>/{<key>}<child path>``."""

    path: str  # "/venues"
    key: str  # "venue_id"
    get: Callable[..., Any]  # get(user=, pk=): the parent record, in the user's scope
    keyword: str  # the parent's keyword for the child's list and create ("venue")
    list_by_user: bool = False  # the child's list is also given the user


@dataclass(frozen=True)
class Records:
    path: str  # "/venues"
    name: str  # "venue": operation ids, the path parameter (venue_id), the update keyword
    summaries: tuple[str, ...]  # one per route of `ops`, in order (OpenAPI, in Chinese)
    out: Any = None  # schemas
    page: Any = None  # when None, a page of `out` ("VenueOut" → "VenuePage")
    query: Any = PageQuery
    create_in: Any = None
    patch_in: Any = None
    filters: Callable[[dict[str, Any]], Any] | None = None  # the query's fields → list filters
    list: Callable[..., Any] | None = None
    get: Callable[..., Any] | None = None
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    ops: tuple[str, ...] = CRUD  # the routes to add, among index/create/detail/patch/delete
    key: str = ""  # the path parameter, when not "<name>_id"
    keyword: str = ""  # update's and delete's keyword for the record, when not the name
    notes: Mapping[str, str] = field(default_factory=dict)  # route → its API description
    prefetch: tuple[str, ...] = ()  # for the list's page
    org_in_data: bool = False  # create reads the organisation from the payload itself
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # payload data → service
    parent: Parent | None = None  # a child kind: list and create under its parent
    operation_ids: tuple[str, ...] = ()  # one per route of `ops`, instead of the module's names
    count: Callable[..., int] | None = None  # the list's `count` (user=, filters=, rows=)


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


def _views(r: Records, key: str) -> dict[str, Callable[..., Any]]:
    """The five route functions of `r`; `key` names the record's path parameter."""
    prepare = r.prepare or (lambda data: data)
    parent = r.parent

    def owner(user: Actor, kwargs: dict[str, Any]) -> dict[str, Any]:
        assert parent is not None
        return {parent.keyword: parent.get(user=user, pk=kwargs[parent.key])}

    def index(request: HttpRequest, query: Any, **kwargs: Any) -> Any:
        user = require_view(request)
        filters = None
        if parent is not None:
            by_user = {"user": user} if parent.list_by_user else {}
            rows = r.list(**by_user, **owner(user, kwargs))  # type: ignore[misc]
        else:
            filters = r.filters(query.model_dump()) if r.filters else None
            rows = r.list(user=user, filters=filters)  # type: ignore[misc]
        count = None
        if r.count is not None:
            count = r.count(user=user, filters=filters, rows=rows)
        if r.prefetch:
            rows = rows.prefetch_related(*r.prefetch)
        return paginate(rows, page=query.page, page_size=query.page_size, count=count)

    def create(request: HttpRequest, payload: Any, **kwargs: Any) -> Status:
        user = require_view(request)
        data = prepare(payload.data())
        if parent is not None:
            where = owner(user, kwargs)
        elif r.org_in_data:
            where = {}
        else:
            where = {"org": access.get_org_for_user(user, data.pop("org"))}
        return Status(201, r.create(actor=user, data=data, request=request, **where))  # type: ignore[misc]

    def detail(request: HttpRequest, **kwargs: Any) -> Any:
        return r.get(user=require_view(request), pk=kwargs[key])  # type: ignore[misc]

    def patch(request: HttpRequest, payload: Any, **kwargs: Any) -> Any:
        user = require_view(request)
        record = {r.keyword or r.name: r.get(user=user, pk=kwargs[key])}  # type: ignore[misc]
        data = prepare(payload.data())
        return r.update(actor=user, data=data, request=request, **record)  # type: ignore[misc]

    def delete(request: HttpRequest, **kwargs: Any) -> Status:
        user = require_view(request)
        record = {r.keyword or r.name: r.get(user=user, pk=kwargs[key])}  # type: ignore[misc]
        r.delete(actor=user, request=request, **record)  # type: ignore[misc]
        return Status(204, None)

    return {"index": index, "create": create, "detail": detail, "patch": patch, "delete": delete}


def add_records(router: Router, r: Records, *, module: str = "") -> None:
    """Add the routes of ``r.ops`` on ``r.path`` and ``r.path/{<name>_id}`` to ``router``."""
    module = module or sys._getframe(1).f_globals["__name__"]
    key = r.key or f"{r.name}_id"
    item = f"{r.path}/{{{key}}}"
    listed, owned = r.path, ()
    if r.parent is not None:
        listed = f"{r.parent.path}/{{{r.parent.key}}}{r.path}"
        owned = ((r.parent.key, Id),)
    params = {
        "index": (*owned, ("query", Query[r.query])),
        "create": (*owned, ("payload", r.create_in)),
        "detail": ((key, Id),),
        "patch": (("payload", r.patch_in), (key, Id)),
        "delete": ((key, Id),),
    }
    page = r.page if r.page is not None or "index" not in r.ops else page_of(r.out)
    schemas = {"index": page, "delete": None}
    views = _views(r, key)
    for n, op in enumerate(r.ops):
        method, on_item, status = _OPS[op]
        view = _route(views[op], module, f"{r.name}_{op}", *params[op])
        view.__doc__ = r.notes.get(op)
        response = {status: schemas.get(op, r.out), **ERRORS}
        extra = {"operation_id": r.operation_ids[n]} if r.operation_ids else {}
        decorate = getattr(router, method)(
            item if on_item else listed, response=response, summary=r.summaries[n], **extra
        )
        decorate(view)


def _camel(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


class RecordKit:
    """One record app's router, schemas, selectors and services. ``add`` declares a kind of
    record by the app's naming: for name "venue", schemas ``VenueOut``, ``VenuePage`` (when
    the schemas have none, a page of ``VenueOut``), ``VenueListQuery``, ``VenueCreateIn``,
    ``VenuePatchIn``; ``selectors.VenueFilters``,
    ``selectors.venue_list``, ``selectors.venue_get``; ``services.venue_create``,
    ``services.venue_update``, ``services.venue_delete``. A keyword given to ``add`` replaces
    the one found (``filters=selectors.Filters.from_mapping``)."""

    def __init__(
        self, router: Router, schemas: ModuleType, selectors: ModuleType, services: ModuleType
    ) -> None:
        self.router, self.schemas, self.selectors, self.services = (
            router,
            schemas,
            selectors,
            services,
        )

    def found(self, name: str) -> dict[str, Any]:
        """What the app's modules hold for the kind `name`, by its naming."""
        camel = _camel(name)
        filters = getattr(self.selectors, f"{camel}Filters", None)
        named = {
            "out": (self.schemas, f"{camel}Out"),
            "page": (self.schemas, f"{camel}Page"),
            "query": (self.schemas, f"{camel}ListQuery"),
            "create_in": (self.schemas, f"{camel}CreateIn"),
            "patch_in": (self.schemas, f"{camel}PatchIn"),
            "list": (self.selectors, f"{name}_list"),
            "get": (self.selectors, f"{name}_get"),
            "create": (self.services, f"{name}_create"),
            "update": (self.services, f"{name}_update"),
            "delete": (self.services, f"{name}_delete"),
        }
        found = {k: getattr(m, attr) for k, (m, attr) in named.items() if hasattr(m, attr)}
        return {**found, "filters": filters.from_mapping if filters else None}

    def add(self, path: str, name: str, summaries: tuple[str, ...], **given: Any) -> Records:
        return self._add(path, name, summaries, given)

    def add_children(
        self, parent: Records, path: str, name: str, summaries: tuple[str, str], **given: Any
    ) -> Records:
        """A child kind listed and created under `parent`'s records: /venues/{venue_id}/visits
        calls ``list(venue=)`` and ``create(actor=, venue=, data=, request=)``."""
        key, keyword = parent.key or f"{parent.name}_id", parent.keyword or parent.name
        under = Parent(parent.path, key, parent.get, keyword)  # type: ignore[arg-type]
        return self._add(
            path, name, summaries, {"ops": ("index", "create"), "parent": under, **given}
        )

    def _add(self, path: str, name: str, summaries: tuple[str, ...], given: dict) -> Records:
        module = sys._getframe(2).f_globals["__name__"]
        r = Records(path=path, name=name, summaries=summaries, **{**self.found(name), **given})
        add_records(self.router, r, module=module)
        return r
