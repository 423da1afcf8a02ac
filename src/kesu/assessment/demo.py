"""Demo data of 科学素质测评 (the `kesu demo` step "assessment", after the quiz steps).

A city-level assessment paper (30 items of the starter bank, the NSF items among them, 2
points each), the national 2022 scheme, and submitted attempts of a deliberately
unrepresentative sample: young and well-educated members are invited far more often, and
they also score higher, so the weighted share is visibly lower than the raw one. Capped at
~20,000 attempts; members are read for a subset of grassroots unions only. Answers follow a
latent ability (kesu.assessment.demo_answers), so the items discriminate realistically.
The sampled district assessments of two years are kesu.assessment.demo_sample.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.assessment import tally
from kesu.assessment.demo_answers import (
    ability,
    demo_items,
    demo_paper,
    demo_questions,
    layout_for,
    simulated_attempt,
)
from kesu.assessment.demo_sample import sample_demo
from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.schemes import ensure_builtin
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level
from kesu.quiz.models import Attempt

# At city scale and below (larger scales: in proportion to their members, DemoContext.scaled).
MAX_ATTEMPTS = 20_000
POOL = 60_000  # members read at most (from a random subset of unions)
# Chance of being invited, by education (the convenience sample of the city's assessment).
INVITE = {
    "primary": 0.05,
    "junior": 0.08,
    "senior": 0.2,
    "college": 0.45,
    "bachelor": 0.6,
    "master": 0.7,
    "doctor": 0.7,
    "": 0.1,
}


def assessment_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("assessment")
    city = next((n for n in ctx.nodes if n.level == Level.CITY), None)
    if city is None:
        return
    city_id = ctx.org_ids[city.code]
    questions = demo_questions(city_id)
    if not questions:
        ctx.log("科学素质测评：题库中没有试题，跳过")
        return
    today = timezone.localdate()
    ensure_builtin()
    paper = demo_paper(city_id, questions, f"{today.year}年职工科学素质测评卷")
    start = dt.date(today.year, 1, 1)
    LiteracyAssessment.objects.create(
        org_id=city_id,
        title=f"{today.year}年职工科学素质测评",
        paper=paper,
        scheme=LiteracyScheme.objects.get(code="national-2022"),
        period_start=start,
        period_end=dt.date(today.year, 12, 31),
        description="演示数据：有意多抽年轻、学历高的会员，加权后的比例低于原始比例。",
    )

    grassroots = [n for n in ctx.nodes if n.level == Level.GRASSROOTS]
    rng.shuffle(grassroots)
    chosen, pool = [], 0
    pool_size = ctx.scaled({"city": POOL}, POOL)
    max_attempts = ctx.scaled({"city": MAX_ATTEMPTS}, MAX_ATTEMPTS)
    for node in grassroots:
        if pool >= pool_size:
            break
        chosen.append(ctx.org_ids[node.code])
        pool += node.size
    members = (
        Member.objects.current()
        .filter(org_id__in=chosen)
        .order_by("id")
        .values_list("id", "org_id", "birth_date", "education")
    )
    tz = timezone.get_current_timezone()
    days = max(1, (today - start).days)
    layout = layout_for(questions)
    items = demo_items(questions, ctx.rng("assessment-items"))
    # Wrong answers pick a wrong option (a few leave the item blank) so that the item
    # analysis has distractors to show; drawn from their own stream.
    picks = ctx.rng("assessment-distractors")
    attempts: list[Attempt] = []
    for member_id, org_id, birth, edu in members.iterator(chunk_size=5000):
        if len(attempts) >= max_attempts:
            break
        age = today.year - birth.year
        invite = INVITE.get(edu, 0.1) * (1.6 if age < 35 else 0.6 if age >= 50 else 1.0)
        if age < 18 or rng.random() >= invite:
            continue
        at = dt.datetime.combine(
            start + dt.timedelta(days=rng.randrange(days)),
            dt.time(rng.randrange(8, 21), rng.randrange(60)),
            tzinfo=tz,
        )
        attempts.append(
            simulated_attempt(
                paper_id=paper.pk,
                member_id=member_id,
                org_id=org_id,
                at=at,
                theta=ability(edu, age, rng),
                items=items,
                layout=layout,
                rng=rng,
                picks=picks,
            )
        )
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    tally.rebuild()  # the literacy roll-up, counted once rather than member by member
    ctx.counts.update(literacy_assessments=1, literacy_attempts=len(attempts))
    ctx.log(f"科学素质测评：1 项测评，{len(attempts):,} 份答卷")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("assessment", assessment_demo), ("assessment_sample", sample_demo))
AFTER = ("quiz",)
