"""The activity roll-up (kesu.activities.tally): every activity figure and breakdown read
from it equals the activities' own count after any write (the suite runs with
KESU_ROLLUP_CHECK, so each read below is also counted from the records and compared)."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.activities import tally
from kesu.activities.models import Activity, ActivityTallyStale, ActivityTotal, Attendance
from kesu.indicators.selectors import indicator_breakdown, indicator_values
from kesu.orgs.services import org_move
from tests.activities.conftest import at, check_in, make_activity

pytestmark = pytest.mark.django_db
YEAR = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def _values(user, org, *codes):
    return [v.value for v in indicator_values(user=user, org=org, codes=codes, **YEAR)]


def _by(user, org, code, by):
    rows = indicator_breakdown(user=user, org=org, code=code, by=by, **YEAR)
    return [(r.key, r.value) for r in rows]


def test_figures_follow_every_write(tree, users, members):
    admin = users.city_admin
    lecture = make_activity(tree.a1g, materials_distributed=10, person_times=None)
    make_activity(tree.a, day="2026-05-02", kind="exhibition", spending="12.50", person_times=30)
    assert _values(admin, tree.city, "activities.count", "activities.spending") == [2, 12.5]
    check_in(lecture, members.in_a, members.in_a2)  # its check-ins are its person-times
    assert _values(admin, tree.city, "activities.person_times") == [32]
    assert _by(admin, tree.city, "activities.person_times", "org") == [
        ("HZ", 0),
        ("HZ-A", 32),
        ("HZ-B", 0),
    ]
    assert _by(admin, tree.a, "activities.count", "org") == [("HZ-A", 1), ("HZ-A-1", 1)]
    Activity.objects.filter(pk=lecture.pk).update(
        org=tree.bg, start=at("2026-07-09"), end=at("2026-07-09", 11)
    )
    assert _by(admin, tree.city, "activities.count", "org") == [
        ("HZ", 0),
        ("HZ-A", 1),
        ("HZ-B", 1),
    ]
    assert _by(admin, tree.city, "activities.count", "month") == [("2026-05", 1), ("2026-07", 1)]
    assert _by(admin, tree.city, "activities.count", "kind") == [
        ("exhibition", 1),
        ("lecture", 1),
    ]
    Attendance.objects.filter(activity=lecture).delete()
    assert _values(admin, tree.city, "activities.person_times") == [30]
    Activity.objects.filter(kind="exhibition").delete()
    assert _values(admin, tree.city, "activities.count", "activities.materials") == [1, 10]
    assert _values(admin, tree.a, "activities.count") == [0]


def test_only_what_changes_the_figures_marks_a_day(tree, members):
    declared = make_activity(tree.a1g, person_times=40)
    tally.refresh()
    check_in(declared, members.in_a)  # declared person-times: check-ins change no figure
    Activity.objects.filter(pk=declared.pk).update(title="改名")
    assert not ActivityTallyStale.objects.exists()
    Activity.objects.filter(pk=declared.pk).update(person_times=None)
    check_in(declared, members.in_a2)
    assert ActivityTallyStale.objects.count() == 2
    tally.refresh()
    assert not ActivityTallyStale.objects.exists()


def test_a_day_is_counted_by_its_local_date(tree, users):
    # 23:30 in Beijing is the same day in UTC; 00:30 on 1 April is 31 March in UTC.
    for day, hour in (("2026-03-31", 23), ("2026-04-01", 0)):
        make_activity(tree.a1g, day=day, start=at(day, hour), end=at(day, hour))
    march = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}
    values = indicator_values(
        user=users.city_admin, org=tree.city, codes=["activities.count"], **march
    )
    assert values[0].value == 1
    assert set(ActivityTotal.objects.values_list("day", flat=True)) == {
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 1),
    }


def test_a_moved_organisation_takes_its_activities_along(tree, users):
    make_activity(tree.a1g, materials_distributed=7)
    admin = users.city_admin
    assert _by(admin, tree.city, "activities.materials", "org") == [
        ("HZ", 0),
        ("HZ-A", 7),
        ("HZ-B", 0),
    ]
    org_move(actor=admin, org=tree.a1, new_parent=tree.b)
    assert _by(admin, tree.city, "activities.materials", "org") == [
        ("HZ", 0),
        ("HZ-A", 0),
        ("HZ-B", 7),
    ]


def test_topics_count_each_activity_once_under_each_topic(tree, users):
    from kesu.activities.selectors import topic_counts

    both = make_activity(tree.a1g, topics=",tech,health,")
    make_activity(tree.b, topics=",tech,")

    def counts(org):
        rows = topic_counts(user=users.city_admin, org=org, **YEAR)
        return {code: n for code, _name, n in rows if n}

    assert counts(tree.city) == {"tech": 2, "health": 1}
    assert counts(tree.a) == {"tech": 1, "health": 1}
    Activity.objects.filter(pk=both.pk).update(topics=",environment,")
    assert counts(tree.city) == {"tech": 1, "environment": 1}
    assert counts(tree.a) == {"environment": 1}
    assert topic_counts(user=users.admin_b, org=tree.a, **YEAR)[0][2] == 0  # out of scope
