"""科普资源 pages: lists, forms, detail, scope (404) and roles (403)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kesu.resources.models import Expert, Publication, Venue, VenueVisit
from tests.conftest import login


def test_index_and_lists_render_scoped(res, users, client):
    login(client, users.admin_b)
    page = client.get(reverse("resources:index")).content.decode()
    assert "科普阵地" in page and "专家库" in page and "信息发布" in page
    for name, mine, other in (
        ("venues", res.vb.name, res.va.name),
        ("experts", res.eb.name, res.ea.name),
        ("publications", res.pb.title, res.pa.title),
    ):
        html = client.get(reverse(f"resources:{name}")).content.decode()
        assert mine in html and other not in html
        assert "style=" not in html and "<script>" not in html


@pytest.mark.parametrize(
    "name",
    [
        "venue_detail",
        "venue_edit",
        "expert_detail",
        "expert_edit",
        "publication_detail",
        "publication_edit",
    ],
)
def test_idor_by_id_is_404(res, users, client, name):
    obj = {"venue": res.va, "expert": res.ea, "publication": res.pa}[name.split("_")[0]]
    login(client, users.admin_b)
    assert client.get(reverse(f"resources:{name}", args=[obj.pk])).status_code == 404


def test_viewer_cannot_write(res, users, client):
    login(client, users.viewer_a)
    assert client.get(reverse("resources:venue_detail", args=[res.va.pk])).status_code == 200
    assert client.get(reverse("resources:venue_create")).status_code == 403
    response = client.post(
        reverse("resources:visit_add", args=[res.va.pk]),
        {"period_start": "2026-01-01", "period_end": "2026-03-31", "visitors": "5"},
    )
    assert response.status_code == 403
    assert not VenueVisit.objects.exists()


def test_create_venue_and_add_visit(tree, users, client):
    login(client, users.staff_a)
    response = client.post(
        reverse("resources:venue_create"),
        {"org": "HZ-A-1-01", "name": "", "kind": "worker_library", "books_held": "-1"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "名称不能为空" in html and "藏书不能为负数" in html
    response = client.post(
        reverse("resources:venue_create"),
        {
            "org": "HZ-A-1-01",
            "name": "书屋",
            "kind": "worker_library",
            "books_held": "800",
            "is_active": "on",
        },
    )
    venue = Venue.objects.get(name="书屋")
    assert response.status_code == 302 and venue.books_held == 800
    url = reverse("resources:visit_add", args=[venue.pk])
    response = client.post(
        url, {"period_start": "2026-04-01", "period_end": "2026-03-01", "visitors": "10"}
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    client.post(url, {"period_start": "2026-01-01", "period_end": "2026-03-31", "visitors": "10"})
    detail = client.get(reverse("resources:venue_detail", args=[venue.pk])).content.decode()
    assert "2026-01-01" in detail and VenueVisit.objects.get().visitors == 10


def test_expert_form_and_detail(tree, users, client):
    login(client, users.admin_a)
    response = client.post(
        reverse("resources:expert_create"),
        {
            "org": "HZ-A",
            "name": "赵医生",
            "fields_": ["health", "safety"],
            "phone": "13800001111",
            "title": "主任医师",
            "is_active": "on",
        },
    )
    expert = Expert.objects.get()
    assert response.status_code == 302 and expert.fields == ",health,safety,"
    html = client.get(reverse("resources:expert_detail", args=[expert.pk])).content.decode()
    assert "主任医师" in html and "安全生产" in html
    client.post(
        reverse("resources:expert_edit", args=[expert.pk]),
        {"org": "HZ-A", "name": "赵医生", "fields_": ["law"], "phone": "", "is_active": "on"},
    )
    expert.refresh_from_db()
    assert expert.fields == ",law," and expert.phone_masked == "138****1111"


def test_publication_form(tree, users, client):
    login(client, users.admin_a)
    response = client.post(
        reverse("resources:publication_create"),
        {
            "org": "HZ-A",
            "channel": "website",
            "title": "标题",
            "published_on": "2026-05-12",
            "link": "mailto:x",
        },
    )
    assert "链接应为以 http:// 或 https:// 开头的网址" in response.content.decode()
    client.post(
        reverse("resources:publication_create"),
        {"org": "HZ-A", "channel": "website", "title": "标题", "published_on": "2026-05-12"},
    )
    assert Publication.objects.get().published_on.isoformat() == "2026-05-12"
    html = client.get(reverse("resources:publications")).content.decode()
    assert "按渠道统计" in html
