import datetime as dt

import pytest
from django.db.models import Case, CharField, Count, F, Value, When

from kesu.assessment import selectors
from kesu.assessment.national import EDUCATION_GROUPS
from kesu.assessment.results import assessment_results
from kesu.assessment.weighting import wilson
from kesu.members.ages import age_band, band_expression
from kesu.members.models import Member
from tests.assessment.conftest import attempt, person

pytestmark = pytest.mark.django_db


def test_overall_and_groups(assessment, sample, tree):
    r = assessment_results(assessment, org=tree.a, min_n=5)
    o = r.overall.estimate
    assert (o.n, o.literate) == (15, 9)
    assert o.raw_share == pytest.approx(0.6)
    assert o.weighted_share == pytest.approx(0.4)
    assert o.n_eff == pytest.approx(10)
    assert (o.ci_low, o.ci_high) == pytest.approx(wilson(0.4, 10))
    assert r.overall.tiers == {
        "具备高阶科学素质": 1,
        "具备科学素质": 8,
        "基本具备科学素质": 2,
        "科学素质较低": 4,
    }
    by = {g: {row.key: row for row in rows} for g, rows in r.groups.items()}
    assert by["gender"]["M"].estimate.raw_share == pytest.approx(0.8)
    assert by["gender"]["F"].estimate.literate == 1
    assert str(by["gender"]["M"].national) == "15.66"
    assert set(by["age"]) == {"18-29", "50-59"} and by["age"]["18-29"].estimate.n == 10
    assert set(by["education"]) == {"bachelor_plus", "junior"}
    assert by["migrant"]["yes"].estimate.n == 5
    assert by["org"][tree.a1.path].estimate.n == 10
    assert by["org"][tree.a.path].label.endswith("（本级）")


def test_small_group_refused(assessment, sample, tree):
    r = assessment_results(assessment, org=tree.a)  # min_n 30 by default
    assert r.overall.estimate.refused and r.overall.estimate.weighted_share is None
    assert r.overall.estimate.raw_share == pytest.approx(0.6)


def test_latest_attempt_in_period_subtree_only(assessment, sample, tree, paper, members):
    young, _women = sample
    attempt(paper, young[8], 40, day=dt.date(2026, 5, 1))  # re-sit: replaces the 60
    attempt(paper, young[0], 95, day=dt.date(2026, 7, 5))  # after the period: ignored
    attempt(paper, members.in_b, 95)  # another subtree: ignored
    r = assessment_results(assessment, org=tree.a, min_n=5)
    assert r.overall.estimate.n == 15
    assert r.overall.tiers["科学素质较低"] == 5
    r = assessment_results(assessment, org=tree.a1, min_n=5)
    assert r.overall.estimate.n == 10


def _counted(org, on: dt.date) -> dict:
    """roster_cells by one GROUP BY over the members themselves: the reference the roll-up
    is held to."""
    bachelor = [k for k, v in EDUCATION_GROUPS.items() if v == "bachelor_plus"]
    education = Case(
        When(education__in=bachelor, then=Value("bachelor_plus")),
        When(education="", then=Value("unknown")),
        default=F("education"),
        output_field=CharField(),
    )
    rows = (
        Member.objects.filter(org__path__startswith=org.path, status="active")
        .annotate(band=band_expression(on), edu=education)
        .values("gender", "band", "edu")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["gender"], r["band"], r["edu"]): r["n"] for r in rows if r["band"] != "-17"}


def test_roster_cells(assessment, sample, tree):
    on = dt.date(2026, 6, 30)
    cells = selectors.roster_cells(tree.a, on)
    assert cells == {("M", "18-29", "bachelor_plus"): 10, ("F", "50-59", "junior"): 20}
    assert cells == _counted(tree.a, on)


def test_roster_cells_follow_the_roster(assessment, sample, tree):
    """The roll-up behind roster_cells follows every write to the roster, and a band is
    taken at the date asked for (a member turning 30 on it moves up)."""
    young, women = sample
    person(tree.a1g, born=dt.date(1996, 6, 30), male=True, education="doctor")
    person(tree.a1g, born=dt.date(2012, 1, 1), male=True)  # a minor: no cell
    Member.objects.filter(pk=women[0].pk).update(status="withdrawn")
    Member.objects.filter(pk=young[0].pk).update(education="")
    for on in (dt.date(2026, 6, 29), dt.date(2026, 6, 30), dt.date(2031, 1, 1)):
        for org in (tree.a, tree.a1, tree.b):
            assert selectors.roster_cells(org, on) == _counted(org, on)
    cells = selectors.roster_cells(tree.a, dt.date(2026, 6, 30))
    assert cells[("M", "30-39", "bachelor_plus")] == 1
    assert cells[("M", "18-29", "unknown")] == 1
    assert cells[("F", "50-59", "junior")] == 19


def test_age_band_boundaries(tree):
    on = dt.date(2026, 6, 30)
    assert age_band(dt.date(1996, 6, 30), on) == "30-39"  # 30 today
    assert age_band(dt.date(1996, 7, 1), on) == "18-29"
    assert age_band(dt.date(2008, 7, 1), on) == "-17"
    assert age_band(dt.date(1966, 6, 30), on) == "60+"
    person(tree.a, born=dt.date(1996, 6, 30), male=True)
    person(tree.a, born=dt.date(1996, 7, 1), male=True)
    assert Member.objects.count() == 2
    cells = selectors.roster_cells(tree.a, on)
    assert cells == {("M", "30-39", "unknown"): 1, ("M", "18-29", "unknown"): 1}


def test_raking_option(assessment, sample, tree):
    r = assessment_results(assessment, org=tree.a, min_n=5, method="raking")
    assert r.weights.converged
    assert r.overall.estimate.weighted_share == pytest.approx(0.4)


def test_latest_tiers(assessment, sample, members):
    young, women = sample
    tiers = selectors.latest_tiers([young[0].pk, women[0].pk, women[10].pk, members.in_b.pk])
    assert tiers == {
        young[0].pk: ("具备科学素质", dt.date(2026, 4, 1), True),
        women[0].pk: ("具备高阶科学素质", dt.date(2026, 4, 1), True),
    }


def test_item_rates_beside_nsf(assessment, paper, tree):
    from kesu.quiz.models import PaperItem, Question, QuestionBank

    bank = QuestionBank.objects.create(org=tree.city, name="入门题库")
    q1 = Question.objects.create(
        bank=bank,
        family=9001,
        type="judge",
        stem="地心非常热。",
        options=["正确", "错误"],
        answer=[0],
        dimension="knowledge",
        intl_code="SEI-1",
        intl_rates={"CN2015": 47, "US2018": 86},
        stem_hash="a",
    )
    q2 = Question.objects.create(
        bank=bank,
        family=9002,
        type="judge",
        stem="对照实验……",
        options=["正确", "错误"],
        answer=[0],
        dimension="method",
        stem_hash="b",
    )
    for i, q in enumerate((q1, q2)):
        PaperItem.objects.create(paper=paper, question=q, points=2, position=i)
    people = [person(tree.a1g, born=dt.date(1990, 1, 1), male=True) for _ in range(4)]
    for i, m in enumerate(people):
        attempt(
            paper,
            m,
            50,
            results={str(q1.pk): "2" if i < 3 else "0", str(q2.pk): "2.00" if i < 1 else "1"},
            layout=[{"q": q1.pk, "points": "2"}, {"q": q2.pk, "points": "2"}],
        )
    items = assessment_results(assessment, org=tree.a, min_n=1).items
    assert [(i.question_id, i.answered, i.correct) for i in items] == [(q1.pk, 4, 3), (q2.pk, 4, 1)]
    assert items[0].rate == 0.75 and items[0].intl_code == "SEI-1"
    assert {k: int(v) for k, v in items[0].intl_rates.items()} == {"中国2015": 47, "美国2018": 86}
    assert items[1].intl_rates == {}


def test_builtin_schemes_created_once(db):
    from kesu.assessment.models import LiteracyScheme
    from kesu.assessment.schemes import ensure_builtin

    LiteracyScheme.objects.all().delete()
    ensure_builtin()
    ensure_builtin()
    assert sorted(LiteracyScheme.objects.values_list("code", flat=True)) == [
        "benchmark-50",
        "national-2022",
    ]
