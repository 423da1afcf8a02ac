"""Demo data of 科学素质测评 (the `kesu demo` step "assessment", after the quiz steps).

A city-level assessment paper (30 items of the starter bank, the NSF items among them, 2
points each), the national 2022 scheme, and submitted attempts of a deliberately
unrepresentative sample: young and well-educated members are invited far more often, and
they also score higher, so the weighted share is visibly lower than the raw one. Capped at
~20,000 attempts; members are read for a subset of grassroots unions only.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.schemes import ensure_builtin
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level
from kesu.quiz.models import Attempt, Paper, PaperItem, Question

MAX_ATTEMPTS = 20_000
POOL = 60_000  # members read at most (from a random subset of unions)
PER_DIMENSION = {"knowledge": 12, "method": 6, "spirit": 6, "application": 6}
POINTS = Decimal(2)  # per item (the attempt figures below use the integer 2)
# Chance of being invited, and ability (chance of answering an item right), by education.
INVITE = {"primary": 0.05, "junior": 0.08, "senior": 0.2, "college": 0.45, "bachelor": 0.6,
          "master": 0.7, "doctor": 0.7, "": 0.1}  # fmt: skip
ABILITY = {"primary": 0.4, "junior": 0.47, "senior": 0.56, "college": 0.64, "bachelor": 0.71,
           "master": 0.76, "doctor": 0.78, "": 0.5}  # fmt: skip


def _questions(city_id: int) -> list[Question]:
    qs = Question.objects.filter(bank__org_id=city_id, is_current=True, status="active")
    chosen: list[Question] = list(qs.exclude(intl_code="").order_by("family"))
    for dim, count in PER_DIMENSION.items():
        have = sum(1 for q in chosen if q.dimension == dim)
        more = qs.filter(dimension=dim, intl_code="").order_by("family")[: max(0, count - have)]
        chosen.extend(more)
    return chosen


def _paper(ctx: DemoContext, city_id: int, questions: list[Question], today: dt.date) -> Paper:
    paper = Paper.objects.create(
        org_id=city_id, title=f"{today.year}年职工科学素质测评卷", purpose=Paper.Purpose.ASSESSMENT,
        mode=Paper.Mode.FIXED, status=Paper.Status.PUBLISHED, shuffle_options=False,
        description="按全国公民科学素质调查的四个维度组卷（演示）。",
    )  # fmt: skip
    PaperItem.objects.bulk_create(
        PaperItem(paper=paper, question=q, points=POINTS, position=i)
        for i, q in enumerate(questions)
    )
    return paper


def assessment_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("assessment")
    city = next((n for n in ctx.nodes if n.level == Level.CITY), None)
    if city is None:
        return
    city_id = ctx.org_ids[city.code]
    questions = _questions(city_id)
    if not questions:
        ctx.log("科学素质测评：题库中没有试题，跳过")
        return
    today = timezone.localdate()
    ensure_builtin()
    paper = _paper(ctx, city_id, questions, today)
    start = dt.date(today.year, 1, 1)
    LiteracyAssessment.objects.create(
        org_id=city_id, title=f"{today.year}年职工科学素质测评", paper=paper,
        scheme=LiteracyScheme.objects.get(code="national-2022"), period_start=start,
        period_end=dt.date(today.year, 12, 31),
        description="演示数据：有意多抽年轻、学历高的会员，加权后的比例低于原始比例。",
    )  # fmt: skip

    grassroots = [n for n in ctx.nodes if n.level == Level.GRASSROOTS]
    rng.shuffle(grassroots)
    chosen, pool = [], 0
    for node in grassroots:
        if pool >= POOL:
            break
        chosen.append(ctx.org_ids[node.code])
        pool += node.size
    members = (
        Member.objects.filter(org_id__in=chosen, status="active")
        .order_by("id")
        .values_list("id", "org_id", "birth_date", "education")
    )
    tz = timezone.get_current_timezone()
    days = max(1, (today - start).days)
    layout = [{"q": q.pk, "perm": list(range(len(q.options) or 2)), "points": str(POINTS)}
              for q in questions]  # fmt: skip
    items = [(str(q.pk), q.dimension, list(q.answer),
              [i for i in range(len(q.options) or 2) if i not in q.answer]) for q in questions]  # fmt: skip
    # Wrong answers pick a wrong option (a few leave the item blank) so that the item
    # analysis has distractors to show; drawn from their own stream, leaving the rest as it was.
    picks = ctx.rng("assessment-distractors")
    attempts: list[Attempt] = []
    for member_id, org_id, birth, edu in members.iterator(chunk_size=5000):
        if len(attempts) >= MAX_ATTEMPTS:
            break
        age = today.year - birth.year
        invite = INVITE.get(edu, 0.1) * (1.6 if age < 35 else 0.6 if age >= 50 else 1.0)
        if age < 18 or rng.random() >= invite:
            continue
        ability = ABILITY.get(edu, 0.55) - 0.004 * max(0, age - 30) + rng.uniform(-0.1, 0.1)
        results, answers, dims = {}, {}, {}
        for qid, dim, answer, wrong in items:
            right = rng.random() < ability
            results[qid] = "2" if right else "0"
            blank = not wrong or picks.random() < 0.05
            answers[qid] = answer if right else [] if blank else [picks.choice(wrong)]
            pair = dims.setdefault(dim, [0, 0])
            pair[0] += 2 if right else 0
            pair[1] += 2
        score = sum(p[0] for p in dims.values())
        at = dt.datetime.combine(start + dt.timedelta(days=rng.randrange(days)),
                                 dt.time(rng.randrange(8, 21), rng.randrange(60)), tzinfo=tz)  # fmt: skip
        attempts.append(Attempt(
            paper_id=paper.pk, member_id=member_id, org_id=org_id, status="submitted",
            source="online", started_at=at - dt.timedelta(minutes=12), submitted_at=at,
            duration_seconds=720, layout=layout, answers=answers, results=results, score=score,
            max_score=2 * len(items), item_count=len(items), correct_count=score // 2,
            dimension_scores={d: [str(e), str(p)] for d, (e, p) in dims.items()},
        ))  # fmt: skip
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    ctx.counts.update(literacy_assessments=1, literacy_attempts=len(attempts))
    ctx.log(f"科学素质测评：1 项测评，{len(attempts):,} 份答卷")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("assessment", assessment_demo),)
AFTER = ("quiz",)
