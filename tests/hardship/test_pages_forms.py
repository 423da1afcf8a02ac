"""Form pages: edit a file, set a living standard, add funds, record assistance."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from kesu.hardship.models import Assistance, FundingSource, FundReceipt, LivingStandard
from tests.conftest import login
from tests.hardship.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_edit_file_rechecks_tier(client, users, hs):
    login(client, users.staff_a)
    url = f"/hardship/cases/{hs.a.pk}/edit/"
    assert client.get(url).status_code == 200
    data = {
        "household_size": "3",
        "income_per_head": "801",
        "cause": "illness",
        "tier": "deep",
        "address": "",
        "notes": "",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and "801.00" in r.content.decode()
    r = client.post(url, {**data, "income_per_head": "790"})
    assert r.status_code == 302
    hs.a.refresh_from_db()
    assert str(hs.a.income_per_head) == "790.00"
    entry = AuditEntry.objects.filter(action="hardship.update").get()
    assert entry.changes["income_per_head"] == ["600.00", "790.00"]
    login(client, users.admin_b)
    assert client.get(url).status_code == 404


def test_standard_page(client, users, tree):
    login(client, users.admin_a)
    r = client.post(
        "/hardship/standards/", {"org": tree.a.code, "year": YEAR, "monthly_amount": "abc"}
    )
    assert r.status_code == 400 and "不是有效的金额" in r.content.decode()
    r = client.post(
        "/hardship/standards/",
        {"org": tree.a.code, "year": YEAR, "monthly_amount": "820", "relative_multiplier": "1.8"},
    )
    assert r.status_code == 302
    row = LivingStandard.objects.get(org=tree.a)
    assert str(row.relative_multiplier) == "1.80"
    assert "820.00" in client.get("/hardship/standards/").content.decode()
    login(client, users.admin_b)
    assert "820.00" not in client.get("/hardship/standards/").content.decode()
    r = client.post(
        "/hardship/standards/", {"org": tree.a.code, "year": YEAR, "monthly_amount": "1"}
    )
    assert r.status_code in (400, 404)
    assert LivingStandard.objects.get(org=tree.a).monthly_amount == 820


def test_funds_page(client, users, tree):
    login(client, users.staff_a)
    r = client.post(
        "/hardship/funds/", {"form": "source", "org": tree.a.code, "name": "", "kind": "donation"}
    )
    assert r.status_code == 400 and "请填写名称" in r.content.decode()
    r = client.post(
        "/hardship/funds/",
        {"form": "source", "org": tree.a.code, "name": "爱心捐赠", "kind": "donation"},
    )
    assert r.status_code == 302
    source = FundingSource.objects.get()
    r = client.post(
        "/hardship/funds/",
        {"form": "receipt", "source": source.pk, "received_on": f"{YEAR}-03-01", "amount": "-1"},
    )
    assert r.status_code == 400 and "不能为负数" in r.content.decode()
    client.post(
        "/hardship/funds/",
        {"form": "receipt", "source": source.pk, "received_on": f"{YEAR}-03-01", "amount": "12000"},
    )
    assert FundReceipt.objects.get().amount == 12000
    body = client.get(f"/hardship/funds/?year={YEAR}").content.decode()
    assert "爱心捐赠" in body and "12000.00" in body
    login(client, users.viewer_a)
    assert client.post("/hardship/funds/", {"form": "source"}).status_code == 403
    assert "爱心捐赠" in client.get("/hardship/funds/").content.decode()


def test_assistance_page(client, users, tree, hs):
    login(client, users.staff_a)
    r = client.post(
        "/hardship/assistance/new/",
        {
            "org": tree.a.code,
            "kind": "medical_aid",
            "date": f"{YEAR}-04-01",
            "recipient_kind": "household",
            "recipients": "1",
            "case": hs.a.pk,
            "amount": "-10",
        },
    )
    assert r.status_code == 200 and "不能为负数" in r.content.decode()
    r = client.post(
        "/hardship/assistance/new/",
        {
            "org": tree.a.code,
            "kind": "medical_aid",
            "date": f"{YEAR}-04-01",
            "recipient_kind": "household",
            "recipients": "1",
            "case": hs.a.pk,
            "amount": "3000",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith(f"/hardship/cases/{hs.a.pk}/")
    record = Assistance.objects.get()
    assert record.member_id == hs.a.applicant_id
    r = client.post(
        "/hardship/assistance/new/",
        {
            "org": tree.a.code,
            "kind": "medical_aid",
            "date": f"{YEAR}-04-01",
            "recipient_kind": "household",
            "recipients": "1",
            "case": hs.b.pk,
            "amount": "1",
        },
    )
    assert "不存在或无权访问" in r.content.decode()
