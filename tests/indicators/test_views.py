"""/indicators/: the page, the evidence lists and the breakdowns, with the scope checks."""

from __future__ import annotations

from django.utils import timezone

from tests.conftest import login

RANGE = {"from": "2026-01-01", "to": "2026-12-31"}


def test_index_defaults_to_own_org_this_year(client, users, roster):
    response = login(client, users.admin_a).get("/indicators/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.cleaned_data["org"] == "HZ-A"
    assert form.cleaned_data["from"].isoformat() == f"{timezone.localdate().year}-01-01"
    assert form.cleaned_data["to"] == timezone.localdate()
    text = response.content.decode()
    assert "会员人数" in text and "/indicators/members.count/evidence/?" in text


def test_index_values_link_to_their_evidence(client, users, roster):
    login(client, users.admin_a)
    response = client.get("/indicators/", {"org": "HZ-A", **RANGE})
    values = {v.code: v.value for v in response.context["values"]}
    assert values["members.count"] == 5
    for code, value in values.items():
        page = client.get(f"/indicators/{code}/evidence/", {"org": "HZ-A", **RANGE})
        assert page.status_code == 200
        assert page.context["page"].paginator.count == value, code
    text = client.get("/indicators/members.count/evidence/", {"org": "HZ-A", **RANGE})
    assert "赵一" in text.content.decode() and "王五" not in text.content.decode()


def test_breakdown_page(client, users, roster):
    login(client, users.city_admin)
    response = client.get("/indicators/members.count/breakdown/", {"org": "HZ", **RANGE})
    assert response.status_code == 200
    assert [(r.key, r.value) for r in response.context["rows"]] == [
        ("HZ", 0),
        ("HZ-A", 5),
        ("HZ-B", 2),
    ]
    assert response.context["total"] == 7
    response = client.get(
        "/indicators/members.joined/breakdown/", {"org": "HZ", "by": "month", **RANGE}
    )
    assert response.context["total"] == 4
    assert (
        client.get(
            "/indicators/members.joined/breakdown/", {"org": "HZ", "by": "x", **RANGE}
        ).status_code
        == 404
    )


def test_from_after_to_shows_a_form_error(client, users, roster):
    login(client, users.admin_a)
    response = client.get("/indicators/", {"org": "HZ-A", "from": "2026-12-31", "to": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["values"] is None
    assert "截止日期不能早于开始日期" in response.content.decode()


def test_other_subtree_is_404(client, users, roster):
    login(client, users.admin_a)
    for url in (
        "/indicators/",
        "/indicators/members.count/evidence/",
        "/indicators/members.count/breakdown/",
    ):
        assert client.get(url, {"org": "HZ-B", **RANGE}).status_code == 404, url
    assert client.get("/indicators/nope/evidence/", {"org": "HZ-A", **RANGE}).status_code == 404


def test_member_role_is_403_and_has_no_link(client, users, tree):
    login(client, users.member_a)
    assert client.get("/indicators/").status_code == 403
    assert client.get("/indicators/members.count/evidence/").status_code == 403
    assert "/indicators/" not in client.get("/").content.decode()


def test_viewer_sees_the_nav_link(client, users, tree):
    response = login(client, users.viewer_a).get("/members/")
    assert 'href="/indicators/"' in response.content.decode()


def test_anonymous_goes_to_login(client, tree):
    response = client.get("/indicators/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_no_inline_style_or_script(client, users, roster):
    login(client, users.city_admin)
    for url in (
        "/indicators/",
        "/indicators/members.count/evidence/",
        "/indicators/orgs.count/evidence/",
        "/indicators/members.count/breakdown/",
    ):
        text = client.get(url, {"org": "HZ", **RANGE}).content.decode()
        assert "style=" not in text and "<style" not in text, url
        assert "<script>" not in text, url
