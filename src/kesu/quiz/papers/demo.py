"""Demo papers and attempts (the `kesu demo` step "quiz_papers", after "quiz_bank").

- a city practice paper drawn by rules (判断 + 单选 + 多选), open all year, 3 tries a day;
- a district paper of fixed items with a time limit and a pass mark;
- submitted attempts of a sample of members of some grassroots unions, drawn, answered and
  scored with the real drawing and scoring code (bulk-inserted; capped per scale so `city`
  stays fast: members are read only from the sampled unions, never the whole roster).
Skips quietly when the bank step left no questions.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level, Organization
from kesu.quiz.attempts import scoring
from kesu.quiz.models import Attempt, Paper, PaperItem, PaperRule, QuestionType
from kesu.quiz.papers import drawing

CAP = {"small": 300, "district": 3_000, "city": 20_000}
UNITS = {"small": 6, "district": 40, "city": 250}
BATCH = 2_000
RULES = [
    (QuestionType.JUDGE, 5, Decimal(2)),
    (QuestionType.SINGLE, 5, Decimal(2)),
    (QuestionType.MULTIPLE, 3, Decimal(4)),
]


def _practice(city: Organization, creator) -> Paper | None:
    pools = {
        t: list(drawing.usable_questions(city).filter(type=t).values_list("pk", flat=True))
        for t, _c, _p in RULES
    }
    rules = [(t, min(c, len(pools[t])), p) for t, c, p in RULES if pools[t]]
    if not rules:
        return None
    paper = Paper.objects.create(
        org=city,
        title="职工科学素质每日一练",
        purpose=Paper.Purpose.PRACTICE,
        mode=Paper.Mode.RANDOM,
        multiple_rule=Paper.MultipleRule.PARTIAL,
        attempts_per_day=3,
        show_answers=Paper.ShowAnswers.AFTER_SUBMIT,
        status=Paper.Status.PUBLISHED,
        description="每次随机抽题，选项顺序打乱；多选题少选得一半分。",
        created_by=creator,
    )
    PaperRule.objects.bulk_create(
        PaperRule(paper=paper, type=t, count=c, points=p, position=i)
        for i, (t, c, p) in enumerate(rules, start=1)
    )
    return paper


def _fixed(district: Organization, rng: random.Random, creator) -> Paper | None:
    ids = sorted(drawing.usable_questions(district).values_list("pk", flat=True))
    if not ids:
        return None
    chosen = rng.sample(ids, min(10, len(ids)))
    now = timezone.now().replace(second=0, microsecond=0)
    paper = Paper.objects.create(
        org=district,
        title=f"{district.name}安全生产与健康知识答题",
        mode=Paper.Mode.FIXED,
        purpose=Paper.Purpose.PRACTICE,
        time_limit_seconds=15 * 60,
        attempts_total=2,
        pass_mark=Decimal(60),
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=30),
        show_answers=Paper.ShowAnswers.AFTER_SUBMIT,
        status=Paper.Status.PUBLISHED,
        created_by=creator,
    )
    PaperItem.objects.bulk_create(
        PaperItem(paper=paper, question_id=q, points=Decimal(10), position=i)
        for i, q in enumerate(chosen, start=1)
    )
    return paper


def submitted_attempt(
    paper: Paper, member_id: int, org_id: int, submitted: dt.datetime, seconds: int, **fields
) -> Attempt:
    """A demo attempt handed in at `submitted` after `seconds` of answering (`fields`: the
    score and what it was scored from)."""
    started = submitted - dt.timedelta(seconds=seconds)
    return Attempt(
        paper=paper,
        member_id=member_id,
        org_id=org_id,
        status=Attempt.Status.SUBMITTED,
        started_at=started,
        submitted_at=submitted,
        duration_seconds=seconds,
        **fields,
    )


def _answer(rng: random.Random, key: scoring.AnswerKey, ability: float) -> list[int]:
    if rng.random() < ability:
        return sorted(key.correct)
    wrong = [i for i in range(key.option_count) if i not in key.correct] or [0]
    if key.type == QuestionType.MULTIPLE and len(key.correct) > 1 and rng.random() < 0.5:
        return sorted(rng.sample(sorted(key.correct), len(key.correct) - 1))  # 少选
    return [rng.choice(wrong)]


def quiz_papers_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("quiz_papers")
    city_node = next((n for n in ctx.nodes if n.level == Level.CITY), None)
    district_node = next((n for n in ctx.nodes if n.level == Level.DISTRICT), None)
    if city_node is None or district_node is None:
        return
    city = Organization.objects.get(pk=ctx.org_ids[city_node.code])
    district = Organization.objects.get(pk=ctx.org_ids[district_node.code])
    creator = ctx.users.get("jn_admin")
    practice = _practice(city, creator)
    if practice is None:
        ctx.log("试卷：题库中没有试题，跳过")
        return
    fixed = _fixed(district, rng, ctx.users.get("qu_admin"))
    units = [
        n for n in ctx.nodes if n.level == Level.GRASSROOTS and n.path.startswith(district.path)
    ]
    units = rng.sample(units, min(UNITS.get(ctx.scale, 40), len(units)))
    unit_ids = sorted(ctx.org_ids[n.code] for n in units)
    cap = CAP.get(ctx.scale, 3_000)
    people = list(
        Member.objects.current()
        .filter(org_id__in=unit_ids)
        .order_by("pk")
        .values_list("pk", "org_id")[: cap * 2]
    )
    rng.shuffle(people)
    papers = [p for p in (practice, fixed) if p is not None]
    rules = list(practice.rules.all())
    pools = {
        r.pk: sorted(drawing.rule_pool(practice, r).values_list("pk", flat=True)) for r in rules
    }
    fixed_layout = drawing.fixed_layout(fixed) if fixed else []
    needed = {q for pool in pools.values() for q in pool} | {i["q"] for i in fixed_layout}
    keys = scoring.answer_keys(needed)
    now = timezone.now()
    rows: list[Attempt] = []
    for n, (member_id, org_id) in enumerate(people):
        if len(rows) >= cap:
            break
        paper = papers[n % len(papers)]
        if paper.mode == Paper.Mode.FIXED:
            layout = [
                {
                    **item,
                    "perm": rng.sample(item["perm"], len(item["perm"]))
                    if keys[item["q"]].type != QuestionType.JUDGE
                    else item["perm"],
                }
                for item in fixed_layout
            ]
        else:
            layout = []
            for rule in rules:
                for qid in rng.sample(pools[rule.pk], rule.count):
                    perm = list(range(keys[qid].option_count))
                    if keys[qid].type != QuestionType.JUDGE:
                        rng.shuffle(perm)
                    layout.append({"q": qid, "perm": perm, "points": str(rule.points)})
        ability = min(0.97, max(0.25, rng.gauss(0.7, 0.15)))
        answers = {str(i["q"]): _answer(rng, keys[i["q"]], ability) for i in layout}
        result = scoring.score_attempt(
            layout=layout,
            answers=answers,
            keys=keys,
            multiple_rule=paper.multiple_rule,
            pass_mark=paper.pass_mark,
        )
        duration = int(rng.uniform(90, 840))
        submitted = now - dt.timedelta(seconds=rng.uniform(3600, 25 * 86400))
        fields = {"layout": layout, "answers": answers, **result.as_fields()}
        rows.append(submitted_attempt(paper, member_id, org_id, submitted, duration, **fields))
    for i in range(0, len(rows), BATCH):
        Attempt.objects.bulk_create(rows[i : i + BATCH])
    ctx.counts.update(papers=len(papers), quiz_attempts=len(rows))
    ctx.log(f"试卷：{len(papers)} 份，{len(rows):,} 次交卷")
