"""A member downloads their own data (PIPL): the profile unmasked, check-ins and the archive,
as JSON or .xlsx; nobody else's, and every download audited."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_member_downloads_own_data_as_json(client, story, users, members):
    login(client, users.member_a)
    response = client.get("/archive/me/data.json")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    data = json.loads(b"".join(response.streaming_content))
    profile = data["会员信息"]
    assert profile["姓名"] == "张三" and profile["手机号"] == "13800001234"
    assert profile["身份证号"] == crypto.decrypt(members.in_a.id_number_enc)
    assert data["登录账号"]["用户名"] == "member_a"
    assert {c["活动"] for c in data["签到记录"]} == {"安全生产科普讲座", "全国科普日市集"}
    titles = {e["名称"] for e in data["科学素质档案"]}
    assert {"焊接工序合理化建议", "安全生产科普讲座"} <= titles
    assert "滨江厂区讲座" not in json.dumps(data, ensure_ascii=False)  # 王五's, not hers
    assert data["转会记录"][0]["原因"] == "工作调动"
    entry = AuditEntry.objects.get(action="member.data_export")
    assert entry.target_id == str(members.in_a.pk) and entry.changes == {"format": "json"}


def test_member_downloads_own_data_as_xlsx(client, story, users):
    login(client, users.member_a)
    response = client.get("/archive/me/data.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["会员信息", "登录账号", "转会记录", "签到记录", "科学素质档案"]
    assert ["姓名", "张三"] in [list(r) for r in book["会员信息"].values]
    assert book["签到记录"].max_row == 3  # header + two check-ins


def test_only_a_linked_member_has_data_to_download(client, story, users):
    login(client, users.staff_a)  # staff: no roster entry of their own
    assert client.get("/archive/me/data.json").status_code == 404
    login(client, users.member_a)
    assert client.get("/archive/me/data.csv").status_code == 404
    assert not AuditEntry.objects.filter(action="member.data_export").exists()
    client.logout()
    assert client.get("/archive/me/data.json").status_code == 302  # to the login page
