"""/api/v1/hardship-cases and /api/v1/assistance: fields, Chinese 400s, scope, roles."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from tests.api.conftest import error
from tests.factories import make_member
from tests.hardship.conftest import YEAR

pytestmark = pytest.mark.django_db

BASE = "/api/v1/hardship-cases"


def test_list_masked_for_viewer_full_for_staff(api_as, hs):
    body = api_as("staff_a").get(BASE).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["applicant_name"] == "张三" and item["income_per_head"] == "600.00"
    assert item["org"] == "HZ-A-1-01" and item["status"] == "filed"
    masked = api_as("viewer_a").get(BASE).json()["items"][0]
    assert masked["applicant_name"] == "张*"
    assert masked["income_per_head"] is None and masked["applicant_id_number"] is None
    assert api_as("member_a").get(BASE).status_code == 403


def test_detail_audited_viewer_refused_outsider_404(api_as, hs):
    r = api_as("staff_a").get(f"{BASE}/{hs.a.pk}")
    assert r.status_code == 200
    assert r.json()["household"][0]["relation"] == "子女"
    assert "*" in r.json()["household"][0]["id_number"]  # staff is not a PII role
    full = api_as("admin_a").get(f"{BASE}/{hs.a.pk}").json()["household"][0]["id_number"]
    assert "*" not in full
    assert AuditEntry.objects.filter(action="hardship.view").count() == 2
    assert api_as("viewer_a").get(f"{BASE}/{hs.a.pk}").status_code == 403
    assert api_as("admin_b").get(f"{BASE}/{hs.a.pk}").status_code == 404
    assert api_as("admin_b").get(f"{BASE}/999999").status_code == 404


def test_create_patch_transition(api_as, tree, hs):
    m = make_member(tree.a1g, name="孙八")
    api = api_as("staff_a")
    r = api.post(
        BASE,
        {
            "org": "HZ-A-1-01",
            "applicant": m.pk,
            "household_size": 4,
            "income_per_head": "1300",
            "cause": "子女就学",
            "tier": "relative",
            "filed_on": f"{YEAR}-01-02",
        },
    )
    assert r.status_code == 400
    err = error(r)
    assert "相对困难" in err["message"] and "1300.00" in err["fields"]["tier"]
    r = api.post(
        BASE,
        {
            "org": "HZ-A-1-01",
            "applicant": m.pk,
            "household_size": 4,
            "income_per_head": "1100",
            "cause": "子女就学",
            "tier": "relative",
            "filed_on": f"{YEAR}-01-02",
            "household": [{"name": "孙小八", "relation": "子女"}],
        },
    )
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["cause"] == "schooling"
    r = api.patch(f"{BASE}/{pk}", {"income_per_head": "-3"})
    assert r.status_code == 400 and "不能为负数" in error(r)["message"]
    r = api.post(f"{BASE}/{pk}/transition", {"status": "out", "reason": "就业"})
    assert r.status_code == 200 and r.json()["status"] == "out"
    r = api.post(f"{BASE}/{pk}/transition", {"status": "filed", "reason": "x"})
    assert r.status_code == 400 and "不能转为" in error(r)["message"]
    # duplicate household
    r = api.post(
        BASE,
        {
            "org": "HZ-A-1-01",
            "applicant": m.pk,
            "household_size": 1,
            "income_per_head": "100",
            "cause": "illness",
            "tier": "deep",
        },
    )
    assert r.status_code == 400 and "重复建档" in error(r)["message"]
    # other subtree
    r = api.post(
        BASE,
        {
            "org": "HZ-B-01",
            "applicant": m.pk,
            "household_size": 1,
            "income_per_head": "100",
            "cause": "illness",
            "tier": "deep",
        },
    )
    assert r.status_code == 404
    r = api_as("viewer_a").post(f"{BASE}/{pk}/transition", {"status": "closed", "reason": "x"})
    assert r.status_code == 403


def test_assistance_api(api_as, hs):
    api = api_as("staff_a")
    base = {
        "org": "HZ-A",
        "kind": "golden_autumn",
        "date": f"{YEAR}-08-20",
        "amount": "3000",
        "recipient_kind": "household",
        "case": hs.a.pk,
        "student_name": "张小三",
        "school": "浙江大学",
        "admission_level": "本科",
        "description": "金秋助学",
    }
    r = api.post("/api/v1/assistance", base)
    assert r.status_code == 201, r.json()
    out = r.json()
    assert out["kind"] == "golden_autumn" and out["amount"] == "3000.00"
    assert out["recipient_kind"] == "household" and out["recipients"] == 1
    assert out["date"] == f"{YEAR}-08-20" and out["member"] == hs.a.applicant_id
    r = api.post("/api/v1/assistance", {**base, "amount": "-5"})
    assert r.status_code == 400 and "金额不能为负数" in error(r)["message"]
    r = api.post("/api/v1/assistance", {**base, "kind": "bonus"})
    assert r.status_code == 400 and "帮扶类型“bonus”无效" in error(r)["message"]
    r = api.post("/api/v1/assistance", {**base, "recipient_kind": "alien"})
    assert r.status_code == 400 and "对象类型" in error(r)["message"]
    api.post(f"{BASE}/{hs.a.pk}/transition", {"status": "closed", "reason": "迁出"})
    r = api.post("/api/v1/assistance", base)
    assert r.status_code == 400 and "已销档" in error(r)["message"]
    r = api.post("/api/v1/assistance", {**base, "case": hs.b.pk})
    assert r.status_code == 400 and "不存在或无权访问" in error(r)["message"]
    assert api.get("/api/v1/assistance").json()["count"] == 1
    viewer = api_as("viewer_a").get("/api/v1/assistance").json()["items"][0]
    assert viewer["student_name"] == "张**" and viewer["member_name"] == "张*"
    assert api_as("admin_b").get("/api/v1/assistance").json()["count"] == 0
    assert api_as("admin_b").get(f"/api/v1/assistance/{out['id']}").status_code == 404
    r = api_as("viewer_a").post(
        "/api/v1/assistance", {**base, "case": None, "recipient_kind": "group"}
    )
    assert r.status_code == 403


def test_viewer_cannot_probe_by_name_or_id_number(api_as, tree, members, hs):
    from kesu.core import crypto

    make_member(tree.a1g, name="无档案")
    full = crypto.decrypt(members.in_a.id_number_enc)
    staff = api_as("staff_a")
    assert staff.get(BASE, id_number=full).json()["count"] == 1
    assert staff.get(BASE, q="无档案").json()["count"] == 0
    viewer = api_as("viewer_a")
    # The filters are ignored for a masked role: the answer never depends on a person.
    assert viewer.get(BASE, q="无档案").json()["count"] == 1
    assert viewer.get(BASE, id_number=full).json()["count"] == 1


def test_assistance_withdraw(api_as, tree, hs, client, users):
    from tests.conftest import login

    api = api_as("staff_a")
    body = {
        "org": "HZ-A",
        "kind": "other",
        "date": f"{YEAR}-03-01",
        "amount": "10",
        "recipient_kind": "group",
        "recipients": 3,
        "group_name": "退伍老军人",
    }
    pk = api.post("/api/v1/assistance", body).json()["id"]
    r = api.delete(f"/api/v1/assistance/{pk}")
    assert r.status_code == 400 and "撤销原因" in error(r)["message"]
    assert api_as("viewer_a").delete(f"/api/v1/assistance/{pk}?reason=x").status_code == 403
    assert api_as("admin_b").delete(f"/api/v1/assistance/{pk}?reason=x").status_code == 404
    assert api.delete(f"/api/v1/assistance/{pk}?reason=重复登记").status_code == 204
    entry = AuditEntry.objects.get(action="assistance.delete")
    assert entry.changes["reason"] == [None, "重复登记"] and entry.changes["amount"][0] == "10.00"
    pk = api.post("/api/v1/assistance", body).json()["id"]
    login(client, users.staff_a)
    assert client.get(f"/hardship/assistance/{pk}/delete/").status_code == 200
    assert client.post(f"/hardship/assistance/{pk}/delete/", {"reason": "错"}).status_code == 302
    assert api.get("/api/v1/assistance").json()["count"] == 0
