from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.members.models import Member, Transfer
from tests.factories import make_member, new_id_number

pytestmark = pytest.mark.django_db

HX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}


def full_id(member: Member) -> str:
    return crypto.decrypt(member.id_number_enc)


def pages(m):
    return {
        "list": reverse("members:list"),
        "detail": reverse("members:detail", args=[m.pk]),
        "create": reverse("members:create"),
        "edit": reverse("members:edit", args=[m.pk]),
        "transfer": reverse("members:transfer", args=[m.pk]),
    }


# --- role matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "detail", "create", "edit", "transfer"])
def test_anonymous_goes_to_login(client, members, name):
    response = client.get(pages(members.in_a)[name])
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name", ["list", "detail", "create", "edit", "transfer"])
def test_member_role_gets_403(client, users, members, name):
    client.force_login(users.member_a)
    assert client.get(pages(members.in_a)[name]).status_code == 403


@pytest.mark.parametrize("name", ["create", "edit", "transfer"])
def test_viewer_may_not_write(client, users, members, name):
    client.force_login(users.viewer_a)
    url = pages(members.in_a)[name]
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "改名", "org": "HZ-A", "to_org": "HZ-A"}).status_code == 403
    members.in_a.refresh_from_db()
    assert members.in_a.name == "张三"


@pytest.mark.parametrize("role", ["viewer_a", "staff_a", "admin_a"])
@pytest.mark.parametrize("name", ["list", "detail"])
def test_readers_may_view(client, users, members, role, name):
    client.force_login(getattr(users, role))
    assert client.get(pages(members.in_a)[name]).status_code == 200


@pytest.mark.parametrize("role", ["staff_a", "admin_a"])
@pytest.mark.parametrize("name", ["create", "edit", "transfer"])
def test_writers_may_open_forms(client, users, members, role, name):
    client.force_login(getattr(users, role))
    assert client.get(pages(members.in_a)[name]).status_code == 200


# --- IDOR ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "edit", "transfer"])
def test_other_subtree_member_is_404_like_missing(client, users, members, name):
    client.force_login(users.admin_a)
    missing = Member(pk=999999)
    for m in (members.in_b, missing):
        url = pages(m)[name]
        assert client.get(url).status_code == 404
        if name != "detail":
            assert client.post(url, {"name": "改名", "to_org": "HZ-A"}).status_code == 404
    members.in_b.refresh_from_db()
    assert members.in_b.name == "王五" and members.in_b.org.code == "HZ-B-01"


def test_reveal_of_other_subtree_member_is_404(client, users, members):
    client.force_login(users.admin_a)
    for pk in (members.in_b.pk, 999999):
        assert client.post(reverse("members:reveal", args=[pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="member.reveal").exists()


# --- list ---------------------------------------------------------------------------------


def test_list_shows_masked_values_only(client, users, members):
    client.force_login(users.staff_a)
    html = client.get(reverse("members:list")).content.decode()
    assert "张三" in html and "李四" in html and "王五" not in html
    assert members.in_a.id_number_masked in html and "138****1234" in html
    assert full_id(members.in_a) not in html and "13800001234" not in html


@pytest.mark.parametrize(
    "query,expected",
    [("张", {"张三"}), ("1234", {"张三"}), ("13800001234", {"张三"}), ("13900005678", set())],
)
def test_search(client, users, members, query, expected):
    client.force_login(users.staff_a)
    response = client.get(reverse("members:list"), {"q": query}, **HX_RESULTS)
    html = response.content.decode()
    assert {n for n in ("张三", "李四", "王五") if n in html} == expected


def test_search_by_full_id_number(client, users, members):
    client.force_login(users.staff_a)
    html = client.get(reverse("members:list"), {"q": full_id(members.in_a2)}).content.decode()
    assert "李四" in html and "张三" not in html


def test_filters(client, users, tree, members):
    make_member(tree.a1, name="赵女", id_number=new_id_number(male=False), is_migrant_worker=True)
    client.force_login(users.staff_a)
    get = lambda **q: client.get(reverse("members:list"), q, **HX_RESULTS).content.decode()  # noqa: E731
    assert "赵女" in get(gender="F") and "张三" not in get(gender="F")
    assert "赵女" in get(migrant="yes") and "李四" not in get(migrant="yes")
    html = get(org="HZ-A-1")
    assert "张三" in html and "赵女" in html and "李四" not in html
    assert "没有符合条件的会员" in get(org="HZ-B")  # outside the scope: nothing


def test_htmx_returns_results_partial_and_export_keeps_filters(client, users, members):
    client.force_login(users.staff_a)
    response = client.get(reverse("members:list"), {"q": "张", "gender": "M"}, **HX_RESULTS)
    html = response.content.decode()
    assert "<html" not in html and "张三" in html
    assert f"{reverse('members:export')}?q=%E5%BC%A0&amp;gender=M" in html
    assert "HX-Request" in response.headers.get("Vary", "")
    # The same URL without htmx is a full, shareable page.
    full = client.get(reverse("members:list"), {"q": "张", "gender": "M"}).content.decode()
    assert "<html" in full and 'value="张"' in full


def test_list_query_count_does_not_grow_with_rows(client, users, tree):
    client.force_login(users.staff_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("members:list")).status_code == 200
        return len(ctx.captured_queries)

    count()  # the roster tally's first, full count
    make_member(tree.a1g)
    before = count()
    for org in (tree.a, tree.a1, tree.a1g) * 10:
        make_member(org)
    assert count() == before


def test_pagination_keeps_filters(client, users, tree):
    for _ in range(55):
        make_member(tree.a1g, name="钱某")
    client.force_login(users.staff_a)
    html = client.get(reverse("members:list"), {"q": "钱"}).content.decode()
    assert "共 55 人" in html
    assert "?q=%E9%92%B1&amp;page=2" in html
    second = client.get(reverse("members:list"), {"q": "钱", "page": 2}).content.decode()
    assert second.count("钱某") == 5


# --- detail and reveal --------------------------------------------------------------------


def test_detail_is_masked_and_staff_has_no_reveal_button(client, users, members):
    client.force_login(users.staff_a)
    html = client.get(reverse("members:detail", args=[members.in_a.pk])).content.decode()
    assert members.in_a.id_number_masked in html and full_id(members.in_a) not in html
    assert "显示完整信息" not in html
    assert "最近操作记录" not in html  # audit entries are for admins


def test_detail_for_admin_has_reveal_button_and_audit(client, users, members):
    client.force_login(users.admin_a)
    html = client.get(reverse("members:detail", args=[members.in_a.pk])).content.decode()
    assert "显示完整信息" in html and reverse("members:reveal", args=[members.in_a.pk]) in html
    assert full_id(members.in_a) not in html
    assert "最近操作记录" in html


def test_reveal_is_audited_for_admin(client, users, members):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("members:reveal", args=[members.in_a.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert full_id(members.in_a) in html and "13800001234" in html
    assert response.headers["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="member.reveal")
    assert entry.actor == users.admin_a and entry.target_id == str(members.in_a.pk)


def test_reveal_is_403_for_staff_and_not_audited(client, users, members):
    client.force_login(users.staff_a)
    response = client.post(reverse("members:reveal", args=[members.in_a.pk]))
    assert response.status_code == 403
    assert full_id(members.in_a) not in response.content.decode()
    assert not AuditEntry.objects.filter(action="member.reveal").exists()


def test_reveal_is_post_only(client, users, members):
    client.force_login(users.admin_a)
    assert client.get(reverse("members:reveal", args=[members.in_a.pk])).status_code == 405


# --- create / edit / transfer ---------------------------------------------------------------


def test_staff_creates_member(client, users, tree):
    client.force_login(users.staff_a)
    number = new_id_number()
    response = client.post(
        reverse("members:create"),
        {
            "org": "HZ-A-1-01",
            "name": "孙七",
            "id_number": number,
            "phone": "13700001111",
            "ethnicity": "汉族",
            "status": "active",
            "joined_on": "2020-05-01",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(name="孙七")
    assert member.org == tree.a1g and full_id(member) == number
    assert str(member.joined_on) == "2020-05-01"


def test_create_shows_chinese_errors_next_to_fields(client, users):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("members:create"),
        {
            "org": "HZ-A",
            "name": "",
            "id_number": "123",
            "phone": "555",
            "ethnicity": "汉族",
            "status": "active",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "姓名不能为空" in html and "手机号应为11位" in html
    assert html.count('class="field-error"') >= 3
    assert not Member.objects.filter(org__code="HZ-A").exclude(name="李四").exists()


def test_create_org_choices_limited_to_scope(client, users):
    client.force_login(users.staff_a)
    html = client.get(reverse("members:create")).content.decode()
    assert 'value="HZ-A-1-01"' in html and 'value="HZ-B-01"' not in html


@pytest.mark.parametrize("code", ["HZ-B-01", "NOPE"])
def test_create_outside_scope_is_404(client, users, code):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("members:create"),
        {
            "org": code,
            "name": "越权",
            "id_number": new_id_number(),
            "ethnicity": "汉族",
            "status": "active",
        },
    )
    assert response.status_code == 404
    assert not Member.objects.filter(name="越权").exists()


def test_edit_blank_id_number_means_unchanged(client, users, members):
    client.force_login(users.staff_a)
    before = full_id(members.in_a)
    response = client.post(
        reverse("members:edit", args=[members.in_a.pk]),
        {
            "name": "张三丰",
            "id_number": "",
            "phone": "",
            "ethnicity": "汉族",
            "status": "active",
            "education": "bachelor",
            "is_migrant_worker": "on",
        },
    )
    assert response.status_code == 302
    members.in_a.refresh_from_db()
    assert members.in_a.name == "张三丰" and full_id(members.in_a) == before
    assert members.in_a.phone_masked == "138****1234"
    assert members.in_a.education == "bachelor" and members.in_a.is_migrant_worker
    assert AuditEntry.objects.filter(action="member.update").exists()


def test_edit_invalid_id_number_shows_error(client, users, members):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("members:edit", args=[members.in_a.pk]),
        {
            "name": "张三",
            "id_number": "330106198001010000",
            "ethnicity": "汉族",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()


def test_transfer_within_scope(client, users, members, tree):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("members:transfer", args=[members.in_a.pk]), {"to_org": "HZ-A", "reason": "调动"}
    )
    assert response.status_code == 302
    members.in_a.refresh_from_db()
    assert members.in_a.org == tree.a
    assert Transfer.objects.filter(member=members.in_a, to_org=tree.a).exists()
    html = client.get(reverse("members:detail", args=[members.in_a.pk])).content.decode()
    assert "调动" in html and "某科技公司工会" in html


@pytest.mark.parametrize("code", ["HZ-B", "HZ-B-01", "HZ", "NOPE"])
def test_transfer_outside_scope_is_404_and_changes_nothing(client, users, members, tree, code):
    client.force_login(users.admin_a)
    response = client.post(reverse("members:transfer", args=[members.in_a.pk]), {"to_org": code})
    assert response.status_code == 404
    members.in_a.refresh_from_db()
    assert members.in_a.org == tree.a1g
    assert not Transfer.objects.exists()


def test_transfer_to_same_org_shows_error(client, users, members):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("members:transfer", args=[members.in_a.pk]), {"to_org": "HZ-A-1-01"}
    )
    assert response.status_code == 200
    assert "转入组织与当前组织相同" in response.content.decode()
