"""The roster roll-up (kesu.members.tally): triggers mark organisations stale on every kind
of write, reads recount them, and the figures equal counting the members themselves."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Q

from kesu.indicators import registry
from kesu.indicators.registry import RegistryError, Scope
from kesu.members import tally
from kesu.members.ages import age_band
from kesu.members.models import Member, RosterTally, RosterTallyStale, RosterTotal
from tests.factories import make_member, new_id_number

pytestmark = pytest.mark.django_db


def _direct(org, on, *, joined_by, only_org=False):
    qs = Member.objects.filter(status="active")
    qs = qs.filter(org=org) if only_org else qs.filter(org__path__startswith=org.path)
    if joined_by:
        qs = qs.filter(Q(joined_on__lte=on) | Q(joined_on__isnull=True))
    return Counter((m.gender, m.education, age_band(m.birth_date, on)) for m in qs)


@pytest.fixture
def roster(tree):
    people = [
        make_member(tree.a1g, id_number=new_id_number(dt.date(1996, 12, 30))),
        make_member(tree.a1g, id_number=new_id_number(dt.date(1986, 6, 1), male=False)),
        make_member(
            tree.a, id_number=new_id_number(dt.date(1966, 12, 31)), joined_on=dt.date(2026, 6, 1)
        ),
        make_member(
            tree.a, id_number=new_id_number(dt.date(2000, 1, 1), male=False), is_migrant_worker=True
        ),
        make_member(
            tree.bg, id_number=new_id_number(dt.date(1975, 3, 3)), joined_on=dt.date(2020, 1, 1)
        ),
    ]
    tally.rebuild(as_of=dt.date(2026, 11, 28))
    return people


def test_rebuild_counts_every_active_member_once(tree, roster):
    assert sum(RosterTally.objects.values_list("count", flat=True)) == 5
    assert sum(RosterTotal.objects.values_list("count", flat=True)) == 5
    assert not RosterTallyStale.objects.exists()
    assert tally.roster_total(tree.city, dt.date(2026, 12, 31)) == 5
    assert tally.roster_total(tree.a, dt.date(2026, 12, 31)) == 4
    assert tally.roster_total(tree.a, dt.date(2026, 12, 31), only_org=True) == 2


def test_join_date_after_the_day_is_left_out(tree, roster):
    assert tally.roster_total(tree.a, dt.date(2026, 5, 31)) == 3
    assert tally.roster_total(tree.a, dt.date(2026, 5, 31), joined_by=False) == 4
    assert tally.roster_total(tree.city, dt.date(2019, 12, 31), gender="M") == 1


@pytest.mark.parametrize(
    "on",
    [
        dt.date(2026, 11, 28),
        dt.date(2026, 12, 31),
        dt.date(2016, 12, 30),
        dt.date(2030, 1, 1),
        dt.date(2027, 2, 28),
    ],
)
@pytest.mark.parametrize("joined_by", [False, True])
def test_cells_move_members_whose_age_band_changes(tree, roster, on, joined_by):
    for org in (tree.city, tree.a, tree.b):
        expected = +_direct(org, on, joined_by=joined_by)
        assert tally.cells(org, on, joined_by=joined_by) == expected


def test_every_kind_of_write_marks_the_organisation_stale(tree, roster):
    on = dt.date(2026, 12, 31)
    new = make_member(tree.b)  # Model.save
    assert RosterTallyStale.objects.filter(org_id=tree.bg.pk).exists() is False
    assert RosterTallyStale.objects.filter(org_id=tree.b.pk).exists()
    assert tally.roster_total(tree.b, on) == 2
    assert not RosterTallyStale.objects.exists()

    Member.objects.filter(pk=new.pk).update(org=tree.a1)  # queryset update (a transfer)
    Member.objects.filter(pk=roster[0].pk).update(status="left")
    Member.objects.filter(pk=roster[1].pk).delete()
    Member.objects.bulk_create(
        [
            Member(
                **{
                    f.attname: getattr(roster[4], f.attname)
                    for f in Member._meta.concrete_fields
                    if f.attname not in ("id", "id_number_hash")
                },
                id_number_hash="x" * 64,
            )
        ]
    )
    for org in (tree.city, tree.a, tree.a1, tree.a1g, tree.b, tree.bg):
        for only_org in (False, True):
            direct = sum(_direct(org, on, joined_by=True, only_org=only_org).values())
            assert tally.roster_total(org, on, only_org=only_org) == direct, org.code


def test_first_read_counts_when_never_built(tree):
    make_member(tree.a1g)
    RosterTally.objects.all().delete()
    from kesu.members.models import RosterTallyState

    RosterTallyState.objects.all().delete()
    assert tally.roster_total(tree.city) == 1


def test_indicators_read_the_tally_and_the_check_catches_drift(tree, roster, settings):
    scope = Scope(org=tree.city, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert registry.get("members.count").value(scope) == 5
    assert registry.get("members.female").value(scope) == 2
    assert registry.get("members.migrant").value(scope) == 1
    # A roll-up that drifted from its records is an error in the test suite, not a figure.
    RosterTotal.objects.filter(org=tree.bg).update(count=7)
    with pytest.raises(RegistryError, match="members.count"):
        registry.get("members.count").value(scope)
    settings.KESU_ROLLUP_CHECK = False
    assert registry.get("members.count").value(scope) == 11


def test_breakdown_by_organisation_reads_the_tally(tree, roster, users):
    from kesu.indicators.selectors import indicator_breakdown

    rows = indicator_breakdown(
        user=users.city_admin,
        code="members.count",
        org=tree.city,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        by="org",
    )
    assert [(r.key, r.value) for r in rows] == [("HZ", 0), ("HZ-A", 4), ("HZ-B", 1)]


def test_a_new_year_recounts_with_ages_at_its_end(tree, roster):
    from django.utils import timezone

    from kesu.members.models import RosterTallyState

    RosterTallyState.objects.update(as_of=dt.date(2020, 12, 31))
    RosterTally.objects.all().delete()  # a recount brings them back
    assert tally.roster_total(tree.city) == 5
    assert RosterTallyState.objects.get().as_of == dt.date(timezone.localdate().year, 12, 31)
    assert sum(RosterTally.objects.values_list("count", flat=True)) == 5


def test_bulk_writes_mark_their_organisations_and_keep_the_triggers(tree, roster):
    from django.db import connection, transaction

    from kesu.core.bulk import bulk_insert

    def triggers() -> set[str]:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            else:
                cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            return {name for (name,) in cursor.fetchall() if name.startswith("members_tally")}

    before = triggers()
    assert {"members_tally_ins", "members_tally_upd", "members_tally_del"} <= before
    template = {
        f.attname: getattr(roster[4], f.attname)
        for f in Member._meta.concrete_fields
        if f.attname not in ("id", "org_id", "id_number_hash")
    }
    with transaction.atomic(), tally.writing_in_bulk([tree.a1.pk]):
        bulk_insert(
            Member,
            [{**template, "id_number_hash": f"{i:064d}"} for i in range(3)],
            common={"org_id": tree.a1.pk},
        )
    assert triggers() == before
    assert tally.roster_total(tree.a1, dt.date(2026, 12, 31), only_org=True) == 3
    make_member(tree.a1)  # the triggers work again after the block
    assert tally.roster_total(tree.a1, dt.date(2026, 12, 31), only_org=True) == 4
