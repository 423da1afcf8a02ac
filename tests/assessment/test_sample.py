"""Sample design services and selectors: the draw (allocation, seed, reserves, audit),
replacement from the reserve, reminders, invitations, response rates and the design-based
estimate — against hand-worked figures (roster in sample_fixtures)."""

import datetime as dt

import pytest

from kesu.assessment import sample_selectors as ss
from kesu.assessment.models import LiteracyAssessment, SampleMember, SampleReminder
from kesu.assessment.sample_services import (
    SampleError,
    sample_draw,
    sample_plan,
    sample_remind,
    sample_replace,
)
from kesu.audit.models import AuditEntry
from kesu.core.errors import ServiceError
from kesu.orgs.access import NotFound
from tests.assessment.conftest import attempt
from tests.assessment.sample_fixtures import answer, sampled

pytestmark = pytest.mark.django_db
DRAW = {
    "stratify_by": "unit",
    "allocation": "proportional",
    "size": 8,
    "reserve_per_stratum": 2,
    "seed": 42,
}


def test_draw_allocates_seeds_reserves_and_audits(users, assessment, roster):
    d = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    # proportional: 8 × 30/40 = 6 and 8 × 10/40 = 2; 2 reserves each
    by_key = {s["key"]: s for s in d.strata}
    assert (by_key[roster.township]["allocated"], by_key[roster.district]["allocated"]) == (6, 2)
    assert by_key[roster.district]["label"] == "西湖区总工会（本级）"
    assert (d.frame_size, d.size, d.seed, d.deff) == (40, 8, 42, pytest.approx(1.0))
    assert len(sampled(d, roster.township)) == 6 and len(sampled(d, roster.district)) == 2
    assert d.members.filter(status="reserve").count() == 4
    assert not d.members.filter(member__birth_date__year=2012).exists()  # minors not in the frame
    assert not d.members.filter(member__status="withdrawn").exists()
    entry = AuditEntry.objects.get(action="assessment.sample_draw")
    assert entry.changes["seed"] == 42 and entry.changes["size"] == 8
    with pytest.raises(SampleError) as exc:
        sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    assert exc.value.code == "already_drawn" and isinstance(exc.value, ServiceError)


def test_same_seed_same_sample(users, assessment, roster):
    first = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    again = LiteracyAssessment.objects.create(
        org=assessment.org,
        title="重抽",
        paper=assessment.paper,
        scheme=assessment.scheme,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
    )
    second = sample_draw(actor=users.staff_a, assessment=again, data=DRAW)

    def members(d):
        return list(d.members.order_by("stratum", "position").values_list("member_id", "status"))

    assert members(first) == members(second)
    other = LiteracyAssessment.objects.create(
        org=assessment.org,
        title="另一种子",
        paper=assessment.paper,
        scheme=assessment.scheme,
        period_start=assessment.period_start,
        period_end=assessment.period_end,
    )
    third = sample_draw(actor=users.staff_a, assessment=other, data={**DRAW, "seed": 43})
    assert members(third) != members(first)


def test_size_from_margin_and_validation(users, assessment, roster):
    # N = 40, ±20 points, 95 %: n₀ = 1.96²·0.25/0.04 = 24.01, FPC → 24.01/(1 + 23.01/40) = 15.24
    # → 16 respondents; at 80 % response 20 to invite, 15 + 5 by 30:10
    prop = sample_plan(assessment=assessment, data={"margin_points": "20", "response_rate": 80})
    assert (prop.plan.respondents, prop.n) == (16, 20)
    assert prop.allocation == {roster.district: 5, roster.township: 15}
    assert "需抽取约 20 人" in prop.plan.text
    with pytest.raises(SampleError) as exc:
        sample_plan(assessment=assessment, data={"stratify_by": "x", "confidence": 80})
    assert set(exc.value.errors) == {"stratify_by", "confidence"}
    with pytest.raises(SampleError) as exc:
        sample_plan(assessment=assessment, data={})
    assert "size" in exc.value.errors
    with pytest.raises(NotFound):
        sample_draw(actor=users.admin_b, assessment=assessment, data=DRAW)


def test_cells_strata_and_neyman_from_prior(users, tree, assessment, roster):
    # the prior year's respondents: 10 of the township (5 literate → p = .5, S = .5) and 10 of
    # HZ-A itself (all literate → p kept at .95, S = √(.95·.05) = .2179)
    prior = LiteracyAssessment.objects.create(
        org=tree.a,
        title="2025年测评",
        paper=assessment.paper,
        scheme=assessment.scheme,
        period_start=dt.date(2025, 3, 1),
        period_end=dt.date(2025, 6, 30),
    )
    for i, m in enumerate(roster.men[:10]):
        attempt(assessment.paper, m, 75 if i < 5 else 50, day=dt.date(2025, 4, 1))
    for m in roster.own:
        attempt(assessment.paper, m, 80, day=dt.date(2025, 4, 1))
    # N·S: 30 × .5 = 15, 10 × .2179 = 2.179; n = 10 → 8.73 and 1.27 → 9 and 1;
    # with a minimum of 2: HZ-A gets 2, the township 8
    data = {**DRAW, "allocation": "neyman", "size": 10, "min_per_stratum": 2}
    d = sample_draw(actor=users.staff_a, assessment=assessment, data=data)
    by_key = {s["key"]: s for s in d.strata}
    assert d.prior == prior
    assert by_key[roster.township]["sd"] == pytest.approx(0.5)
    assert by_key[roster.district]["sd"] == pytest.approx(0.217945, abs=1e-6)
    assert (by_key[roster.township]["allocated"], by_key[roster.district]["allocated"]) == (8, 2)
    plain = sample_plan(assessment=assessment, data={**data, "min_per_stratum": 0})
    assert plain.allocation == {roster.district: 1, roster.township: 9}
    cells = sample_plan(assessment=assessment, data={"stratify_by": "cells", "size": 8})
    assert cells.population == {"F|50-59|junior": 20, "M|30-39|bachelor_plus": 20}
    assert cells.strata.label("F|50-59|junior") == "女·50–59岁·初中"
    both = sample_plan(assessment=assessment, data={"stratify_by": "unit_cells", "size": 8})
    assert len(both.population) == 3


def test_replace_from_reserve(users, assessment, roster):
    d = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    first, second = sampled(d, roster.district)
    r1, r2 = sampled(d, roster.district, "reserve")
    new = sample_replace(actor=users.staff_a, sample_member=first, reason="长期病假")
    assert new.pk == r1.pk and new.status == "sampled" and new.invited_at is not None
    first.refresh_from_db()
    assert (first.status, first.replaced_reason, first.replaced_by_id) == (
        "replaced",
        "长期病假",
        r1.pk,
    )
    assert (
        AuditEntry.objects.get(action="assessment.sample_replace").changes["reason"] == "长期病假"
    )
    assert sample_replace(actor=users.staff_a, sample_member=second, reason="外派").pk == r2.pk
    with pytest.raises(SampleError, match="备选名单已用完"):
        sample_replace(actor=users.staff_a, sample_member=new, reason="离职")
    with pytest.raises(SampleError, match="替换原因"):
        sample_replace(actor=users.staff_a, sample_member=new, reason=" ")
    answer(assessment, r2, 80)
    with pytest.raises(SampleError, match="尚未作答"):
        sample_replace(actor=users.staff_a, sample_member=r2, reason="已答")
    with pytest.raises(NotFound):
        sample_replace(actor=users.admin_b, sample_member=new, reason="越权")


def test_reminders_invitations_and_scope(users, tree, assessment, roster):
    d = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    town = sampled(d, roster.township)
    answer(assessment, town[0], 80)
    member = town[1].member
    on = dt.date(2026, 4, 10)
    assert [i.title for i in ss.pending_invitations(member, today=on)] == [assessment.title]
    assert ss.pending_invitations(town[0].member, today=on) == []  # answered
    assert ss.pending_invitations(member, today=dt.date(2026, 7, 1)) == []  # closed
    assert sample_remind(actor=users.staff_a, design=d, note="请尽快作答") == 7
    inv = ss.pending_invitations(member, today=on)[0]
    assert len(inv.reminders) == 1 and inv.url == f"/quiz/papers/{assessment.paper_id}/take/"
    # a township cadre reminds (and sees) only the township's members
    township_staff = type(users.staff_a).objects.create(
        username="staff_a1", org=tree.a1, role="staff"
    )
    assert sample_remind(actor=township_staff, design=d) == 5
    assert len(ss.tracking(d, scope=tree.a1.path)) == 6 + 2  # sample and reserve
    assert SampleReminder.objects.count() == 12
    with pytest.raises(SampleError):
        sample_remind(actor=users.staff_a, design=d, ids=[town[0].pk])  # already answered
    rows = ss.tracking(d, pending_only=True)
    assert len(rows) == 7 and all("*" in r.name for r in rows)


def test_response_rates_and_design_estimate(users, assessment, roster):
    d = sample_draw(actor=users.staff_a, assessment=assessment, data=DRAW)
    town, own = sampled(d, roster.township), sampled(d, roster.district)
    # township: 3 of 6 answer (2 literate); HZ-A: both answer (none literate)
    for sm, pct in zip(town[:3], (75, 80, 50), strict=True):
        answer(assessment, sm, pct)
    for sm in own:
        answer(assessment, sm, 40)
    sample_replace(actor=users.staff_a, sample_member=town[5], reason="调离")
    r = ss.design_results(d, min_n=1)
    rates = {x.key: x for x in r.rates}
    assert (rates[roster.township].sampled, rates[roster.township].responded) == (6, 3)
    assert rates[roster.township].replaced == 1 and rates[roster.township].rate == 0.5
    assert rates[roster.district].rate == 1.0
    assert (r.overall_rate.sampled, r.overall_rate.responded) == (8, 5)
    # weights N_h / r_h: township 30/3 = 10, HZ-A 10/2 = 5; post-stratification with five
    # respondents pools every cell: 40 / (3·10 + 2·5) = 1 → unchanged.
    # share = 2·10 / 40 = 50 % (raw 2/5 = 40 %); n_eff = 40² / (3·10² + 2·5²) = 1600/350
    e = r.estimate
    assert (e.n, e.literate, e.raw_share) == (5, 2, 0.4)
    assert e.weighted_share == pytest.approx(0.5)
    assert e.n_eff == pytest.approx(1600 / 350)
    assert r.deff == pytest.approx(5 / (1600 / 350))
    assert e.ci_low < 0.5 < e.ci_high
    assert ss.design_results(d).estimate.refused  # fewer than 30 respondents
    assert SampleMember.objects.filter(design=d, status="sampled").count() == 8
