"""Targets handed down through the Excel grid: round trip, row/column errors, nothing half-done."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kesu.plans.models import Target


def _grid(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["西湖区下级目标"])  # a title row above the header
    sheet.append(["组织编码", "组织名称", "科普活动\nactivities.count", "发放资料"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post(client, data: bytes):
    upload = SimpleUploadedFile("targets.xlsx", data)
    return client.post("/plans/children/import/?org=HZ-A&year=2026", {"file": upload}, follow=True)


@pytest.mark.django_db
def test_template_lists_children_and_columns(client, users, tree):
    client.force_login(users.admin_a)
    response = client.get(
        "/plans/children/template.xlsx",
        {"org": "HZ-A", "year": 2026, "indicator": "activities.count"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "组织编码" and sheet["C2"].value == "科普活动\nactivities.count"
    assert sheet["A3"].value == "HZ-A-1" and sheet["B3"].value == "北山街道总工会"


@pytest.mark.django_db
def test_import_hands_down_targets(client, users, tree):
    client.force_login(users.admin_a)
    page = _post(client, _grid([["HZ-A-1", "北山街道总工会", 20, 6000]])).content.decode()
    assert "已从Excel下达 2 项目标" in page
    values = dict(Target.objects.values_list("indicator", "value"))
    assert values == {"activities.count": 20, "activities.materials": 6000}
    assert Target.objects.get(indicator="activities.count").handed_down_by == tree.a


@pytest.mark.django_db
def test_errors_name_row_and_column_and_nothing_is_written(client, users, tree):
    client.force_login(users.admin_a)
    page = _post(
        client,
        _grid([["HZ-A-1", "北山街道总工会", "二十", 6000], ["HZ-B-01", "某制造公司工会", 5, None]]),
    ).content.decode()
    assert "第3行“科普活动”列" in page
    assert "HZ-B-01 不是西湖区总工会的直接下级组织" in page
    assert "全部未导入" in page
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_viewer_cannot_import(client, users, tree):
    client.force_login(users.viewer_a)
    upload = SimpleUploadedFile("t.xlsx", _grid([["HZ-A-1", "x", 1, 1]]))
    assert (
        client.post("/plans/children/import/?org=HZ-A&year=2026", {"file": upload}).status_code
        == 403
    )
    assert not Target.objects.exists()
