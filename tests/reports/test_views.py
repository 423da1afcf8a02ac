"""/reports/: the page, the downloads, scope and roles."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from tests.conftest import login

RANGE = {"from": "2026-01-01", "to": "2026-12-31"}


def test_page_defaults_to_own_org_this_year(client, users, acts):
    response = login(client, users.admin_a).get("/reports/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["org"] == "HZ-A"
    assert form.cleaned_data["from"].isoformat() == f"{timezone.localdate().year}-01-01"
    assert form.cleaned_data["to"] == timezone.localdate()
    text = response.content.decode()
    assert 'formaction="/reports/table/"' in text and 'formaction="/reports/ledger/"' in text
    assert "style=" not in text and "<script>" not in text
    assert 'href="/reports/"' in text  # the nav link


def test_table_download(client, users, acts):
    response = login(client, users.admin_a).get("/reports/table/", {"org": "HZ-A", **RANGE})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "西湖区总工会科学素质工作统计表"
    entry = AuditEntry.objects.get(action="report.table")
    assert entry.actor == users.admin_a and entry.ip


def test_ledger_download(client, users, acts):
    response = login(client, users.viewer_a).get("/reports/ledger/", {"org": "HZ-A-1", **RANGE})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "北山街道总工会科普活动台账"
    assert [ws.cell(row=r, column=3).value for r in (4, 5, 6)] == ["'=1+1", "科普讲座二", "共2场"]
    assert AuditEntry.objects.filter(action="report.ledger", actor=users.viewer_a).count() == 1


def test_out_of_scope_org_is_404(client, users, acts):
    login(client, users.admin_b)
    for url in ("/reports/", "/reports/table/", "/reports/ledger/"):
        assert client.get(url, {"org": "HZ-A", **RANGE}).status_code == 404, url
    assert client.get("/reports/table/", {"org": "NOPE", **RANGE}).status_code == 404
    assert not AuditEntry.objects.filter(target_type="report").exists()


def test_member_is_403(client, users, acts):
    login(client, users.member_a)
    for url in ("/reports/", "/reports/table/", "/reports/ledger/"):
        assert client.get(url, {"org": "HZ-A-1-01", **RANGE}).status_code == 403, url


def test_anonymous_goes_to_login(client, acts):
    response = client.get("/reports/table/", {"org": "HZ-A", **RANGE})
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_dates_do_not_download(client, users, acts):
    login(client, users.admin_a)
    bad = {"org": "HZ-A", "from": "2026-12-31", "to": "2026-01-01"}
    assert client.get("/reports/table/", bad).status_code == 404
    page = client.get("/reports/", bad)
    assert page.status_code == 200 and "截止日期不能早于开始日期" in page.content.decode()


def test_post_is_refused(client, users, acts):
    login(client, users.admin_a)
    assert client.post("/reports/table/", {"org": "HZ-A", **RANGE}).status_code == 405


def test_contest_table_download(client, users, acts):
    client.force_login(users.admin_a)
    response = client.get(
        "/reports/contests/", {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "知识竞赛情况统计表" in sheet["A1"].value
    assert (
        "知识竞赛成绩表" in response["Content-Disposition"]
        or "filename*" in response["Content-Disposition"]
    )
    client.force_login(users.admin_b)
    assert client.get("/reports/contests/", {"org": "HZ-A"}).status_code == 404
