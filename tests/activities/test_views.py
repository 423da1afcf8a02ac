"""Activity pages: list (full and htmx partial), detail, create, edit, copy; scope and roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kesu.activities.models import Activity
from tests.activities.conftest import check_in, make_activity
from tests.conftest import login

pytestmark = pytest.mark.django_db

FORM = {
    "title": "职工健康讲座",
    "kind": "lecture",
    "outreach": "",
    "org": "HZ-A-1-01",
    "co_orgs": ["HZ-A-1"],
    "start": "2026-04-10T14:00",
    "end": "2026-04-10T16:00",
    "topics": ["health"],
    "target_groups": ["workers", "women"],
    "materials_distributed": "200",
    "spending": "300",
}


def test_list_is_scoped_and_filters_with_htmx(client, users, tree):
    make_activity(tree.a1g, title="西湖讲座")
    make_activity(tree.bg, title="滨江讲座")
    login(client, users.admin_a)
    page = client.get(reverse("activities:list")).content.decode()
    assert "西湖讲座" in page and "滨江讲座" not in page and "登记活动" in page
    partial = client.get(
        reverse("activities:list"),
        {"q": "西湖"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="activity-results",
    ).content.decode()
    assert "西湖讲座" in partial and "<form" not in partial


def test_detail_shows_outputs_warning_and_checkin_link(client, users, tree, members):
    activity = make_activity(tree.a1g, person_times=1, materials_distributed=500)
    check_in(activity, members.in_a, members.in_a2)
    check_in(activity, members.in_a, session=1)
    login(client, users.staff_a)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "明显少于签到人次" in page
    assert f"/checkin/activity/{activity.pk}/" in page
    assert "签到人数（去重）" in page and "复制为下一年度模板" in page
    assert 'style="' not in page and "<script>" not in page


def test_out_of_scope_pages_are_404(client, users, tree):
    in_b = make_activity(tree.bg)
    login(client, users.admin_a)
    assert client.get(reverse("activities:detail", args=[in_b.pk])).status_code == 404
    assert client.get(reverse("activities:edit", args=[in_b.pk])).status_code == 404
    assert client.post(reverse("activities:copy", args=[in_b.pk])).status_code == 404
    assert Activity.objects.count() == 1


def test_viewer_reads_but_cannot_write(client, users, tree):
    activity = make_activity(tree.a1g)
    login(client, users.viewer_a)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "复制为下一年度模板" not in page
    assert client.get(reverse("activities:create")).status_code == 403
    assert client.post(reverse("activities:create"), FORM).status_code == 403
    assert client.post(reverse("activities:copy", args=[activity.pk])).status_code == 403


def test_create_edit_and_copy(client, users, tree):
    login(client, users.staff_a)
    assert client.get(reverse("activities:create")).status_code == 200
    response = client.post(reverse("activities:create"), FORM)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "activities:detail", args=[activity.pk]
    )
    assert activity.topics == ",health," and activity.target_groups == ",workers,women,"
    assert list(activity.co_orgs.values_list("code", flat=True)) == ["HZ-A-1"]
    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert "2026-04-10T14:00" in edit
    bad = client.post(
        reverse("activities:edit", args=[activity.pk]),
        {**FORM, "end": "2026-04-09T10:00", "materials_distributed": "-1"},
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and "结束时间不能早于开始时间" in page and "不能为负数" in page
    client.post(reverse("activities:edit", args=[activity.pk]), {**FORM, "person_times": "88"})
    activity.refresh_from_db()
    assert activity.person_times == 88
    response = client.post(reverse("activities:copy", args=[activity.pk]))
    copy = Activity.objects.exclude(pk=activity.pk).get()
    assert response.url == reverse("activities:edit", args=[copy.pk])
    assert copy.copied_from == activity and copy.start.year == 2027


def test_create_form_rejects_out_of_scope_co_org(client, users, tree):
    login(client, users.staff_a)
    response = client.post(reverse("activities:create"), {**FORM, "co_orgs": ["HZ-B-01"]})
    assert response.status_code == 200  # not a choice offered: a form error
    assert not Activity.objects.exists()
