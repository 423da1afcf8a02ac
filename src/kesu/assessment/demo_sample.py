"""Demo of 抽样调查 (the `kesu demo` step "assessment_sample", after "assessment"): the demo
logins' district surveys a stratified random sample of its roster last year and this year.

Last year: strata by township/unit, proportional allocation; this year: Neyman allocation
from last year's shares. Both for ±3 points (±5 at the `small` scale, to keep it quick) at
95% with a 75% expected response, at least 5 per stratum and 3 reserves. Non-response is realistic: each grassroots union has its own
propensity (55–95%), the better-schooled answer a little more often and those aged 50+ a
little less; a few non-respondents are replaced from the reserve with a reason, and this
year's remaining ones are reminded. Abilities rise slightly this year, so the comparison
shows a change. Answers follow kesu.assessment.demo_answers.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.assessment import sample_services
from kesu.assessment.demo_answers import (
    ability,
    demo_items,
    demo_paper,
    demo_questions,
    layout_for,
    simulated_attempt,
)
from kesu.assessment.models import LiteracyAssessment, LiteracyScheme, SampleMember
from kesu.assessment.schemes import ensure_builtin
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level
from kesu.quiz.models import Attempt

REASONS = ("长期病假", "外派驻外", "已离职待办理转出", "产假")
SCHOOLED = {"college", "bachelor", "master", "doctor"}


class _Year:
    """One year's survey: the assessment, its sample, the simulated answers."""

    def __init__(self, ctx: DemoContext, year: int, shift: float, allocation: str) -> None:
        self.ctx, self.year, self.shift, self.allocation = ctx, year, shift, allocation
        self.rng = ctx.rng(f"assessment-sample-{year}")
        self.picks = ctx.rng(f"assessment-sample-picks-{year}")

    def run(self, district, questions, propensity, actor) -> tuple[LiteracyAssessment, int, int]:
        ctx, year = self.ctx, self.year
        district_id = ctx.org_ids[district.code]
        paper = demo_paper(district_id, questions, f"{year}年职工科学素质抽样调查卷")
        a = LiteracyAssessment.objects.create(
            org_id=district_id,
            title=f"{year}年{district.name}职工科学素质抽样调查",
            paper=paper,
            scheme=LiteracyScheme.objects.get(code="national-2022"),
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            description="演示数据：从在册会员中分层随机抽样，含无应答、替换与提醒。",
        )
        design = sample_services.sample_draw(
            actor=actor,
            assessment=a,
            data={
                "stratify_by": "unit",
                "allocation": self.allocation,
                "margin_points": "5" if ctx.scale == "small" else "3",
                "confidence": 95,
                "response_rate": 75,
                "min_per_stratum": 5,
                "reserve_per_stratum": 3,
                "seed": ctx.seed * 10_000 + year,
            },
        )
        self.items = demo_items(questions, ctx.rng("assessment-items"))
        self.layout = layout_for(questions)
        self.assessment, self.propensity = a, propensity
        first = list(design.members.filter(status=SampleMember.Status.SAMPLED).order_by("pk"))
        missing = self._answer(first)
        replaced = 0
        for sm in missing:
            if self.rng.random() < 0.06:
                try:
                    new = sample_services.sample_replace(
                        actor=actor, sample_member=sm, reason=self.rng.choice(REASONS)
                    )
                except sample_services.SampleError:
                    continue  # the stratum's reserve is used up
                self._answer([new])
                replaced += 1
        if year == timezone.localdate().year:
            sample_services.sample_remind(
                actor=actor, design=design, note="请于年底前完成科学素质测评"
            )
        return a, design.size, replaced

    def _answer(self, rows: list[SampleMember]) -> list[SampleMember]:
        """Simulate who answers; write their attempts; return those who did not."""
        people = {
            m[0]: m
            for m in Member.objects.filter(pk__in=[r.member_id for r in rows]).values_list(
                "id", "org_id", "birth_date", "education"
            )
        }
        today = timezone.localdate()
        start = dt.date(self.year, 1, 1)
        days = max(1, (min(today, dt.date(self.year, 12, 31)) - start).days)
        tz = timezone.get_current_timezone()
        attempts, missing = [], []
        for sm in rows:
            _pk, org_id, birth, edu = people[sm.member_id]
            age = self.year - birth.year
            p = (
                self.propensity.get(org_id, 0.75)
                * (1.1 if edu in SCHOOLED else 1.0)
                * (0.85 if age >= 50 else 1.0)
            )
            if self.rng.random() >= min(p, 0.97):
                missing.append(sm)
                continue
            at = dt.datetime.combine(
                start + dt.timedelta(days=self.rng.randrange(days)),
                dt.time(self.rng.randrange(8, 21), self.rng.randrange(60)),
                tzinfo=tz,
            )
            attempts.append(
                simulated_attempt(
                    paper_id=self.assessment.paper_id,
                    member_id=sm.member_id,
                    org_id=org_id,
                    at=at,
                    theta=ability(edu, age, self.rng, self.shift),
                    items=self.items,
                    layout=self.layout,
                    rng=self.rng,
                    picks=self.picks,
                )
            )
        Attempt.objects.bulk_create(attempts, batch_size=2000)
        self.ctx.counts["literacy_attempts"] = self.ctx.counts.get("literacy_attempts", 0) + len(
            attempts
        )
        return missing


def sample_demo(ctx: DemoContext) -> None:
    city = next((n for n in ctx.nodes if n.level == Level.CITY), None)
    actor = ctx.users.get("qu_staff")
    if city is None or actor is None or actor.org_id is None:
        return
    district = next(n for n in ctx.nodes if ctx.org_ids[n.code] == actor.org_id)
    questions = demo_questions(ctx.org_ids[city.code])
    if not questions:
        return
    ensure_builtin()
    rng = ctx.rng("assessment-sample-units")
    propensity = {
        ctx.org_ids[n.code]: rng.uniform(0.55, 0.95)
        for n in ctx.nodes
        if n.path.startswith(district.path)
    }
    this_year = timezone.localdate().year
    lines = []
    for year, shift, allocation in (
        (this_year - 1, 0.0, "proportional"),
        (this_year, 0.15, "neyman"),
    ):
        a, size, replaced = _Year(ctx, year, shift, allocation).run(
            district, questions, propensity, actor
        )
        lines.append(f"{year}年抽取 {size:,} 人，替换 {replaced} 人")
    ctx.counts.update(literacy_samples=2)
    ctx.log(f"科学素质抽样调查：{district.name}，" + "；".join(lines))
