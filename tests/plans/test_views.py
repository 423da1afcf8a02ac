"""Plan pages: render, write through services, scope (404) and roles (403)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kesu.plans.models import Target, Task
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_plan_page_set_target_and_render(client, tree, users):
    login(client, users.admin_a)
    url = "/plans/?org=HZ-A&year=2026"
    r = client.post(url, {"indicator": "activities.count", "value": "20"})
    assert r.status_code == 302
    r = client.get(url)
    assert r.status_code == 200
    html = r.content.decode()
    assert "科普活动" in html and "light-red" in html and "plans/plans.css" in html
    assert "style=" not in html and "<script>" not in html
    # every indicator link the page offers leads to that indicator's evidence
    links = re.findall(r'href="(/indicators/[^"]+)"', html)
    assert links and all(client.get(unescape(link)).status_code == 200 for link in links)
    r = client.post(url, {"indicator": "activities.count", "value": "-2"})
    assert r.status_code == 200 and "不能为负数" in r.content.decode()


def test_plan_page_scope_and_roles(client, tree, users):
    login(client, users.admin_b)
    assert client.get("/plans/?org=HZ-A&year=2026").status_code == 404
    r = client.post("/plans/?org=HZ-A&year=2026", {"indicator": "activities.count", "value": "1"})
    assert r.status_code == 404
    login(client, users.viewer_a)
    assert client.get("/plans/").status_code == 200
    r = client.post("/plans/?org=HZ-A&year=2026", {"indicator": "activities.count", "value": "1"})
    assert r.status_code == 403
    assert not Target.objects.exists()


def test_children_grid_hands_down_in_one_post(client, tree, users):
    login(client, users.admin_a)
    url = "/plans/children/?org=HZ-A&year=2026&indicator=activities.count"
    assert client.get(url).status_code == 200
    r = client.post(url, {"columns": ["activities.count"], "t-HZ-A-1-activities.count": "7"})
    assert r.status_code == 302
    target = Target.objects.get(plan__org=tree.a1)
    assert target.value == 7 and target.handed_down_by == tree.a
    r = client.post(url, {"columns": ["activities.count"], "t-HZ-A-1-activities.count": "x"})
    assert r.status_code == 200 and "应为数字" in r.content.decode()
    login(client, users.admin_b)
    assert client.get(url).status_code == 404


def test_tasks_pages(client, tree, users):
    login(client, users.admin_a)
    url = "/plans/tasks/?org=HZ-A&year=2026"
    data = {"title": "讲座", "responsible": "staff_a", "deadline": "2020-01-01", "status": "todo"}
    assert client.post(url, data).status_code == 302
    task = Task.objects.get()
    r = client.get(url)
    assert "已逾期" in r.content.decode()
    r = client.post(f"/plans/tasks/{task.pk}/edit/", {**data, "status": "done"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    login(client, users.staff_a)
    assert "讲座" in client.get("/plans/my-tasks/").content.decode()
    login(client, users.admin_b)
    assert client.get(f"/plans/tasks/{task.pk}/edit/").status_code == 404
    assert client.get(url).status_code == 404
