"""Campaign services, scope and coverage."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.activities.campaigns import services as campaigns
from kesu.activities.models import Campaign
from kesu.audit.models import AuditEntry
from kesu.orgs.access import Forbidden, NotFound
from tests.activities_campaigns.conftest import make_activity, make_campaign

pytestmark = pytest.mark.django_db

D = dt.date


def test_create_audits_and_validates(tree, users):
    c = campaigns.campaign_create(
        actor=users.admin_a,
        org=tree.a,
        name=" 2026年世界气象日 ",
        year=2026,
        start=D(2026, 3, 23),
        end=D(2026, 3, 23),
    )
    assert c.name == "2026年世界气象日" and c.created_by == users.admin_a
    entry = AuditEntry.objects.get(action="campaign.create")
    assert entry.org_path == tree.a.path and entry.target_id == str(c.pk)

    with pytest.raises(campaigns.CampaignError) as exc:
        campaigns.campaign_create(
            actor=users.admin_a,
            org=tree.a,
            name="",
            year=1999,
            start=D(2026, 3, 23),
            end=D(2026, 3, 1),
        )
    assert exc.value.errors == {
        "name": "请填写名称",
        "year": "年度应在2000至2100之间",
        "end": "结束日期不能早于开始日期",
    }
    assert Campaign.objects.count() == 1


def test_create_needs_change_inside_scope(tree, users):
    kwargs = {"name": "x", "year": 2026, "start": D(2026, 1, 1), "end": D(2026, 1, 2)}
    with pytest.raises(Forbidden):
        campaigns.campaign_create(actor=users.viewer_a, org=tree.a, **kwargs)
    with pytest.raises(NotFound):
        campaigns.campaign_create(actor=users.admin_b, org=tree.a, **kwargs)
    with pytest.raises(NotFound):  # a district cannot launch for the city
        campaigns.campaign_create(actor=users.admin_a, org=tree.city, **kwargs)


def test_from_theme_day(tree, users, kepu_day):
    c = campaigns.campaign_from_theme_day(
        actor=users.city_admin, org=tree.city, theme_day=kepu_day, year=2024
    )
    assert (c.name, c.start, c.end, c.theme_day) == (
        "2024年全国科普日",
        D(2024, 9, 21),
        D(2024, 9, 22),
        kepu_day,
    )
    with pytest.raises(campaigns.CampaignError):
        campaigns.campaign_from_theme_day(
            actor=users.city_admin, org=tree.city, theme_day=kepu_day, year=2200
        )


def test_district_sees_city_campaign_but_not_the_sibling(tree, users):
    city = make_campaign(tree.city, "市级")
    own = make_campaign(tree.a1, "街道级")
    sibling = make_campaign(tree.b, "滨江区")
    assert set(campaigns.campaign_list(user=users.admin_a)) == {city, own}
    assert set(campaigns.campaign_list(user=users.admin_b)) == {city, sibling}
    assert set(campaigns.campaign_list(user=users.city_admin)) == {city, own, sibling}
    assert set(campaigns.campaign_list(user=users.root, year=2025)) == set()
    assert campaigns.campaign_list(user=users.member_a).count() == 0


def test_get_is_404_out_of_scope_and_change_needs_own_subtree(tree, users):
    city = make_campaign(tree.city)
    a = make_campaign(tree.a)
    assert campaigns.campaign_get(user=users.admin_a, pk=city.pk) == city
    with pytest.raises(NotFound):
        campaigns.campaign_get(user=users.admin_b, pk=a.pk)
    with pytest.raises(NotFound):
        campaigns.campaign_get(user=users.admin_a, pk=city.pk, action="change")
    with pytest.raises(NotFound):
        campaigns.campaign_get(user=users.admin_a, pk=999999)
    assert campaigns.can_change_campaign(users.admin_a, a)
    assert not campaigns.can_change_campaign(users.admin_a, city)
    assert not campaigns.can_change_campaign(users.viewer_a, a)


def test_update(tree, users, kepu_day):
    c = make_campaign(tree.a)
    campaigns.campaign_update(
        actor=users.staff_a, campaign=c, data={"name": "新名称", "theme_day": kepu_day}
    )
    c.refresh_from_db()
    assert c.name == "新名称" and c.theme_day == kepu_day
    assert AuditEntry.objects.get(action="campaign.update").changes["name"] == [
        "2026年全国科普日",
        "新名称",
    ]
    with pytest.raises(campaigns.CampaignError) as exc:
        campaigns.campaign_update(actor=users.staff_a, campaign=c, data={"end": D(2026, 1, 1)})
    assert exc.value.errors == {"end": "结束日期不能早于开始日期"}
    with pytest.raises(NotFound):
        campaigns.campaign_update(actor=users.admin_b, campaign=c, data={"name": "x"})


def test_coverage_lists_children_with_and_without_activities(tree, users):
    c = make_campaign(tree.city)
    make_activity(tree.a1g, c)
    make_activity(tree.a1, c)
    make_activity(tree.a, None)  # not filed under the campaign
    rows = campaigns.campaign_coverage(user=users.city_admin, campaign=c)
    assert [(r.org.code, r.activities, r.missing) for r in rows] == [
        ("HZ-A", 2, False),
        ("HZ-B", 0, True),
    ]
    # The district sees its own row only, and counts only what is in its subtree.
    rows = campaigns.campaign_coverage(user=users.admin_b, campaign=c)
    assert [(r.org.code, r.activities, r.missing) for r in rows] == [("HZ-B", 0, True)]
    # By level: every grassroots union under the city.
    rows = campaigns.campaign_coverage(user=users.city_admin, campaign=c, level="grassroots")
    assert [(r.org.code, r.missing) for r in rows] == [("HZ-A-1-01", False), ("HZ-B-01", True)]


def test_campaign_activities_are_scoped(tree, users):
    c = make_campaign(tree.city)
    mine = make_activity(tree.a1g, c)
    theirs = make_activity(tree.bg, c)
    assert list(campaigns.campaign_activities(user=users.admin_a, campaign=c)) == [mine]
    assert set(campaigns.campaign_activities(user=users.city_admin, campaign=c)) == {mine, theirs}
