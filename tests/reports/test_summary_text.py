"""The summary written from a year of records created here: services per assistance kind,
the hardship caseload, campaigns with their activities, the largest activities quoted once,
同比 against last year's records and the weighted literacy share — checked section by
section in the summary's text and in the .docx."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from docx import Document

from kesu.accounts.services import operator
from kesu.activities.models import Campaign, ThemeDay
from kesu.employers.models import MutualMedicalEnrolment
from kesu.hardship.models import Assistance, CaseEvent, HardshipCase
from kesu.plans.services import target_set
from kesu.reports.summary import Narrative, build_summary
from kesu.reports.summary_docx import write_docx
from kesu.reports.summary_records import quoted
from tests.activities.conftest import make_activity
from tests.assessment.conftest import assessment, attempt, national, paper, person  # noqa: F401

pytestmark = pytest.mark.django_db
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _aid(org, kind, day, amount, recipient_kind, recipients=1, **extra):
    return Assistance.objects.create(
        org=org,
        kind=kind,
        given_on=dt.date.fromisoformat(day),
        amount=Decimal(amount),
        recipient_kind=recipient_kind,
        recipients=recipients,
        **extra,
    )


def _case(org, member, filed, **extra):
    return HardshipCase.objects.create(
        org=org,
        applicant=member,
        applicant_id_hash=f"h{member.pk}",
        household_size=3,
        income_per_head=Decimal(600),
        cause="illness",
        tier="deep",
        status=extra.pop("status", "assisting"),
        filed_on=dt.date.fromisoformat(filed),
        review_due_on=dt.date(2027, 1, 1),
        **extra,
    )


@pytest.fixture
def year(tree):
    """HZ-A's 2026 (and a little of its 2025) as a district records it."""
    g, other = tree.a1g, tree.bg
    day = ThemeDay.objects.get(code="meteorological-day")  # 3·23, seeded by migration
    week = ThemeDay.objects.get(code="sci-tech-week")
    weather = Campaign.objects.create(
        org=tree.city,
        name="2026年世界气象日",
        year=2026,
        start=dt.date(2026, 3, 20),
        end=dt.date(2026, 3, 25),
        theme_day=day,
    )
    science = Campaign.objects.create(
        org=tree.city,
        name="2026年全国科技活动周",
        year=2026,
        start=dt.date(2026, 5, 16),
        end=dt.date(2026, 5, 22),
        theme_day=week,
    )
    make_activity(
        g,
        "“气象科普进园区”",
        "2026-03-21",
        campaign=weather,
        person_times=900,
        materials_distributed=500,
    )
    make_activity(
        g,
        "气象知识讲座",
        "2026-03-23",
        campaign=weather,
        person_times=300,
        materials_distributed=300,
    )
    make_activity(g, '"科技活动周"进企业', "2026-05-17", campaign=science, person_times=350)
    make_activity(tree.a, "「安全生产知识竞赛」", "2026-06-10", person_times=400)
    make_activity(other, "他区活动", "2026-03-23", campaign=weather, person_times=5000)
    make_activity(g, "去年讲座一", "2025-04-01", person_times=600)  # last year: 同比
    make_activity(g, "去年讲座二", "2025-09-01", person_times=400)
    # Worker services, each kind with its own recipients and amount
    spring = "spring_relief"
    _aid(g, spring, "2026-01-25", 16000, "employer", 8)
    for _ in range(3):
        _aid(g, spring, "2026-01-25", 500, "household")
    _aid(g, spring, "2026-01-26", 4000, "group", 4, group_name="困难劳模")
    _aid(g, spring, "2026-01-26", 66000, "group", 330, group_name="困难乡村保洁员")
    _aid(g, spring, "2025-01-25", 70000, "group", 300, group_name="困难乡村保洁员")  # 2025
    _aid(other, spring, "2026-01-25", 99000, "employer", 50)  # another district
    _aid(g, "living_aid", "2026-05-20", 3000, "member")
    _aid(g, "living_aid", "2026-05-20", 3000, "member")
    _aid(g, "medical_aid", "2026-06-20", 5000, "member")
    _aid(g, "golden_autumn", "2026-08-20", 2000, "household")
    _aid(g, "golden_autumn", "2026-08-20", 2000, "household")
    _aid(g, "golden_autumn", "2026-08-21", 6000, "group", 5, group_name="困难职工子女")
    _aid(
        g,
        "summer_cooling",
        "2026-07-15",
        0,
        "group",
        2500,
        group_name="生产一线职工",
        goods="清凉饮品",
        goods_value=Decimal(69800),
    )
    _aid(g, "women_care", "2026-03-08", 30000, "group", 300, group_name="女职工")
    MutualMedicalEnrolment.objects.create(org=g, year=2026, shares=5281)
    target_set(
        actor=operator(), org=tree.a, year=2026, indicator="medical_mutual.shares", value=4317
    )
    # The standing caseload: 4 open at the year's end (2 filed this year), 1 out of hardship
    people = [person(g, born=dt.date(1980, 1, 1), male=True) for _ in range(5)]
    _case(g, people[0], "2025-03-01")
    out = _case(g, people[1], "2025-04-01", status="out", out_on=dt.date(2026, 6, 1))
    CaseEvent.objects.create(
        case=out,
        on=dt.date(2026, 6, 1),
        from_status="assisting",
        to_status="out",
        reason="就业增收",
    )
    _case(g, people[2], "2025-05-01", status="closed", closed_on=dt.date(2025, 10, 1))
    _case(g, people[3], "2026-02-01")
    _case(g, people[4], "2026-03-01")
    return tree


@pytest.fixture
def weighted(tree, paper, assessment):  # noqa: F811
    """40 young male graduates all assessed (20 literate); 60 older women, 30 assessed (3
    literate). Weights 1 and 2: weighted (20 + 3×2)/(40 + 60) = 26%, raw 23/70 = 32.9%;
    n_eff = 100²/(40 + 30×4) = 62.5, so the 95% Wilson interval is 16.7%–38.0%."""
    men = [
        person(tree.a1g, born=dt.date(2000, 1, 1), male=True, education="bachelor")
        for _ in range(40)
    ]
    women = [
        person(tree.a1g, born=dt.date(1970, 1, 1), male=False, education="junior")
        for _ in range(60)
    ]
    for i, m in enumerate(men):
        attempt(paper, m, 80 if i < 20 else 40)
    for i, m in enumerate(women[:30]):
        attempt(paper, m, 80 if i < 3 else 40)


def _paragraphs(summary, title):
    section = next(s for s in summary.sections if s.title == title)
    return [p.text for p in section.paragraphs]


SERVICES = [
    "一是春节期间开展“送温暖”活动，慰问困难企业8家，慰问困难职工3户，慰问困难劳模4户，"
    "发放慰问金8.75万元，同比增长25.0%。",
    "二是帮扶困难职工3人，发放帮扶资金1.10万元。",
    "三是开展“金秋助学”活动，资助困难职工子女7人，发放助学金1.00万元。",
    "四是开展“夏季送清凉”活动，慰问一线职工2500人，用去经费6.98万元。",
    "五是开展女职工关爱活动，惠及女职工300人。",
    "六是发动职工参加职工医疗互助5281份，占年任务4317份的122.3%。",
    "七是加强困难职工档案动态管理，现有在档困难职工4户，本期新建档2户，解困脱困1户。",
]
ACTIVITIES = [
    "一是组织开展各类科普活动4场，同比增长100.0%，参与职工1950人次，同比增长95.0%。",
    "二是发放宣传资料800份。",
    "围绕主题日和活动月集中开展宣传：3·23世界气象日期间开展“气象科普进园区”等活动2场，"
    "参与职工1200人次，发放宣传资料800份；全国科技活动周期间开展“‘科技活动周’进企业”，"
    "参与职工350人次。",
    # each activity quoted once: those named for their campaign are not repeated here
    "其中，参与人数较多的活动还有“安全生产知识竞赛”（参与400人次）、“气象知识讲座”"
    "（参与300人次）。",
]


def test_services_per_kind_and_caseload_on_its_own(year):
    summary = build_summary(user=operator(), org=year.a, start=START, end=END)
    assert _paragraphs(summary, "困难职工帮扶与送温暖") == SERVICES
    assert "慰问困难群体" not in summary.text()  # no merged sentence any more


def test_campaigns_named_and_largest_activities_quoted_once(year):
    summary = build_summary(user=operator(), org=year.a, start=START, end=END)
    assert _paragraphs(summary, "科普活动与宣传") == ACTIVITIES
    text = summary.text()
    assert text.count("气象科普进园区") == 1 and "““" not in text and "””" not in text


def test_approximate_style_never_claims_more_than_the_records(year):
    summary = build_summary(user=operator(), org=year.a, start=START, end=END, style="approx")
    services = _paragraphs(summary, "困难职工帮扶与送温暖")
    assert services[0] == (
        "一是春节期间开展“送温暖”活动，慰问困难企业8家，慰问困难职工3户，慰问困难劳模4户，"
        "发放慰问金近9万元，同比增长25.0%。"
    )
    assert services[3] == "四是开展“夏季送清凉”活动，慰问一线职工2500人，用去经费近7万元。"
    assert _paragraphs(summary, "科普活动与宣传")[0] == (
        "一是组织开展各类科普活动4场，同比增长100.0%，参与职工近2000人次，同比增长95.0%。"
    )


def test_no_comparison_without_last_years_records(year):
    summary = build_summary(
        user=operator(), org=year.a, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    activities = _paragraphs(summary, "科普活动与宣传")
    assert activities[0] == "组织开展各类科普活动2场，参与职工1000人次。"  # one point: no 一是
    assert "同比" not in summary.text()


def test_literacy_weighted_share_with_interval_and_sample(tree, weighted):
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END)
    (literacy,) = [p for p in _paragraphs(summary, "知识竞赛与科学素质测评") if "测评" in p]
    assert literacy.endswith(
        "开展职工科学素质测评，参测职工70人，按在册会员性别、年龄、文化程度结构加权推算，"
        "具备科学素质的比例为26.0%（95%置信区间16.7%—38.0%），参测者中的原始比例为32.9%。"
    )


def test_literacy_without_enough_respondents_gives_the_raw_share(tree, paper, assessment):  # noqa: F811
    for i in range(4):
        attempt(paper, person(tree.a1g, born=dt.date(1990, 1, 1), male=True), 80 if i else 40)
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END)
    assert (
        "开展职工科学素质测评，参测职工4人，参测者中具备科学素质的比例为75.0%"
        "（参测人数不足30人，未作加权推算）"
    ) in summary.text()


def test_docx_carries_each_section(tmp_path, year):
    target = tmp_path / "summary.docx"
    written = Narrative(problems="覆盖面不广。", next_plan="继续推进。")  # a file needs both
    write_docx(
        build_summary(user=operator(), org=year.a, start=START, end=END, narrative=written), target
    )
    texts = [p.text for p in Document(str(target)).paragraphs]
    for heading, paragraphs in (("科普活动与宣传", ACTIVITIES), ("困难职工帮扶与送温暖", SERVICES)):
        (at,) = [i for i, t in enumerate(texts) if t.endswith(f"、{heading}")]
        assert texts[at + 1 : at + 1 + len(paragraphs)] == paragraphs


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("气象知识讲座", "“气象知识讲座”"),
        ("“职工大讲堂”", "“职工大讲堂”"),
        ('"职工大讲堂"', "“职工大讲堂”"),
        ("「职工大讲堂」", "“职工大讲堂”"),
        ("开展“安全生产月”宣传", "“开展‘安全生产月’宣传”"),
        ('开展"安全生产月"宣传', "“开展‘安全生产月’宣传”"),
        ("“开展“安全生产月”宣传”", "“开展‘安全生产月’宣传”"),
        ("「职工」与「科普」", "“‘职工’与‘科普’”"),
        ('"职工"与"科普"', "“‘职工’与‘科普’”"),
        ("『职工书屋』", "“职工书屋”"),
    ],
)
def test_titles_are_quoted_once(title, written):
    assert quoted(title) == written


def test_a_title_shared_by_two_activities_is_quoted_once(tree):
    make_activity(tree.a1g, "安全讲座", "2026-04-01", person_times=500)
    make_activity(tree.a1g, "“安全讲座”", "2026-05-01", person_times=400)
    make_activity(tree.a1g, "消防演练", "2026-06-01", person_times=100)
    summary = build_summary(user=operator(), org=tree.a, start=START, end=END)
    assert _paragraphs(summary, "科普活动与宣传")[-1] == (
        "其中，参与人数较多的活动有“安全讲座”（参与500人次）、“消防演练”（参与100人次）。"
    )
