"""Demo activities: lectures, exhibitions, theme-day events and a few check-ins, spread over
this year and last, deterministic from the step's RNG (see kesu.demo.services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kesu.activities.campaigns.demo import create_demo_campaigns
from kesu.activities.models import Activity, Attendance
from kesu.core.codes import encode_codes
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level

TARGETS = {"small": 100, "district": 600, "city": 3000}
# At most this many activities get generated check-ins (keeps `city` fast).
WITH_CHECKINS = {"small": 25, "district": 80, "city": 200}
LEVEL_WEIGHT = {Level.CITY: 4, Level.DISTRICT: 6, Level.TOWNSHIP: 3, Level.GRASSROOTS: 1}

# (month, day, name, topics) of the theme days that drive the calendar.
THEME_DAYS = [
    (3, 23, "世界气象日", ["disaster", "environment"]),
    (4, 22, "世界地球日", ["environment"]),
    (5, 12, "防灾减灾日", ["disaster", "safety"]),
    (5, 30, "全国科技工作者日", ["tech", "innovation"]),
    (6, 5, "世界环境日", ["environment"]),
    (6, 16, "安全生产月", ["safety"]),
    (6, 26, "国际禁毒日", ["law", "health"]),
    (9, 20, "全国科普日", ["tech", "health"]),
    (12, 1, "世界艾滋病日", ["health"]),
    (12, 4, "国家宪法日", ["law"]),
]
# kind, title pattern ({org} is the organiser's short name), topics, outreach choices.
REGULAR = [
    ("lecture", "“健康生活 科学相伴”职工健康知识讲座", ["health"], ["", "enterprise"]),
    ("lecture", "人工智能与职工技能提升专题讲座", ["tech", "skills"], ["", "enterprise"]),
    ("lecture", "职工法律知识讲座", ["law"], ["", "community"]),
    ("exhibition", "科技创新成果展", ["innovation", "tech"], ["", "community"]),
    ("exhibition", "安全生产科普展板巡展", ["safety"], ["enterprise", "village"]),
    ("contest", "职工科学素质知识竞赛", ["tech"], [""]),
    ("training", "农民工职业技能培训班", ["skills"], ["enterprise", "village"]),
    ("practice", "职工创新工作室实践活动", ["innovation"], [""]),
    ("visit", "组织职工参观科技馆", ["tech"], [""]),
    ("campaign", "科普进社区宣传活动", ["health", "environment"], ["community"]),
    ("campaign", "科普进校园宣传活动", ["tech", "disaster"], ["school"]),
]
PARTNERS = ["区科协", "市气象局", "职业技术学院", "区疾控中心", "应急管理局", "市科技馆", ""]
GROUPS = ["workers", "migrant", "women", "youth", "residents"]


def _short(name: str) -> str:
    return name.removesuffix("工会").removesuffix("总") or name


def _outputs(rng: Any, kind: str, theme: bool) -> dict[str, Any]:
    people = rng.randint(30, 300) if kind != "lecture" else rng.randint(20, 150)
    materials = rng.choice([0, 50, 100, 200, 300, 500, 800]) if kind != "visit" else 0
    if theme:  # e.g. the 3·23 campus event: 500余份, 30人次 consultations, ~100 followers
        materials, people = rng.choice([300, 500, 600, 1000]), rng.randint(150, 600)
    return {
        "person_times": people,
        "materials_distributed": materials,
        "consultations": rng.randint(10, 60) if theme or kind == "campaign" else rng.randint(0, 10),
        "display_boards": rng.randint(4, 20) if kind in ("exhibition", "campaign") else 0,
        "beneficiaries": people + materials // 2,
        "media_reports": rng.choice([0, 0, 1, 1, 2, 3]),
        "new_followers": rng.randint(50, 150) if theme else rng.choice([0, 0, 10, 20, 35]),
        "spending": Decimal(rng.choice([0, 300, 800, 1200, 2500, 5000, 11360])).quantize(
            Decimal("0.01")
        ),
    }


def _when(rng: Any, year: int, month: int | None = None, day: int | None = None) -> dt.datetime:
    if month is None or day is None:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
    hour = rng.choice([9, 10, 14, 15])
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))  # noqa: DTZ001


def create_demo_activities(ctx: DemoContext) -> None:
    """The demo step: ~100 activities at `small`, a few thousand at `city`."""
    rng = ctx.rng("activities")
    now = timezone.now()
    this_year = timezone.localdate().year
    nodes = [n for n in ctx.nodes if n.code in ctx.org_ids]
    weights = [LEVEL_WEIGHT.get(n.level, 1) for n in nodes]
    staff = ctx.users.get("qu_staff")
    rows: list[Activity] = []
    for i in range(ctx.scaled(TARGETS, 100)):
        node = rng.choices(nodes, weights)[0]
        year = this_year - rng.randint(0, 1)
        if i % 4 == 0:
            month, day, name, topics = rng.choice(THEME_DAYS)
            kind, outreach = "campaign", rng.choice(["", "school", "community", "enterprise"])
            title = f"{year}年“{month}·{day}{name}”科普宣传活动"
            start, theme = _when(rng, year, month, day), True
        else:
            kind, title, topics, outreaches = rng.choice(REGULAR)
            outreach, start, theme = rng.choice(outreaches), _when(rng, year), False
            title = f"{_short(node.name)}{title}"
        done = start <= now
        outputs = _outputs(rng, kind, theme) if done else {"person_times": None}
        rows.append(
            Activity(
                title=title[:200],
                kind=kind,
                outreach=outreach,
                org_id=ctx.org_ids[node.code],
                start=start,
                end=start + dt.timedelta(hours=rng.choice([2, 3, 4])),
                place=f"{node.name}{rng.choice(['职工之家', '会议室', '职工书屋', '广场'])}",
                partners=rng.choice(PARTNERS),
                topics=encode_codes(topics),
                target_groups=encode_codes(sorted(set(rng.sample(GROUPS, 2)))),
                description=f"围绕{title}开展科普宣传，发放资料、现场咨询并组织互动。",
                responsible=rng.choice(["张科", "李宣", "王明", "赵丽", "陈静"]),
                funding_source=rng.choice(["工会经费", "科协专项", "上级补助", ""]),
                review_note="活动反响良好，职工参与积极。" if done and rng.random() < 0.3 else "",
                created_by=staff,
                **outputs,
            )
        )
    Activity.objects.bulk_create(rows, batch_size=1000)
    ctx.counts["activities"] = len(rows)
    ctx.counts["attendances"] = _checkins(ctx, rng, rows, now)
    ctx.log(f"  科普活动 {len(rows):,} 场，签到 {ctx.counts['attendances']:,} 人次")


def _checkins(ctx: DemoContext, rng: Any, rows: list[Activity], now: dt.datetime) -> int:
    """Staff-recorded check-ins of the organiser's own members for some past activities;
    the declared person-times stay close to them, and now and then far off (a warning)."""
    budget = ctx.scaled(WITH_CHECKINS, 25)
    attendances: list[Attendance] = []
    for activity in rows:
        if budget <= 0:
            break
        if activity.start > now or activity.pk is None:
            continue
        pool = list(Member.objects.filter(org_id=activity.org_id).values_list("pk", flat=True)[:80])
        if len(pool) < 5:
            continue
        budget -= 1
        chosen = rng.sample(pool, rng.randint(5, min(len(pool), 60)))
        attendances += [
            Attendance(activity=activity, member_id=pk, source="staff", created_by=None)
            for pk in chosen
        ]
        declared = len(chosen) if rng.random() < 0.8 else len(chosen) // 3
        Activity.objects.filter(pk=activity.pk).update(person_times=declared)
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    return len(attendances)


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("activities", create_demo_activities), ("campaigns", create_demo_campaigns))
AFTER = ()
