"""/api/v1/assessments/{id}/sample and the sample pages: roles, other subtrees, bounds, the
draw, the tracking list (masked), the member's invitation and the shareable link."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kesu.assessment import sample_selectors as ss
from kesu.assessment.models import LiteracyAssessment, SampleMember, SampleReminder
from kesu.assessment.sample_services import sample_draw
from tests.assessment.conftest import attempt
from tests.assessment.sample_fixtures import answer, sampled
from tests.conftest import login

pytestmark = pytest.mark.django_db
DRAW = {
    "stratify_by": "unit",
    "allocation": "proportional",
    "size": 8,
    "reserve_per_stratum": 2,
    "seed": 7,
}


def url(a):
    return f"/api/v1/assessments/{a.pk}/sample"


def post(client, a, body):
    return client.post(url(a), body, content_type="application/json")


def test_api_draw_and_read(client, users, assessment, roster):
    login(client, users.viewer_a)
    assert client.get(url(assessment)).status_code == 404  # not drawn yet
    assert post(client, assessment, DRAW).status_code == 403
    login(client, users.admin_b)
    assert post(client, assessment, DRAW).status_code == 404
    login(client, users.member_a)
    assert client.get(url(assessment)).status_code == 403
    login(client, users.admin_a)
    assert post(client, assessment, {**DRAW, "colour": "red"}).status_code == 422
    assert post(client, assessment, {**DRAW, "seed": 2**60}).status_code == 422
    r = post(client, assessment, {"stratify_by": "unit"})
    assert r.status_code == 400 and "size" in r.json()["error"]["fields"]
    r = post(client, assessment, DRAW)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["size"], body["seed"], body["frame_size"]) == (8, 7, 40)
    assert {s["label"]: s["allocated"] for s in body["strata"]} == {
        "西湖区总工会（本级）": 2,
        "北山街道总工会": 6,
    }
    assert body["response"] == {"sampled": 8, "responded": 0, "replaced": 0, "rate": 0.0}
    r = post(client, assessment, DRAW)
    assert r.status_code == 400 and r.json()["error"]["code"] == "already_drawn"
    d = assessment.sample_design
    for sm in sampled(d, roster.district):
        answer(assessment, sm, 80)
    login(client, users.viewer_a)
    body = client.get(url(assessment)).json()
    assert body["response"]["responded"] == 2 and body["response"]["rate"] == 25.0
    assert body["estimate"]["n"] == 2 and body["estimate"]["refused"] is True


def test_api_margin(client, users, assessment, roster):
    login(client, users.staff_a)
    r = post(client, assessment, {"margin_points": "20", "response_rate": 80, "seed": 1})
    assert r.status_code == 201 and r.json()["size"] == 20 and r.json()["margin_points"] == 20.0


def test_sample_page_preview_draw_and_track(client, users, assessment, roster):
    page = reverse("assessment:sample", args=[assessment.pk])
    login(client, users.viewer_a)
    r = client.get(page)
    assert r.status_code == 200 and "本测评尚未抽样" in r.content.decode()
    assert client.post(page, DRAW).status_code == 403
    login(client, users.staff_a)
    r = client.get(
        page,
        {
            "stratify_by": "unit",
            "allocation": "proportional",
            "margin_points": "20",
            "response_rate": "80",
        },
    )
    text = r.content.decode()
    assert "需抽取约 20 人" in text and "北山街道总工会" in text
    r = client.post(page, DRAW)
    assert r.status_code == 302
    d = assessment.sample_design
    text = client.get(page).content.decode()
    assert 'id="seed">7<' in text and "提醒全部未作答会员" in text
    names = [sm.member.name for sm in d.members.select_related("member")]
    assert not any(n in text for n in names)  # masked
    assert client.post(reverse("assessment:sample_remind", args=[assessment.pk])).status_code == 302
    assert SampleReminder.objects.count() == 8
    first = sampled(d, roster.township)[0]
    r = client.post(
        reverse("assessment:sample_replace", args=[assessment.pk, first.pk]), {"reason": "长期病假"}
    )
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.status == SampleMember.Status.REPLACED
    login(client, users.admin_b)
    assert client.get(page).status_code == 404
    r = client.post(
        reverse("assessment:sample_replace", args=[assessment.pk, first.pk]), {"reason": "x"}
    )
    assert r.status_code == 404
    login(client, users.viewer_a)
    text = client.get(reverse("assessment:results", args=[assessment.pk])).content.decode()
    assert 'id="panel-response-rate">0.0%' in text


def test_member_sees_invitation_and_link(client, users, assessment, roster):
    d = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    chosen = sampled(d, roster.township)[0].member
    users.member_a.member = chosen
    users.member_a.save(update_fields=["member"])
    token = ss.invite_token(assessment)
    login(client, users.member_a)
    today = timezone.localdate()  # the invitation shows while the assessment is open
    assessment.period_start, assessment.period_end = today, today
    assessment.save(update_fields=["period_start", "period_end"])
    text = client.get(reverse("quiz:my")).content.decode()
    assert "邀请您参加的测评" in text and assessment.title in text
    r = client.get(reverse("assessment:invite", args=[token]))
    assert r.status_code == 302 and r["Location"] == f"/quiz/papers/{assessment.paper_id}/take/"
    assert client.get(reverse("assessment:invite", args=["x" + token])).status_code == 404
    other = sampled(d, roster.township, "reserve")[0].member
    users.member_a.member = other
    users.member_a.save(update_fields=["member"])
    r = client.get(reverse("assessment:invite", args=[token]))
    assert r.status_code == 200 and "不在本次的样本名单中" in r.content.decode()


def test_compare_two_sampled_years(client, users, tree, assessment, roster):
    """2025: all 8 answer, 3 of the township's 6 literate; weights N_h/r_h = 30/6 = 10/2 = 5
    for all → 3·5/40 = 37.5 %, n_eff 8. 2026: 3 of 6 and 2 of 2 answer (2 literate in the
    township) → weights 10 and 5: 20/40 = 50 %, n_eff = 40²/(3·10² + 2·5²) = 4.571.
    d = +12.5 points; se = √(.375·.625/8 + .5·.5/4.5714) = √.083984 = .289800; z = .43133."""
    earlier = LiteracyAssessment.objects.create(
        org=tree.a,
        title="2025年抽样调查",
        paper=assessment.paper,
        scheme=assessment.scheme,
        period_start=dt.date(2025, 3, 1),
        period_end=dt.date(2025, 6, 30),
    )
    old = sample_draw(actor=users.staff_a, assessment=earlier, data=DRAW)
    for i, sm in enumerate(sampled(old, roster.township)):
        attempt(assessment.paper, sm.member, 75 if i < 3 else 50, day=dt.date(2025, 4, 1))
    for sm in sampled(old, roster.district):
        attempt(assessment.paper, sm.member, 50, day=dt.date(2025, 4, 1))
    new = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    town = sampled(new, roster.township)
    for sm, pct in zip(town[:3], (75, 80, 50), strict=True):
        answer(assessment, sm, pct)
    for sm in sampled(new, roster.district):
        answer(assessment, sm, 40)
    login(client, users.viewer_a)
    r = client.get(f"/api/v1/assessments/{assessment.pk}/compare", {"with": earlier.pk, "min_n": 1})
    d = r.json()["design"]
    assert (d["earlier"]["weighted_share"], d["later"]["weighted_share"]) == (37.5, 50.0)
    assert (d["earlier"]["n_eff"], d["later"]["n_eff"]) == (8.0, 4.6)
    assert d["difference"] == 12.5 and d["z"] == 0.431
    assert d["ci_low"] == round(100 * (0.125 - 1.959964 * 0.289800), 2)
    page = client.get(
        reverse("assessment:compare", args=[assessment.pk]), {"other": earlier.pk, "min_n": 1}
    ).content.decode()
    assert "全体（按抽样设计加权）" in page
    # a part of the audience has no design-based figure
    r = client.get(
        f"/api/v1/assessments/{assessment.pk}/compare",
        {"with": earlier.pk, "min_n": 1, "org": "HZ-A-1"},
    )
    assert r.json()["design"] is None
