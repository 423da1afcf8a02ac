import pytest
from django.urls import reverse

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_results_page_raw_weighted_national(client, users, assessment, sample):
    login(client, users.viewer_a)
    r = client.get(reverse("assessment:results", args=[assessment.pk]), {"min_n": 5})
    html = r.content.decode()
    assert r.status_code == 200
    assert "60.00%" in html and "40.00%" in html  # raw and weighted side by side
    assert "14.14%" in html and "15.66%" in html  # national 2023 overall and male
    assert "样本不足</span>" not in html
    assert "具备高阶科学素质 1" in html
    assert 'style="' not in html and "<script>" not in html
    r = client.get(reverse("assessment:results", args=[assessment.pk]))
    assert "样本不足</span>" in r.content.decode()


def test_pages_access(client, users, assessment, paper, tree):
    login(client, users.admin_b)
    assert client.get(reverse("assessment:results", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("assessment:import", args=[assessment.pk])).status_code == 404
    login(client, users.viewer_a)
    assert client.get(reverse("assessment:index")).status_code == 200
    assert client.get(reverse("assessment:create")).status_code == 403
    assert client.get(reverse("assessment:import", args=[assessment.pk])).status_code == 403
    login(client, users.member_a)
    assert client.get(reverse("assessment:index")).status_code == 403


def test_create_page(client, users, paper, national):
    login(client, users.staff_a)
    url = reverse("assessment:create")
    assert client.get(url).status_code == 200
    data = {
        "org": "HZ-A",
        "title": "测评",
        "paper": str(paper.pk),
        "scheme": str(national.pk),
        "period_start": "2026-01-01",
        "period_end": "2025-12-31",
    }
    r = client.post(url, data)
    assert r.status_code == 400 and "结束日期不能早于开始日期" in r.content.decode()
    r = client.post(url, {**data, "period_end": "2026-12-31"})
    assert r.status_code == 302
    assert LiteracyAssessment.objects.get().title == "测评"


def test_schemes_pages(client, users):
    login(client, users.viewer_a)
    assert "全国公民科学素质调查" in client.get(reverse("assessment:schemes")).content.decode()
    assert client.get(reverse("assessment:scheme_create")).status_code == 403
    login(client, users.admin_a)
    builtin = LiteracyScheme.objects.get(code="national-2022")
    assert client.get(reverse("assessment:scheme_edit", args=[builtin.pk])).status_code == 403
    data = {
        "code": "city-2026",
        "name": "市测评",
        "method": "dimensions",
        "w_knowledge": "50",
        "w_method": "20",
        "w_spirit": "20",
        "w_application": "20",
        "tiers": "60,合格,是\n0,不合格,否",
    }
    r = client.post(reverse("assessment:scheme_create"), data)
    assert r.status_code == 400 and "权重之和应为100" in r.content.decode()
    r = client.post(reverse("assessment:scheme_create"), {**data, "w_knowledge": "40"})
    assert r.status_code == 302
    s = LiteracyScheme.objects.get(code="city-2026")
    assert s.tiers[0] == {"min": "60", "name": "合格", "literate": True}


def test_import_button_only_where_the_import_opens(client, users, assessment, tree):
    """A township admin reads the district's assessment for its part of the audience but may
    not import into it: no button (it used to lead to a 404). The district admin gets both."""
    from tests.factories import make_user

    url = reverse("assessment:import", args=[assessment.pk])
    login(client, make_user("admin_a1", tree.a1, "admin"))
    html = client.get(reverse("assessment:results", args=[assessment.pk])).content.decode()
    assert "导入维度得分" not in html and client.get(url).status_code == 404
    login(client, users.admin_a)
    html = client.get(reverse("assessment:results", args=[assessment.pk])).content.decode()
    assert url in html and client.get(url).status_code == 200
