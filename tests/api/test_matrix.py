"""Role × endpoint: who may do what, always on objects inside HZ-A (admin_b is the outsider).

403 means "your role may not"; 404 means "not in your subtree", identical to a missing object.
The member role has no roster or tree access at all and gets 403 everywhere but /me and tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from kesu.members.models import Member
from kesu.orgs.models import Organization
from tests.api.conftest import error
from tests.factories import new_id_number

pytestmark = pytest.mark.django_db

ROLES = ["root", "city_admin", "admin_a", "staff_a", "viewer_a", "member_a", "admin_b"]
READERS = {"root": 200, "city_admin": 200, "admin_a": 200, "staff_a": 200, "viewer_a": 200}


def expect(ok: int, allowed: set[str], *, outsider: int = 404) -> dict[str, int]:
    """Status per role: `ok` for allowed roles, 403 for other insiders, `outsider` for admin_b."""
    out = {role: ok if role in allowed else 403 for role in ROLES if role != "admin_b"}
    out["admin_b"] = outsider
    return out


MANAGERS = {"root", "city_admin", "admin_a"}
WRITERS = MANAGERS | {"staff_a"}
VIEWERS = WRITERS | {"viewer_a"}


@dataclass
class Endpoint:
    method: str
    url: str
    body: Any = None
    statuses: dict[str, int] | None = None
    # Did the write take effect? Checked against the status: it must iff 2xx.
    applied: Any = None


def member_body() -> dict[str, Any]:
    return {"org": "HZ-A-1-01", "name": "赵六", "id_number": new_id_number(), "phone": ""}


ENDPOINTS = {
    "me": Endpoint("GET", "/api/v1/me", statuses=dict.fromkeys(ROLES, 200)),
    "tokens": Endpoint("GET", "/api/v1/tokens", statuses=dict.fromkeys(ROLES, 200)),
    "org_tree": Endpoint("GET", "/api/v1/orgs", statuses=expect(200, VIEWERS, outsider=200)),
    "org_flat": Endpoint(
        "GET", "/api/v1/orgs?flat=true", statuses=expect(200, VIEWERS, outsider=200)
    ),
    "org_detail": Endpoint("GET", "/api/v1/orgs/HZ-A-1", statuses=expect(200, VIEWERS)),
    "org_subtree": Endpoint("GET", "/api/v1/orgs?root=HZ-A-1", statuses=expect(200, VIEWERS)),
    "org_create": Endpoint(
        "POST",
        "/api/v1/orgs",
        {"code": "HZ-A-1-99", "name": "新工会", "level": "grassroots", "parent": "HZ-A-1"},
        statuses=expect(201, MANAGERS),
        applied=lambda ns: Organization.objects.filter(code="HZ-A-1-99").exists(),
    ),
    "org_patch": Endpoint(
        "PATCH",
        "/api/v1/orgs/HZ-A-1",
        {"name": "改名街道"},
        statuses=expect(200, MANAGERS),
        applied=lambda ns: Organization.objects.get(code="HZ-A-1").name == "改名街道",
    ),
    "member_list": Endpoint("GET", "/api/v1/members", statuses=expect(200, VIEWERS, outsider=200)),
    "member_detail": Endpoint("GET", "/api/v1/members/{in_a}", statuses=expect(200, VIEWERS)),
    "member_reveal": Endpoint(
        "GET", "/api/v1/members/{in_a}?reveal=true", statuses=expect(200, MANAGERS)
    ),
    "member_create": Endpoint(
        "POST",
        "/api/v1/members",
        member_body,
        statuses=expect(201, WRITERS),
        applied=lambda ns: Member.objects.filter(name="赵六").exists(),
    ),
    "member_patch": Endpoint(
        "PATCH",
        "/api/v1/members/{in_a}",
        {"occupation": "工程师"},
        statuses=expect(200, WRITERS),
        applied=lambda ns: Member.objects.get(pk=ns.in_a.pk).occupation == "工程师",
    ),
    "member_transfer": Endpoint(
        "POST",
        "/api/v1/members/{in_a}/transfer",
        {"to_org": "HZ-A-1", "reason": "调动"},
        statuses=expect(200, WRITERS),
        applied=lambda ns: Member.objects.get(pk=ns.in_a.pk).org.code == "HZ-A-1",
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_role_endpoint_matrix(name, role, api_as, members):
    endpoint = ENDPOINTS[name]
    client = api_as(role)
    url = endpoint.url.format(in_a=members.in_a.pk)
    body = endpoint.body() if callable(endpoint.body) else endpoint.body
    if endpoint.method == "GET":
        response = client.client.get(url, HTTP_AUTHORIZATION=f"Bearer {client.token}")
    else:
        response = client.call(endpoint.method, url, body)

    expected = endpoint.statuses[role]
    assert response.status_code == expected, (name, role, response.content)
    if expected >= 400:
        assert error(response)["code"] == {403: "forbidden", 404: "not_found"}[expected]
    if endpoint.applied is not None:
        assert endpoint.applied(members) is (expected < 400), (name, role)
