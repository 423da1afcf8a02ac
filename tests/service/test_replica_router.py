"""Which database a request reads (kesu.core.replica): the heavy pages' GETs on the replica,
everything else and every write on the primary, and the writer's next requests on the
primary too. (The real replica is exercised by tests/cluster.)"""

from __future__ import annotations

import pytest
from django.db import transaction
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


def test_reads_after_a_write_in_the_same_request_use_the_primary():
    # The dashboard's GET refreshes the roster tally on the primary, then reads it: the
    # replica may not have it yet, so the rest of that request reads the primary.
    def view(request):
        router = ReplicaRouter()
        before = router.db_for_read(Member)
        router.db_for_write(Member)
        return HttpResponse(f"{before}|{router.db_for_read(Member)}")

    assert (
        ReplicaReads(view)(RequestFactory().get("/dashboard/")).content.decode()
        == f"{REPLICA}|None"
    )
    assert ReplicaRouter().db_for_read(Member) is None
    # The next request starts on the replica again.
    assert _reads("GET", "/dashboard/")[0]["member"] == REPLICA
