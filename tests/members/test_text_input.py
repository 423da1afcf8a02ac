"""Text on the roster's way in: control characters removed at every door (form, API, sheet),
names normalised as stored and as searched, full-width phone numbers folded."""

from __future__ import annotations

import openpyxl
import pytest
from django.urls import reverse

from kesu.core import crypto
from kesu.members.importing import import_file
from kesu.members.models import Member
from tests.factories import make_member, new_id_number

pytestmark = pytest.mark.django_db

HX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}


def _form(**extra):
    return {
        "org": "HZ-A-1-01",
        "id_number": new_id_number(),
        "ethnicity": "汉族",
        "status": "active",
        **extra,
    }


def test_form_removes_control_characters_and_keeps_lines(client, users, tree):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("members:create"),
        _form(name="孙七", notes="备注\x01文字\r\n第二行", occupation="\x1b[31m焊工"),
    )
    assert response.status_code == 302
    member = Member.objects.get(name="孙七")
    assert member.notes == "备注文字\n第二行" and member.occupation == "[31m焊工"


def test_form_name_normalised_and_fullwidth_phone_accepted(client, users, tree):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("members:create"),
        _form(
            name="\u202e陈\u200b晶",
            phone="１３８－００１３－８０００",
            employer_name="ＡＢＣ\u200b公司",
        ),
    )
    assert response.status_code == 302, response.content.decode()
    member = Member.objects.get(org=tree.a1g, phone_tail="8000")
    assert member.name == "陈晶" and member.employer_name == "ABC公司"
    assert crypto.decrypt(member.phone_enc) == "13800138000"
    assert member.phone_masked == "138****8000"


def test_api_removes_control_characters(api_as, tree):
    response = api_as("staff_a").post(
        "/api/v1/members",
        {
            "org": "HZ-A-1-01",
            "name": "陈\u200b晶\u202e",
            "id_number": new_id_number(),
            "phone": "１３８００１３８０００",
            "notes": "备注\u0001文字",
            "occupation": "\u0007工程师",
        },
    )
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert (member.name, member.notes, member.occupation) == ("陈晶", "备注文字", "工程师")
    assert crypto.decrypt(member.phone_enc) == "13800138000"


def test_api_patch_removes_control_characters(api_as, members):
    response = api_as("admin_a").patch(
        f"/api/v1/members/{members.in_a.pk}", {"notes": "a\u0001b\r\nc"}
    )
    assert response.status_code == 200, response.content
    members.in_a.refresh_from_db()
    assert members.in_a.notes == "ab\nc"


def test_import_removes_control_characters(tree, users, tmp_path):
    # "_x0001_" is how an .xlsx stores U+0001 (as Excel writes it); calamine decodes it.
    number = new_id_number()
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "手机号", "备注", "工作单位"])
    book.active.append(
        ["陈_x0001_\u200b晶", number, "１３８ ００１３ ８０００", "备_x0002_注", "某\u202e厂"]
    )
    book.save(tmp_path / "roster.xlsx")
    result = import_file(str(tmp_path / "roster.xlsx"), org=tree.a1g, actor=users.admin_a)
    assert (result.created, result.rejected) == (1, 0), result.errors
    member = Member.objects.get(org=tree.a1g, phone_tail="8000")
    assert (member.name, member.notes, member.employer_name) == ("陈晶", "备注", "某厂")
    assert crypto.decrypt(member.phone_enc) == "13800138000"


@pytest.mark.parametrize("query", ["陈\u200b晶", "\u202e陈晶", "陈 晶", "陈\u2060"])
def test_search_normalises_the_query_as_names_are_stored(client, users, tree, query):
    make_member(tree.a1g, name="陈晶")
    make_member(tree.a1g, name="陈红")
    client.force_login(users.staff_a)
    html = client.get(reverse("members:list"), {"q": query}, **HX_RESULTS).content.decode()
    assert "陈晶" in html
    assert ("陈红" in html) is (query == "陈\u2060")  # "陈" alone is a prefix of both


def test_search_by_fullwidth_phone(client, users, members):
    client.force_login(users.staff_a)
    html = client.get(
        reverse("members:list"), {"q": "１３８－０００－０１２３４"}, **HX_RESULTS
    ).content.decode()
    assert "张三" in html and "李四" not in html
