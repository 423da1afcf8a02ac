"""Evaluation pages: create, items, adjustments, publish, export; scope (404), roles (403)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kesu.evaluations.models import Evaluation, EvaluationScheme, ManualAdjustment, SchemeItem
from kesu.plans.services import target_set
from tests.conftest import login
from tests.evaluations.conftest import make_activity

pytestmark = pytest.mark.django_db


def _setup(client, users):
    login(client, users.admin_a)
    r = client.post("/evaluations/", {"year": "2025", "level": "township", "title": ""})
    assert r.status_code == 302
    scheme = EvaluationScheme.objects.get()
    return scheme, f"/evaluations/{scheme.pk}/"


def test_pages_flow(client, tree, users):
    scheme, url = _setup(client, users)
    r = client.post(
        url,
        {
            "form": "item",
            "indicator": "activities.count",
            "points": "10",
            "rule": "steps",
            "steps": "50:5，100：10",
        },
    )
    assert r.status_code == 302
    assert SchemeItem.objects.get().steps == [[50.0, 5.0], [100.0, 10.0]]
    r = client.post(url, {"form": "adjustment", "unit": "HZ-A-1", "points": "-1", "reason": ""})
    assert r.status_code == 200 and not ManualAdjustment.objects.exists()
    r = client.post(
        url,
        {
            "form": "adjustment",
            "unit": "HZ-A-1",
            "points": "-1",
            "reason": "迟报",
            "evidence": "通报",
        },
    )
    assert r.status_code == 302 and ManualAdjustment.objects.count() == 1
    target_set(actor=users.admin_a, org=tree.a1, year=2025, indicator="activities.count", value=2)
    make_activity(tree.a1, day="2025-05-01")
    html = client.get(url).content.decode()
    assert "北山街道总工会" in html and "实时排名" in html
    assert "style=" not in html and "<script>" not in html and "/evaluations/" in html
    r = client.post(f"{url}publish/")
    assert r.status_code == 302 and Evaluation.objects.get().version == 1
    html = client.get(f"{url}?version=1").content.decode()
    assert "第 1 版" in html and "4" in html
    r = client.get(f"/evaluations/{scheme.pk}/export.xlsx?version=1")
    assert r.status_code == 200
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[2] == ("北山街道总工会", 5, -1, 4, 1)
    assert client.get(f"/evaluations/{scheme.pk}/export.xlsx").status_code == 200
    assert scheme.title in client.get("/evaluations/").content.decode()


def test_scope_and_roles(client, tree, users):
    scheme, url = _setup(client, users)
    login(client, users.admin_b)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}publish/").status_code == 404
    assert client.get(f"{url}export.xlsx").status_code == 404
    assert scheme.title not in client.get("/evaluations/").content.decode()
    login(client, users.viewer_a)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}publish/").status_code == 403
    r = client.post(
        url, {"form": "item", "indicator": "activities.count", "points": "1", "rule": "pass_fail"}
    )
    assert r.status_code == 403
    assert client.post("/evaluations/", {"year": "2026", "level": "township"}).status_code == 403
    assert client.get(f"{url}?version=9").status_code == 404
    login(client, users.member_a)
    assert client.get(url).status_code == 403
