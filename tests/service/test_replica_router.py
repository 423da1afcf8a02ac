"""Which database a request reads (kesu.core.replica): the heavy pages' GETs on the replica,
everything else and every write on the primary, and the writer's next requests on the
primary too. (The real replica is exercised by tests/cluster.)"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from kesu.accounts.models import User
from kesu.core.replica import REPLICA, WROTE_COOKIE, ReplicaReads, ReplicaRouter
from kesu.members.models import Member


def _reads(method: str, path: str, cookies: dict | None = None, status: int = 200):
    seen = {}

    def view(request):
        router = ReplicaRouter()
        seen["member"] = router.db_for_read(Member)
        seen["user"] = router.db_for_read(User)
        seen["write"] = router.db_for_write(Member)
        return HttpResponse(status=status)

    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    response = ReplicaReads(view)(request)
    return seen, response


def test_heavy_pages_read_the_replica_and_write_the_primary():
    seen, response = _reads("GET", "/dashboard/")
    assert seen == {"member": REPLICA, "user": None, "write": "default"}  # logins stay current
    assert WROTE_COOKIE not in response.cookies
    assert ReplicaRouter().db_for_read(Member) is None  # outside the request: the primary


def test_other_pages_and_writes_use_the_primary():
    assert _reads("GET", "/members/")[0]["member"] is None
    seen, response = _reads("POST", "/dashboard/")
    assert seen["member"] is None
    assert response.cookies[WROTE_COOKIE]["max-age"] == 15


def test_the_writer_reads_the_primary_while_the_cookie_lasts():
    assert _reads("GET", "/reports/", {WROTE_COOKIE: "1"})[0]["member"] is None
    # A refused write (a server error) sets no cookie.
    assert WROTE_COOKIE not in _reads("POST", "/members/1/edit/", status=500)[1].cookies


def test_migrations_never_touch_the_replica():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "members") is False
    assert router.allow_migrate("default", "members") is True


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_use_the_primary():
    # A heavy page's GET that writes (a tally refreshed, an audit row chained) reads what it
    # locks and re-reads on the primary, as the write itself.
    def view(request):
        with transaction.atomic():
            inside = ReplicaRouter().db_for_read(Member)
        return HttpResponse(f"{inside}|{ReplicaRouter().db_for_read(Member)}")

    response = ReplicaReads(view)(RequestFactory().get("/dashboard/"))
    assert response.content.decode() == f"None|{REPLICA}"


# Django's own queries run as the application's do, the router installed: the content types
# are read from the primary always (PRIMARY_APPS), so no replica database is needed.
def _on_the_heavy_page(settings, *steps) -> list[str | None]:
    """Where Member reads go after each of `steps`, run inside a heavy page's GET."""
    settings.DATABASE_ROUTERS = ["kesu.core.replica.ReplicaRouter"]

    def view(request):
        seen = []
        for step in steps:
            step()
            seen.append(ReplicaRouter().db_for_read(Member))
        return HttpResponse("|".join(map(str, seen)))

    content = ReplicaReads(view)(RequestFactory().get("/dashboard/")).content.decode()
    return [None if s == "None" else s for s in content.split("|")]


def _content_type(model: str):
    return lambda: ContentType.objects.get_or_create(app_label="kesu_replica_test", model=model)


@pytest.mark.django_db(transaction=True)
def test_reads_that_write_nothing_keep_the_replica(settings):
    ContentType.objects.create(app_label="kesu_replica_test", model="found")

    def locked_read():
        with transaction.atomic():
            list(ContentType.objects.select_for_update().filter(model="found"))

    def written_for_nothing():  # a write's database chosen, nothing written
        ContentType.objects.db_manager(router.db_for_write(ContentType)).count()

    seen = _on_the_heavy_page(settings, _content_type("found"), locked_read, written_for_nothing)
    assert seen == [REPLICA, REPLICA, REPLICA]


@pytest.mark.django_db(transaction=True)
def test_reads_after_a_write_in_the_same_request_use_the_primary(settings):
    # The dashboard's GET refreshes the roster tally on the primary, then reads it: the
    # replica may not have it yet, so the rest of that request reads the primary.
    def update():
        ContentType.objects.filter(app_label="kesu_replica_test").update(model="changed")

    assert _on_the_heavy_page(settings, lambda: None, _content_type("new")) == [REPLICA, None]
    assert _on_the_heavy_page(settings, update, lambda: None) == [None, None]
    assert ReplicaRouter().db_for_read(Member) is None
    # The next request starts on the replica again.
    assert _reads("GET", "/dashboard/")[0]["member"] == REPLICA
