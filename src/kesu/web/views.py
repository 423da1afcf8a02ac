"""Home, health check, and the small helpers every web view shares.

`web_view` is the one door for pages: anonymous users go to the login page, roles the
access layer refuses get a 403 (access.Forbidden), out-of-scope objects a 404 (NotFound).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kesu.core.errors import ServiceError
from kesu.core.paging import KeyedPaginator
from kesu.orgs import access

PER_PAGE = 50


def web_view(action: str | None = access.VIEW, methods: Iterable[str] = ("GET", "POST")):
    """Login required; the role must allow `action` (None: any logged-in user)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if action is not None:
                    access.require(request.user, action)
                return view(request, *args, **kwargs)
            except access.Forbidden as exc:
                raise PermissionDenied(exc.message) from None

        guarded = require_http_methods(list(methods))(wrapper)
        return login_required(vary_on_headers("HX-Request")(guarded))

    return decorate


def is_partial(request: HttpRequest, target: str) -> bool:
    """True for an htmx request that will swap only `target` (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target


def paginate(
    request: HttpRequest, qs: Any, per_page: int = PER_PAGE, *, count: int | None = None
) -> Page:
    """The requested page of `qs`; `count`: its length when the caller already knows it
    (read from a roll-up), instead of counting the rows."""
    paginator = KeyedPaginator(qs, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def querystring(data: dict[str, Any]) -> str:
    """A query string of the non-empty values (for shareable links such as the export)."""
    return urlencode({k: v for k, v in data.items() if v not in ("", None)})


def apply_errors(form: Form, errors: ServiceError | Mapping[str, str]) -> None:
    """Show a service's refusal on the form: each message on the field it names (others, and
    a refusal naming no field, on top of the form)."""
    if isinstance(errors, ServiceError):
        if not errors.errors:
            form.add_error(None, errors.message)
            return
        errors = errors.errors
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


def healthz(request):
    """Alive: the process answers (a balancer's or systemd's liveness check)."""
    return HttpResponse("ok", content_type="text/plain")


_migrated: list[bool] = []  # once every migration is applied, a process need not ask again


def readyz(request):
    """Ready: the database answers and every migration of this code is applied."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrated:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return HttpResponse("数据库迁移未完成", status=503, content_type="text/plain")
            _migrated.append(True)
    except DatabaseError:
        return HttpResponse("数据库不可用", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
