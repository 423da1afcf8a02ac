"""Campaign and calendar pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kesu.activities.attachments import attachment_add
from kesu.activities.models import Campaign, ThemeDay
from tests.activities_campaigns.conftest import make_activity, make_campaign, png_bytes
from tests.conftest import login
from tests.core.test_security import check_pages

pytestmark = pytest.mark.django_db


def test_list_and_create_from_theme_day(client, tree, users, kepu_day):
    login(client, users.city_admin)
    page = client.get(reverse("campaigns:list"), {"year": 2026})
    assert page.status_code == 200 and "按主题日创建" in page.content.decode()
    r = client.post(
        reverse("campaigns:from_theme_day"), {"org": "HZ", "theme_day": kepu_day.pk, "year": 2026}
    )
    c = Campaign.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("campaigns:detail", args=[c.pk])
    assert c.name == "2026年全国科普日"
    r = client.post(
        reverse("campaigns:from_theme_day"), {"org": "HZ", "theme_day": kepu_day.pk, "year": 1800}
    )
    assert r.status_code == 400 and "年度应在2000至2100之间" in r.content.decode()


def test_manual_create_shows_field_errors(client, tree, users):
    login(client, users.admin_a)
    data = {
        "org": "HZ-A",
        "name": "活动月",
        "year": 2026,
        "start": "2026-03-31",
        "end": "2026-03-01",
    }
    r = client.post(reverse("campaigns:create"), data)
    assert r.status_code == 200 and "结束日期不能早于开始日期" in r.content.decode()
    data["end"] = "2026-04-30"
    assert client.post(reverse("campaigns:create"), data).status_code == 302
    assert Campaign.objects.get().org == tree.a


def test_detail_shows_coverage_and_activities(client, tree, users):
    c = make_campaign(tree.city)
    a = make_activity(tree.a1g, c, title="进社区科普讲座")
    login(client, users.city_admin)
    body = client.get(reverse("campaigns:detail", args=[c.pk])).content.decode()
    assert "未填报" in body and "滨江区总工会" in body and f'href="/activities/{a.pk}/"' in body
    assert "style=" not in body and "<script>" not in body


def test_district_reads_city_campaign_but_cannot_edit(client, tree, users):
    c = make_campaign(tree.city)
    login(client, users.admin_a)
    assert client.get(reverse("campaigns:detail", args=[c.pk])).status_code == 200
    assert client.get(reverse("campaigns:edit", args=[c.pk])).status_code == 404
    own = make_campaign(tree.b)
    assert client.get(reverse("campaigns:detail", args=[own.pk])).status_code == 404


def test_calendar_and_theme_day_edit(client, users):
    td = ThemeDay.objects.get(code="kepu-day")
    login(client, users.viewer_a)
    page = client.get(reverse("campaigns:calendar"), {"year": 2024})
    body = page.content.decode()
    assert page.status_code == 200 and "全国科普日" in body and "9月21日–9月22日" in body
    assert reverse("campaigns:theme_day_edit", args=[td.pk]) not in body
    assert client.get(reverse("campaigns:theme_day_edit", args=[td.pk])).status_code == 403

    login(client, users.root)
    url = reverse("campaigns:theme_day_edit", args=[td.pk])
    data = {
        "name": "全国科普日",
        "rule": "nth_weekday",
        "month": 9,
        "nth": 3,
        "weekday": 5,
        "duration_days": 7,
        "active": "on",
        "sort_order": 0,
        "description": "",
    }
    assert client.post(url, data).status_code == 302
    td.refresh_from_db()
    assert td.duration_days == 7
    data.update(rule="fixed", day="")
    r = client.post(url, data)
    assert r.status_code == 200 and "固定日期需填写日" in r.content.decode()


def test_every_page_obeys_the_strict_csp(client, tree, users):
    c = make_campaign(tree.a)
    activity = make_activity(tree.a1g, c)
    attachment_add(
        actor=users.admin_a, activity=activity, upload=SimpleUploadedFile("a.png", png_bytes())
    )
    login(client, users.admin_a)
    check_pages(
        client,
        [
            reverse("campaigns:list"),
            reverse("campaigns:create"),
            reverse("campaigns:detail", args=[c.pk]),
            reverse("campaigns:edit", args=[c.pk]),
            reverse("campaigns:calendar") + "?year=2024",
            reverse("campaigns:theme_day_edit", args=[ThemeDay.objects.first().pk]),
            reverse("campaigns:attachment_panel", args=[activity.pk]),
        ],
    )
