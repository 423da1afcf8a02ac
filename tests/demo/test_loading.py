"""The bulk load builds the roster's indexes after its rows and puts back every one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from kesu.demo.loading import indexes_deferred
from kesu.members.models import Member
from kesu.members.validation import protected_fields
from kesu.orgs.models import Organization


def _indexes() -> dict[str, object]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Member._meta.db_table)
    return {name: (c["columns"], c["unique"], c["foreign_key"]) for name, c in found.items()}


def _member(org: Organization, number: str) -> Member:
    return Member(
        org=org,
        name="张伟",
        gender="M",
        birth_date=dt.date(1949, 12, 31),
        **protected_fields({"id_number": number}),
    )


@pytest.mark.django_db(transaction=True)
def test_indexes_and_constraints_come_back_after_the_load():
    org = Organization.objects.create(code="LD", name="装载测试工会", level="city", path="/LD/")
    before = _indexes()
    timings: dict[str, float] = {}
    with indexes_deferred(Member, timings):
        if connection.vendor == "postgresql":  # gone while the rows go in
            assert len(_indexes()) < len(before)
        with transaction.atomic():
            _member(org, "11010519491231002X").save()
    assert _indexes() == before
    assert (connection.vendor == "postgresql") == ("members_member_indexes" in timings)
    with pytest.raises(IntegrityError), transaction.atomic():  # the unique hash is back
        _member(org, "11010519491231002X").save()
    Member.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_a_failed_load_still_puts_the_indexes_back():
    before = _indexes()
    with pytest.raises(RuntimeError), indexes_deferred(Member, {}):
        raise RuntimeError("load failed")
    assert _indexes() == before


def test_rows_made_aside_arrive_whole_and_in_order():
    from kesu.demo.loading import produced_aside

    assert list(produced_aside(lambda: (i * i for i in range(12_345)), batch=1000)) == [
        i * i for i in range(12_345)
    ]


def test_an_error_while_making_rows_aside_is_raised_here():
    from kesu.demo.loading import produced_aside

    def broken():
        yield 1
        raise ValueError("坏数据")

    with pytest.raises(RuntimeError, match="坏数据"):
        list(produced_aside(broken))
