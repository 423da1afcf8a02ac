"""Pages: list filters, create with founding, scope, roles, import with row errors, export,
the medical page and its grid."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from kesu.employers.models import Employer, MutualMedicalEnrolment, UnionFounding
from tests.conftest import login
from tests.employers.conftest import code

pytestmark = pytest.mark.django_db


def test_list_filters_and_scope(client, users, emp):
    login(client, users.admin_a)
    body = client.get("/employers/", {"size": "25plus", "ownership": "non_public"}).content.decode()
    assert "西湖科技有限公司" in body and "北山机械厂" in body
    assert "小作坊" not in body and "区属国企" not in body and "滨江制造公司" not in body
    assert client.get(f"/employers/{emp.b1.pk}/").status_code == 404
    assert client.get(f"/employers/{emp.a1.pk}/").status_code == 200


def test_create_with_founding(client, tree, users):
    login(client, users.staff_a)
    response = client.post(
        "/employers/new/",
        {
            "org": tree.a1g.code,
            "name": "新建会公司",
            "credit_code": code(21),
            "ownership": "non_public",
            "staff_count": "55",
            "is_active": "on",
            "has_union": "on",
            "founded_on": "2026-05-01",
            "sign_hung": "on",
            "identity_shown": "on",
            "duties_shown": "on",
            "home_rating": "city",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    employer = Employer.objects.get(name="新建会公司")
    founding = UnionFounding.objects.get(employer=employer)
    assert founding.three_shown and founding.union == tree.a1g
    page = client.get(response.url).content.decode()
    assert "市级模范职工之家" in page


def test_bad_code_shows_message_and_saves_nothing(client, tree, users):
    login(client, users.staff_a)
    response = client.post(
        "/employers/new/",
        {
            "org": tree.a1g.code,
            "name": "坏代码",
            "credit_code": "91330106MA000002X",
            "ownership": "non_public",
            "has_union": "on",
            "founded_on": "",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "统一社会信用代码应为18位，当前为17位" in body and "建会日期不能为空" in body
    assert not Employer.objects.exists()


def test_viewer_cannot_write(client, users, emp):
    login(client, users.viewer_a)
    assert client.get("/employers/new/").status_code == 403
    assert client.get(f"/employers/{emp.a1.pk}/edit/").status_code == 403
    assert client.get("/employers/").status_code == 200


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["西湖区企业名录"])  # a title row above the header
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "employers.xlsx"
    return out


HEADER = [
    "服务工会编码",
    "单位名称",
    "统一社会信用代码",
    "所有制",
    "职工人数",
    "建会日期",
    "牌子挂起来",
]


def test_import_row_errors_then_success(client, tree, users, emp):
    login(client, users.staff_a)
    bad = _xlsx(
        [
            HEADER,
            [tree.a1g.code, "甲公司", code(31), "非公有制", 30, "2026-03-01", "是"],
            [tree.a1g.code, "乙公司", code(32)[:-1] + "Z", "非公有制", -1, None, None],
            [tree.bg.code, "丙公司", code(33), "私营", 20, None, None],
            [tree.a1g.code, "丁公司", code(31), "国有", 20, "不知道", None],
        ]
    )
    response = client.post("/employers/import/", {"file": bad, "dry_run": ""})
    body = response.content.decode()
    assert "第4行“统一社会信用代码”列：统一社会信用代码第18位“Z”不是有效字符" in body
    assert "第4行“职工人数”列：职工人数不能为负数" in body
    assert "第5行“服务工会编码”列：服务工会“HZ-B-01”不存在或不在管辖范围内" in body
    assert "第5行“所有制”列：所有制“私营”无效" in body
    assert "第6行“统一社会信用代码”列：与第3行的统一社会信用代码重复" in body
    assert "第6行“建会日期”列" in body
    assert Employer.objects.count() == 5  # nothing half-stored
    good = _xlsx(
        [
            HEADER,
            [tree.a1g.code, "甲公司", code(31), "非公有制", 30, "2026-03-01", "是"],
            [tree.a1g.code, "西湖科技（更名）", emp.a1.credit_code, "非公有制", 130, None, None],
        ]
    )
    response = client.post("/employers/import/", {"file": good, "dry_run": "on"})
    assert "将新增 1 家、更新 1 家" in response.content.decode()
    assert Employer.objects.count() == 5
    good.seek(0)
    response = client.post("/employers/import/", {"file": good, "dry_run": ""})
    assert response.status_code == 302
    assert Employer.objects.count() == 6
    emp.a1.refresh_from_db()
    assert emp.a1.name == "西湖科技（更名）" and emp.a1.staff_count == 130
    assert UnionFounding.objects.get(employer__name="甲公司").sign_hung is True


def test_export_is_formula_safe_and_scoped(client, tree, users, emp):
    emp.make(tree.a1g, '=HYPERLINK("x")', 41)
    login(client, users.admin_a)
    response = client.get("/employers/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in names and "滨江制造公司" not in names


def test_medical_page_and_grid(client, tree, users, emp):
    login(client, users.staff_a)
    page = client.get("/employers/medical/", {"org": tree.a.code, "year": "2026"})
    assert "0份（未设定年度任务）" in page.content.decode()
    response = client.post(
        "/employers/medical/grid/",
        {
            "org": tree.a.code,
            "year": "2026",
            f"shares-{emp.a1.pk}": "3000",
            f"shares-{emp.a2.pk}": "-5",
        },
    )
    assert response.status_code == 400
    assert "参保份数不能为负数" in response.content.decode()
    assert not MutualMedicalEnrolment.objects.exists()
    response = client.post(
        "/employers/medical/grid/",
        {
            "org": tree.a.code,
            "year": "2026",
            f"shares-{emp.a1.pk}": "3000",
            f"shares-{emp.a2.pk}": "2281",
            f"amount-{emp.a2.pk}": "22810.00",
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "5281份（未设定年度任务）" in page
    login(client, users.admin_b)
    assert client.get("/employers/medical/", {"org": tree.a.code}).status_code == 404


@pytest.mark.parametrize(
    "code, text",
    [
        ("unions.coverage_25plus", "北山机械厂"),
        ("unions.founded", "西湖科技有限公司"),
        ("wage_agreements.coverage_25plus", "北山机械厂"),
        ("wage_agreements.count", "区域协议"),
        ("medical_mutual.shares", "西湖科技有限公司"),
        ("medical_mutual.completion", "西湖科技有限公司"),
    ],
)
def test_indicator_evidence_pages(client, tree, users, emp, code, text):
    from kesu.employers import services

    root = users.root
    services.founding_save(actor=root, employer=emp.a1, data={"founded_on": "2026-03-01"})
    services.agreement_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "regional",
            "title": "区域协议",
            "signed_on": "2026-03-01",
            "term_start": "2026-03-01",
            "term_end": "2027-02-28",
            "employers": [emp.a1.pk],
        },
    )
    services.enrolment_save(actor=root, employer=emp.a1, data={"year": 2026, "shares": 10})
    login(client, users.admin_a)
    query = {"org": tree.a.code, "from": "2026-01-01", "to": "2026-12-31"}
    response = client.get(f"/indicators/{code}/evidence/", query)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert client.get(f"/indicators/{code}/breakdown/", query).status_code == 200


def test_agreement_pages(client, tree, users, emp):
    login(client, users.staff_a)
    form = client.get("/employers/agreements/new/").content.decode()
    assert "西湖科技有限公司" in form and "滨江制造公司" not in form
    bad = client.post(
        "/employers/agreements/new/",
        {
            "org": tree.a.code,
            "kind": "regional",
            "title": "区域协议",
            "signed_on": "2026-03-01",
            "term_start": "2026-03-01",
            "term_end": "2026-02-01",
            "wage_increase_pct": "abc",
        },
    )
    body = bad.content.decode()
    assert "期限止不能早于期限起" in body and "工资增长幅度应为数字" in body
    response = client.post(
        "/employers/agreements/new/",
        {
            "org": tree.a.code,
            "kind": "regional",
            "title": "区域协议",
            "signed_on": "2026-03-01",
            "term_start": "2026-03-01",
            "term_end": "2027-02-28",
            "workers_covered": "160",
            "wage_increase_pct": "6.5",
            "employers": [str(emp.a1.pk), str(emp.a2.pk)],
        },
    )
    assert response.status_code == 302
    detail = client.get(response.url).content.decode()
    assert "北山机械厂" in detail and "6.50%" in detail
    assert "区域协议" in client.get("/employers/agreements/", {"kind": "regional"}).content.decode()
    pk = response.url.rstrip("/").split("/")[-1]
    login(client, users.viewer_a)
    assert client.get(f"/employers/agreements/{pk}/edit/").status_code == 403
    login(client, users.admin_b)
    assert client.get(f"/employers/agreements/{pk}/").status_code == 404


def test_medical_import(client, tree, users, emp):
    login(client, users.staff_a)
    header = ["统一社会信用代码", "单位名称", "年度", "参保份数", "金额（元）"]
    bad = _xlsx(
        [
            header,
            [emp.a1.credit_code, None, 2026, 3000, "30000"],
            [None, "北山机械厂", 2026, -1, None],
            [emp.b1.credit_code, None, 2026, 5, None],
            [None, "不存在的厂", 2026, 5, None],
            [emp.a1.credit_code.lower(), None, 2026, 1, None],
        ]
    )
    body = client.post("/employers/medical/import/", {"file": bad, "dry_run": ""}).content.decode()
    assert "第4行“参保份数”列：参保份数不能为负数" in body
    assert "第5行“统一社会信用代码”列：未找到该信用代码的单位，或不在管辖范围内" in body
    assert "第6行“单位名称”列：未找到该单位，或不在管辖范围内" in body
    assert "第7行“参保份数”列：与第3行是同一单位同一年度" in body
    assert not MutualMedicalEnrolment.objects.exists()
    good = _xlsx(
        [
            header,
            [emp.a1.credit_code, None, 2026, 3000, "30000"],
            [None, "北山机械厂", 2026, 2281, None],
        ]
    )
    response = client.post("/employers/medical/import/", {"file": good, "dry_run": ""})
    assert response.status_code == 302
    page = client.get("/employers/medical/", {"org": tree.a.code, "year": "2026"}).content.decode()
    assert "5281份（未设定年度任务）" in page
