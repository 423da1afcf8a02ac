"""Demo data for contests (a `kesu demo` step, see kesu.demo.services).

One district contest over its grassroots unions, running now (so the live boards move),
on the district's published contest paper — or, when the quiz demo made none, on a fixed
paper built here from the bank's current questions (skipped when there are none). Submitted
attempts are bulk-created for a sample of the district's members: each unit gets its own
turnout, so the organisation ranking has something to rank. Capped at 20,000 attempts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.contests import tally
from kesu.contests.models import Contest
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level, Organization
from kesu.quiz.models import Attempt, Paper, PaperItem, Question
from kesu.quiz.papers.demo import submitted_attempt

MAX_ATTEMPTS = {"small": 400, "district": 4_000, "city": 20_000}
ITEMS = 20
POINTS = Decimal(5)
BATCH = 5_000


def _paper(district: Organization, start: dt.datetime, end: dt.datetime) -> Paper | None:
    paper = Paper.objects.filter(
        org=district,
        purpose=Paper.Purpose.CONTEST,
        status=Paper.Status.PUBLISHED,
        contest__isnull=True,
    ).first()
    if paper is not None:
        return paper
    questions = list(
        Question.objects.filter(is_current=True, status=Question.Status.ACTIVE).order_by("id")[
            :ITEMS
        ]
    )
    if not questions:
        return None
    paper = Paper.objects.create(
        org=district,
        title=f"{district.name}职工科学素质知识竞赛试卷",
        purpose=Paper.Purpose.CONTEST,
        mode=Paper.Mode.FIXED,
        time_limit_seconds=900,
        attempts_per_day=3,
        opens_at=start,
        closes_at=end,
        status=Paper.Status.PUBLISHED,
    )
    PaperItem.objects.bulk_create(
        PaperItem(paper=paper, question=q, points=POINTS, position=i)
        for i, q in enumerate(questions, 1)
    )
    return paper


def contests_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("contests")
    district_node = next((n for n in ctx.nodes if n.level == Level.DISTRICT), None)
    if district_node is None:
        return
    district = Organization.objects.get(pk=ctx.org_ids[district_node.code])
    now = timezone.now().replace(second=0, microsecond=0)
    start, end = now - dt.timedelta(days=20), now + dt.timedelta(days=10)
    paper = _paper(district, start, end)
    if paper is None:
        ctx.log("知识竞赛：没有可用的试题，跳过")
        return
    max_score = sum((i.points for i in paper.items.all()), Decimal(0)) or Decimal(100)
    contest = Contest.objects.create(
        org=district,
        paper=paper,
        title=f"{district.name}职工科学素质知识竞赛",
        description="面向全区基层工会会员的线上知识竞赛，每人每天可答3次，以最好成绩排名。",
        starts_at=start,
        ends_at=end,
        status=Contest.Status.PUBLISHED,
        created_by=ctx.users.get("qu_admin"),
    )

    turnout: dict[int, float] = {}
    people = (
        Member.objects.current()
        .filter(org__path__startswith=district.path)
        .order_by("pk")
        .values_list("pk", "org_id")
    )
    cap = ctx.scaled(MAX_ATTEMPTS, 20_000)
    chosen: list[tuple[int, int]] = []
    for pk, org_id in people.iterator(chunk_size=10_000):
        rate = turnout.setdefault(org_id, rng.uniform(0.05, 0.6))
        if rng.random() < rate:
            chosen.append((pk, org_id))
    rng.shuffle(chosen)
    demo_member = getattr(ctx.users.get("huiyuan"), "member", None)  # sees their own rank
    if demo_member is not None and demo_member.org.path.startswith(district.path):
        chosen.insert(0, (demo_member.pk, demo_member.org_id))

    attempts: list[Attempt] = []
    span = max(60.0, (now - start).total_seconds() - 3600)
    steps = int(max_score / POINTS) if max_score % POINTS == 0 else None
    for member_id, org_id in chosen:
        if len(attempts) >= cap:
            break
        ability = min(0.98, max(0.2, rng.gauss(0.66, 0.15)))
        for _ in range(1 if rng.random() < 0.7 else 2):
            if len(attempts) >= cap:
                break
            share = min(1.0, max(0.0, ability + rng.gauss(0, 0.06)))
            if steps:
                score = POINTS * round(share * steps)
            else:
                score = (max_score * Decimal(str(round(share, 2)))).quantize(Decimal("0.01"))
            duration = int(rng.uniform(150, 840))
            submitted = start + dt.timedelta(seconds=rng.uniform(0, span))
            correct = int(score / POINTS) if steps else 0
            fields = {"max_score": max_score, "correct_count": correct, "item_count": steps or 0}
            attempts.append(
                submitted_attempt(
                    paper, member_id, org_id, submitted, duration, score=score, **fields
                )
            )
    for i in range(0, len(attempts), BATCH):
        Attempt.objects.bulk_create(attempts[i : i + BATCH])
    tally.rebuild()  # the contest roll-up, counted once rather than participant by participant
    ctx.counts.update(contests=1, contest_attempts=len(attempts))
    ctx.log(f"知识竞赛：1 场（{contest.title}），{len(attempts):,} 次交卷")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("contests", contests_demo),)
AFTER = ("quiz",)
