"""Upward reporting: submit with frozen figures, parent's status list, return, resubmit."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.activities.models import Activity
from kesu.orgs import access
from kesu.reports import drafts
from kesu.reports.summary import Narrative
from kesu.submissions import selectors, services
from kesu.submissions.models import Submission
from tests.activities.conftest import make_activity

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
Q = "org=HZ-A-1&from=2026-01-01&to=2026-12-31"


@pytest.fixture
def ready(tree, users):
    make_activity(tree.a1, "街道讲座", "2026-04-01", materials_distributed=300)
    drafts.draft_save(
        actor=users.admin_a,
        org=tree.a1,
        start=START,
        end=END,
        style="exact",
        narrative=Narrative(problems="人手不足。", next_plan="加强队伍。"),
    )
    return tree


def _figure(submission, code):
    return next(f["value"] for f in submission.figures if f["code"] == code)


@pytest.mark.django_db
def test_submit_freezes_figures_and_summary(ready, users):
    sub = services.submission_submit(actor=users.staff_a, org=ready.a1, start=START, end=END)
    assert sub.parent == ready.a and sub.status == "submitted"
    assert _figure(sub, "activities.materials") == "300"
    assert "发放宣传资料300份" in sub.summary_text and "人手不足。" in sub.summary_text
    make_activity(ready.a1, "之后补录", "2026-05-01", materials_distributed=700)
    sub.refresh_from_db()
    assert _figure(sub, "activities.materials") == "300"  # frozen as submitted
    with pytest.raises(services.SubmissionError, match="本期已报送"):
        services.submission_submit(actor=users.staff_a, org=ready.a1, start=START, end=END)


@pytest.mark.django_db
def test_summary_with_placeholders_cannot_be_submitted(tree, users):
    make_activity(tree.a1, "街道讲座", "2026-04-01")
    with pytest.raises(services.SubmissionError, match="存在的问题"):
        services.submission_submit(actor=users.staff_a, org=tree.a1, start=START, end=END)
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_parent_sees_status_returns_and_child_resubmits(ready, users):
    rows = selectors.children_status(user=users.admin_a, parent=ready.a, start=START, end=END)
    assert [(r.org.code, r.label) for r in rows] == [("HZ-A-1", "未报")]
    sub = services.submission_submit(actor=users.staff_a, org=ready.a1, start=START, end=END)
    with pytest.raises(services.SubmissionError, match="退回意见"):
        services.submission_return(actor=users.city_admin, submission=sub, comment=" ")
    services.submission_return(actor=users.city_admin, submission=sub, comment="数据需核实")
    rows = selectors.children_status(user=users.admin_a, parent=ready.a, start=START, end=END)
    assert rows[0].label == "退回"
    Activity.objects.create(
        org=ready.a1,
        title="补充",
        kind="lecture",
        start=sub.submitted_at,
        end=sub.submitted_at,
        materials_distributed=50,
    )
    again = services.submission_submit(actor=users.staff_a, org=ready.a1, start=START, end=END)
    assert again.pk == sub.pk and again.revision == 2 and again.comment == ""
    assert _figure(again, "activities.materials") == "350"
    services.submission_accept(actor=users.city_admin, submission=again)
    assert Submission.objects.get().status == "accepted"


@pytest.mark.django_db
def test_access_rules(client, ready, users):
    sub = services.submission_submit(actor=users.staff_a, org=ready.a1, start=START, end=END)
    client.force_login(users.admin_b)
    assert client.get(f"/submissions/{sub.pk}/").status_code == 404
    assert client.post(f"/submissions/{sub.pk}/accept/").status_code == 404
    client.force_login(users.viewer_a)
    assert client.get(f"/submissions/{sub.pk}/").status_code == 200
    assert client.post(f"/submissions/{sub.pk}/accept/").status_code == 403
    client.force_login(users.member_a)
    assert client.get("/submissions/").status_code == 403
    # the submitting unit cannot accept its own report: the parent is outside its scope
    with pytest.raises(access.NotFound):
        services.submission_accept(actor=_user_at(ready.a1), submission=sub)


def _user_at(org):
    from tests.factories import make_user

    return make_user("a1_admin", org, "admin")


@pytest.mark.django_db
def test_pages(client, ready, users):
    client.force_login(users.staff_a)
    response = client.post(f"/submissions/submit/?{Q}", {"note": "请审阅"})
    assert response.status_code == 302
    sub = Submission.objects.get()
    client.force_login(users.admin_a)
    page = client.get("/submissions/?org=HZ-A&from=2026-01-01&to=2026-12-31").content.decode()
    assert "北山街道总工会" in page and "已报" in page and "（1/1）" in page
    detail = client.get(f"/submissions/{sub.pk}/").content.decode()
    assert "请审阅" in detail and "发放宣传资料300份" in detail
    assert client.get(f"/submissions/{sub.pk}/docx/").status_code == 200
    client.post(f"/submissions/{sub.pk}/return/", {"comment": "请补充问题分析"})
    assert Submission.objects.get().status == "returned"
