"""/api/v1/members: list parity with the UI selector, writes, IDOR, personal data."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from kesu.members.models import Member
from kesu.members.selectors import MemberFilters, member_list
from kesu.members.services import ID_NUMBER_UNAVAILABLE
from tests.api.conftest import error
from tests.factories import make_member, new_id_number

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    return [m["id"] for m in response.json()["items"]]


def test_list_is_scoped_and_masked(api_as, members):
    response = api_as("admin_a").get("/api/v1/members")
    body = response.json()
    assert body["count"] == 2
    assert set(ids(response)) == {members.in_a.pk, members.in_a2.pk}
    item = next(m for m in body["items"] if m["id"] == members.in_a.pk)
    assert item["phone_masked"] == members.in_a.phone_masked and "*" in item["phone_masked"]
    assert item["id_number_masked"] == members.in_a.id_number_masked
    assert item["org"] == "HZ-A-1-01"
    forbidden_keys = {
        "id_number",
        "phone",
        "id_number_enc",
        "id_number_hash",
        "phone_enc",
        "phone_hash",
        "id_tail",
        "phone_tail",
    }
    assert not forbidden_keys & set(item)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"gender": "M"},
        {"q": "张"},
        {"q": "1234"},
        {"org": "HZ-A-1"},
        {"org": "HZ-B"},
        {"migrant": "no"},
        {"status": "active"},
        {"age_band": "30-39"},
        {"education": "bachelor", "gender": "F"},
    ],
)
def test_filters_match_the_ui_selector(filters, api_as, users, members):
    make_member(members.in_a.org, name="张小花", education="本科", is_migrant_worker="是")
    response = api_as("city_admin").get("/api/v1/members", **filters)
    assert response.status_code == 200
    expected = member_list(user=users.city_admin, filters=MemberFilters(**filters))
    assert ids(response) == [m.pk for m in expected]


def test_pagination_counts_and_order(api_as, tree):
    for i in range(7):  # two units, interleaved: the roster lists unit by unit
        make_member(tree.a if i % 2 else tree.a1g)
    client = api_as("admin_a")
    pages = [client.get("/api/v1/members", page=p, page_size=3).json() for p in (1, 2, 3, 4)]
    assert [p["count"] for p in pages] == [7] * 4
    assert [len(p["items"]) for p in pages] == [3, 3, 1, 0]
    seen = [(m["org"], m["id"]) for p in pages for m in p["items"]]
    order = {tree.a.code: tree.a.pk, tree.a1g.code: tree.a1g.pk}
    assert seen == sorted(seen, key=lambda s: (order[s[0]], s[1])) and len(set(seen)) == 7
    assert [code for code, _ in seen] == [tree.a.code] * 3 + [tree.a1g.code] * 4
    bad = client.get("/api/v1/members", page=0)
    assert bad.status_code == 422
    assert error(bad)["fields"] == {"page": "不能小于1"}


def test_create_accepts_codes_and_chinese_labels(api_as, users, tree):
    number = new_id_number()
    response = api_as("staff_a").post(
        "/api/v1/members",
        {
            "org": "HZ-A-1-01",
            "name": "赵 六",
            "id_number": number,
            "phone": "138-0000-9999",
            "education": "本科",
            "political_status": "cpc",
            "is_migrant_worker": "是",
            "joined_on": "2019年3月",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "赵六" and body["education"] == "bachelor"
    assert body["is_migrant_worker"] is True and body["joined_on"] == "2019-03-01"
    assert body["phone_masked"] == "138****9999"
    assert number not in response.content.decode()
    member = Member.objects.get(pk=body["id"])
    assert AuditEntry.objects.filter(action="member.create", target_id=str(member.pk)).exists()


def test_bad_id_number_checksum_names_the_field(api_as, tree):
    number = new_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    response = api_as("admin_a").post(
        "/api/v1/members", {"org": "HZ-A-1-01", "name": "赵六", "id_number": wrong}
    )
    assert response.status_code == 400
    err = error(response)
    assert err["code"] == "validation_error"
    assert set(err["fields"]) == {"id_number"}
    assert "校验" in err["fields"]["id_number"]
    assert "身份证号" in err["message"]
    assert not Member.objects.filter(name="赵六").exists()


def test_several_bad_fields_reported_together(api_as, tree):
    response = api_as("admin_a").post(
        "/api/v1/members",
        {
            "org": "HZ-A-1-01",
            "name": "",
            "id_number": new_id_number(),
            "phone": "12345",
            "education": "幼儿园",
        },
    )
    err = error(response)
    assert set(err["fields"]) == {"name", "phone", "education"}
    assert "文化程度" in err["message"] and "手机号" in err["message"]


def test_duplicate_id_number(api_as, members):
    # The number is on HZ-B's roster: say it exists elsewhere, never whose or where.
    from kesu.core import crypto

    number = crypto.decrypt(members.in_b.id_number_enc)
    response = api_as("admin_a").post(
        "/api/v1/members", {"org": "HZ-A-1-01", "name": "重复", "id_number": number}
    )
    assert response.status_code == 400
    assert error(response)["fields"]["id_number"] == ID_NUMBER_UNAVAILABLE
    body = response.content.decode()
    assert "王五" not in body and "滨江" not in body and "某制造公司工会" not in body
    assert AuditEntry.objects.filter(
        action="member.id_number_taken", target_id=str(members.in_b.pk)
    ).exists()
    # An admin whose scope holds the member is told who and where.
    response = api_as("city_admin").post(
        "/api/v1/members", {"org": "HZ-A-1-01", "name": "重复", "id_number": number}
    )
    assert response.status_code == 400
    assert "王五" in error(response)["fields"]["id_number"]


def test_create_in_other_subtree_is_404(api_as, members):
    client = api_as("admin_a")
    body = {"name": "越权", "id_number": new_id_number()}
    missing = client.post("/api/v1/members", {**body, "org": "NO-SUCH"})
    response = client.post("/api/v1/members", {**body, "org": "HZ-B-01"})
    assert response.status_code == 404
    assert response.json() == missing.json()
    assert not Member.objects.filter(name="越权").exists()


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("GET", "?reveal=true", None),
        ("PATCH", "", {"name": "改名"}),
        ("POST", "/transfer", {"to_org": "HZ-A-1"}),
    ],
)
def test_idor_other_subtree_looks_missing(method, suffix, body, api_as, members):
    client = api_as("admin_a")
    missing = client.call(method, f"/api/v1/members/999999{suffix}", body)
    response = client.call(method, f"/api/v1/members/{members.in_b.pk}{suffix}", body)
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    in_b = Member.objects.get(pk=members.in_b.pk)
    assert (in_b.name, in_b.org.code) == ("王五", "HZ-B-01")
    assert not AuditEntry.objects.filter(target_type="member").exists()


def test_transfer_to_other_subtree_is_404(api_as, members):
    response = api_as("admin_a").post(
        f"/api/v1/members/{members.in_a.pk}/transfer", {"to_org": "HZ-B-01"}
    )
    assert response.status_code == 404
    assert Member.objects.get(pk=members.in_a.pk).org.code == "HZ-A-1-01"


def test_transfer_within_subtree(api_as, members):
    response = api_as("staff_a").post(
        f"/api/v1/members/{members.in_a.pk}/transfer",
        {"to_org": "HZ-A", "on": "2024-05-01", "reason": "工作调动"},
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": response.json()["id"],
        "member": members.in_a.pk,
        "from_org": "HZ-A-1-01",
        "to_org": "HZ-A",
        "transferred_on": "2024-05-01",
        "reason": "工作调动",
    }
    same = api_as("staff_a").post(f"/api/v1/members/{members.in_a.pk}/transfer", {"to_org": "HZ-A"})
    assert error(same)["fields"].keys() == {"to_org"}


def test_patch_is_partial(api_as, members):
    before = Member.objects.get(pk=members.in_a.pk)
    response = api_as("staff_a").patch(
        f"/api/v1/members/{members.in_a.pk}", {"phone": "13912345678", "status": "退会"}
    )
    assert response.status_code == 200, response.content
    after = Member.objects.get(pk=members.in_a.pk)
    assert (after.phone_masked, after.status) == ("139****5678", "withdrawn")
    assert (after.name, after.id_number_hash, after.education) == (
        before.name,
        before.id_number_hash,
        before.education,
    )


def test_patch_bad_value_names_the_field(api_as, members):
    response = api_as("admin_a").patch(f"/api/v1/members/{members.in_a.pk}", {"name": ""})
    assert response.status_code == 400
    assert error(response)["fields"] == {"name": "姓名不能为空"}


def test_patch_org_points_to_transfer(api_as, members):
    response = api_as("admin_a").patch(f"/api/v1/members/{members.in_a.pk}", {"org": "HZ-A"})
    assert response.status_code == 400
    err = error(response)
    assert err["code"] == "validation_error" and "转会" in err["fields"]["org"]
    assert Member.objects.get(pk=members.in_a.pk).org.code == "HZ-A-1-01"


def test_reveal_for_admin_is_audited(api_as, users, members):
    from kesu.core import crypto

    client = api_as("admin_a")
    plain = client.get(f"/api/v1/members/{members.in_a.pk}").json()
    assert plain["id_number"] is None and plain["phone"] is None
    assert not AuditEntry.objects.filter(action="member.reveal").exists()

    shown = client.get(f"/api/v1/members/{members.in_a.pk}", reveal="true").json()
    assert shown["id_number"] == crypto.decrypt(members.in_a.id_number_enc)
    assert shown["phone"] == "13800001234"
    entry = AuditEntry.objects.get(action="member.reveal")
    assert (entry.actor, entry.target_id) == (users.admin_a, str(members.in_a.pk))


@pytest.mark.parametrize("role", ["staff_a", "viewer_a"])
def test_reveal_forbidden_for_other_roles(role, api_as, members):
    response = api_as(role).get(f"/api/v1/members/{members.in_a.pk}", reveal="true")
    assert response.status_code == 403
    assert error(response) == {
        "code": "forbidden",
        "message": "当前角色无权查看完整身份证号和手机号",
        "fields": {},
    }
    assert not AuditEntry.objects.filter(action="member.reveal").exists()


def test_invalid_json_body(api_as, members):
    client = api_as("admin_a")
    response = client.client.generic(
        "POST",
        "/api/v1/members",
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert response.status_code == 400
    assert error(response)["code"] == "bad_request"
