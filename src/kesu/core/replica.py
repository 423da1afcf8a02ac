"""Heavy reads on a PostgreSQL streaming replica (KESU_REPLICA_URL), writes on the primary.

`ReplicaReads` (middleware, installed only when a replica is configured) marks the GET and
HEAD requests of the read-heavy pages (dashboard, indicators, reports, exports) so that
`ReplicaRouter` sends their queries to the "replica" database. Everything else, and every
write, uses the primary.

Read-your-writes: a replica lags the primary by a moment. A request that may have written
(any method but GET/HEAD/OPTIONS) sets a short-lived cookie; while it lasts, the writer's
requests read the primary too, so nobody misses a change they just made. A read inside a
transaction (a GET that refreshes a tally or writes an audit row) reads the primary as well,
and so does every read after a request's first write: while a request reads the replica,
`ReplicaReads` watches the statements run on the primary's connection (an execute wrapper),
and the first that may write (anything but a SELECT or a transaction's own BEGIN, SAVEPOINT,
RELEASE, COMMIT or ROLLBACK) turns the rest of the request to the primary. Choosing the
database for a write (`db_for_write`) changes nothing by itself: Django also asks it for
reads that write nothing (a `get_or_create` that finds its row, a `select_for_update`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
WROTE_COOKIE = "kesu_wrote"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Read from the primary always: logins, sessions, lockouts and tokens must be current,
# and the task queue is claimed with locks.
PRIMARY_APPS = {"sessions", "axes", "accounts", "django_tasks_db", "auth", "contenttypes"}
_use_replica: ContextVar[bool] = ContextVar("kesu_use_replica", default=False)
# Statements that write nothing: reads, and a transaction's own (its reads are the primary's).
WRITE_NOTHING = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")


def heavy_path(path: str) -> bool:
    return path.startswith(tuple(settings.KESU_REPLICA_PATHS))


class ReplicaRouter:
    """Reads go to the replica inside a request `ReplicaReads` marked; all else: default."""

    def db_for_read(self, model: type, **hints: object) -> str | None:
        # A read inside a transaction belongs to a write (a lock, a re-read of what it wrote,
        # the audit chain): the primary, as the write itself.
        if connections["default"].in_atomic_block:
            return None
        if _use_replica.get() and model._meta.app_label not in PRIMARY_APPS:  # type: ignore[attr-defined]
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: object) -> str | None:
        return "default"  # the switch to the primary waits for a write (`_first_write`)

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        return True  # one database and its copy: every object lives in both

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db != REPLICA


class ReplicaReads:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replica = (
            request.method in SAFE_METHODS
            and WROTE_COOKIE not in request.COOKIES
            and heavy_path(request.path_info)
        )
        token = _use_replica.set(replica)
        try:
            if replica:
                with connections["default"].execute_wrapper(_first_write):
                    response = self.get_response(request)
            else:  # no wrapper: the contest lanes' statements keep their fast path
                response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 500:
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.KESU_REPLICA_STICKY_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _first_write(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
    """A request that writes (a dashboard GET refreshing the roster tally) reads what it
    wrote: from its first write on, its reads go to the primary too."""
    if _use_replica.get() and not sql.lstrip()[:9].upper().startswith(WRITE_NOTHING):
        _use_replica.set(False)
    return execute(sql, params, many, context)
