"""One campaign per theme and year across the tree; merging a lower duplicate; the drill-down
from coverage rows; 催报 to units that have not reported, and what their workbench reads."""

from __future__ import annotations

import pytest

from kesu.activities.campaigns import services as campaigns
from kesu.activities.campaigns import tree as campaign_tree
from kesu.activities.models import Activity, Campaign, CampaignReminder
from kesu.activities.selectors import pending_reminders
from kesu.audit.models import AuditEntry
from kesu.orgs import access
from tests.activities_campaigns.conftest import make_activity, make_campaign
from tests.conftest import login


def test_theme_is_the_name_without_its_year():
    assert campaign_tree.theme_of("2026年 全国科普日") == "全国科普日"
    assert campaign_tree.theme_of("2026年度全国科普日") == campaign_tree.theme_of("全国科普日")
    assert campaign_tree.theme_of("2026年安全生产月") != "全国科普日"


def test_lower_level_cannot_duplicate_a_higher_campaign(tree, users, kepu_day):
    city = campaigns.campaign_from_theme_day(
        actor=users.city_admin, org=tree.city, theme_day=kepu_day, year=2026
    )
    with pytest.raises(campaigns.CampaignError, match="上级“杭州市总工会”已发起") as exc:
        campaigns.campaign_from_theme_day(
            actor=users.admin_a, org=tree.a, theme_day=kepu_day, year=2026
        )
    assert exc.value.existing == city
    # By name as well (no theme day chosen), and at the same organisation.
    with pytest.raises(campaigns.CampaignError):
        campaigns.campaign_create(
            actor=users.admin_a,
            org=tree.a,
            name="2026年全国科普日",
            year=2026,
            start=city.start,
            end=city.end,
        )
    with pytest.raises(campaigns.CampaignError, match="本单位已发起"):
        campaigns.campaign_create(
            actor=users.city_admin,
            org=tree.city,
            name="全国科普日",
            year=2026,
            start=city.start,
            end=city.end,
        )
    # Another year, or another theme, is a campaign of its own.
    campaigns.campaign_from_theme_day(
        actor=users.admin_a, org=tree.a, theme_day=kepu_day, year=2027
    )
    campaigns.campaign_create(
        actor=users.admin_a,
        org=tree.a,
        name="2026年西湖科技周",
        year=2026,
        start=city.start,
        end=city.end,
    )
    assert Campaign.objects.count() == 3


def test_create_page_offers_the_higher_campaign(client, tree, users, kepu_day):
    city = make_campaign(tree.city, theme_day=kepu_day)
    login(client, users.admin_a)
    response = client.post(
        "/campaigns/from-theme-day/", {"org": tree.a.code, "theme_day": kepu_day.pk, "year": 2026}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "同一主题每年只设一个" in body
    assert f"/campaigns/{city.pk}/" in body and "查看并加入该主题活动" in body


def test_join_moves_activities_and_counts_coverage_once(client, tree, users):
    city = make_campaign(tree.city)
    own = make_campaign(tree.a)  # made before the rule
    make_activity(tree.a1g, own)
    make_activity(tree.a1, own)
    login(client, users.admin_a)
    body = client.get(f"/campaigns/{own.pk}/").content.decode()
    assert "并入上级主题活动" in body and f"/campaigns/{own.pk}/join/" in body
    login(client, users.city_admin)
    assert "下级另建了同主题" in client.get(f"/campaigns/{city.pk}/").content.decode()
    with pytest.raises(access.NotFound):  # another district may not merge it
        campaign_tree.campaign_join(actor=users.admin_b, campaign=own)
    higher = campaign_tree.campaign_join(actor=users.admin_a, campaign=own)
    assert higher == city and not Campaign.objects.filter(pk=own.pk).exists()
    assert Activity.objects.filter(campaign=city).count() == 2
    rows = {
        r.org.code: r.activities
        for r in campaigns.campaign_coverage(user=users.city_admin, campaign=city)
    }
    assert rows == {"HZ-A": 2, "HZ-B": 0}
    assert AuditEntry.objects.filter(action="campaign.join").count() == 2
    with pytest.raises(campaigns.CampaignError):
        campaign_tree.campaign_join(actor=users.city_admin, campaign=city)


def test_coverage_rows_link_to_the_units_activities(client, tree, users):
    city = make_campaign(tree.city)
    mine = make_activity(tree.a1g, city, title="西湖区科普讲座")
    make_activity(tree.bg, city, title="滨江区科普展")
    login(client, users.city_admin)
    body = client.get(f"/campaigns/{city.pk}/").content.decode()
    link = f"/activities/?campaign={city.pk}&amp;org=HZ-A"
    assert link in body
    listed = client.get(f"/activities/?campaign={city.pk}&org=HZ-A").content.decode()
    assert mine.title in listed and "滨江区科普展" not in listed


def test_remind_the_units_that_have_not_reported(client, tree, users):
    city = make_campaign(tree.city)
    make_activity(tree.a1g, city)
    login(client, users.admin_a)  # a district reads the city's campaign: no remind button
    assert "campaign-remind" not in client.get(f"/campaigns/{city.pk}/").content.decode()
    assert client.post(f"/campaigns/{city.pk}/remind/").status_code == 404
    login(client, users.city_admin)
    assert "向 1 个未填报单位催报" in client.get(f"/campaigns/{city.pk}/").content.decode()
    response = client.post(f"/campaigns/{city.pk}/remind/", {"note": "请于本周内报送"})
    assert response.status_code == 302
    reminder = CampaignReminder.objects.get()
    assert reminder.org == tree.b and reminder.note == "请于本周内报送"
    assert AuditEntry.objects.get(action="campaign.remind").changes["orgs"] == ["滨江区总工会"]
    # Once a day per unit.
    with pytest.raises(campaigns.CampaignError, match="今天已催报"):
        campaign_tree.campaign_remind(actor=users.city_admin, campaign=city)
    # The unit's workbench lists it until the unit files an activity.
    assert [r.campaign for r in pending_reminders(tree.b)] == [city]
    assert pending_reminders(tree.a) == []
    make_activity(tree.bg, city)
    assert pending_reminders(tree.b) == []
