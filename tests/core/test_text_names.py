"""Names of people and organisations are stored normalised whatever the record (core.text
clean_name): invisible characters removed, full-width forms folded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kesu.activities.models import Activity
from kesu.checkin import services as checkin
from kesu.competitions import services as competitions
from kesu.employers import services as employers
from kesu.orgs import services as orgs
from kesu.resources import services as resources

pytestmark = pytest.mark.django_db

HIDDEN = "\u202e\u200b\ufeff"  # right-to-left override, zero-width space, BOM


def test_organisation_and_employer_names(tree, users):
    org = orgs.org_create(
        actor=users.admin_a,
        code="HZ-A-9",
        name=f"西湖{HIDDEN}ＡＢ　工会",
        level="township",
        parent=tree.a,
    )
    assert org.name == "西湖AB 工会"
    orgs.org_update(actor=users.admin_a, org=org, name=f"{HIDDEN}北山工会")
    org.refresh_from_db()
    assert org.name == "北山工会"
    employer = employers.employer_create(
        actor=users.admin_a,
        org=tree.a1g,
        data={
            "name": f"某{HIDDEN}科技",
            "credit_code": "",
            "ownership": "non_public",
            "staff_count": 5,
        },
    )
    assert employer.name == "某科技"


def test_expert_and_contestant_names(tree, users):
    expert = resources.expert_create(
        actor=users.admin_a,
        org=tree.a,
        data={
            "name": f"陈{HIDDEN}晶",
            "fields": ["tech"],
            "employer": f"ＸＸ{HIDDEN}大学",
            "phone": "１３９００００１１１１",
        },
    )
    assert (expert.name, expert.employer, expert.phone_masked) == ("陈晶", "XX大学", "139****1111")
    contest = competitions.competition_create(
        actor=users.admin_a,
        org=tree.a,
        data={
            "kind": "skill",
            "title": "焊工技能比赛",
            "start_on": "2026-06-18",
            "end_on": "2026-06-18",
        },
    )
    entry = competitions.entry_add(
        actor=users.admin_a, competition=contest, data={"name": f"赵{HIDDEN}六"}
    )
    assert entry.name == "赵六"


def test_checkin_guest_and_roster_match(tree, members):
    start = timezone.now() - dt.timedelta(minutes=10)
    activity = Activity.objects.create(
        title="科普讲座", kind="lecture", org=tree.a, start=start, end=start + dt.timedelta(hours=2)
    )
    guest = checkin.checkin_by_phone(
        activity=activity, session=0, name=f"来{HIDDEN}宾", phone="１３７－００００－０００１"
    )
    assert guest.is_guest and guest.attendance.guest_name == "来宾"
    # The roster's 张三 (13800001234) is recognised under a pasted, invisible-laden spelling.
    member = checkin.checkin_by_phone(
        activity=activity, session=0, name=f"张{HIDDEN}三", phone="１３８００００１２３４"
    )
    assert not member.is_guest and member.attendance.member_id == members.in_a.pk
