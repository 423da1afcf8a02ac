"""Demo achievements and honours (a `kesu demo` step): a sample of grassroots unions and of
their members, bulk-inserted, so even the city scale takes a moment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level as OrgLevel

SAMPLE_ORGS = 160  # at most this many grassroots unions get records (a province: ten times)
TITLES = {
    AchievementKind.PATENT: [
        "一种{x}的快速检测装置",
        "{x}用防松紧固结构",
        "基于物联网的{x}监测系统",
    ],
    AchievementKind.SUGGESTION: ["关于优化{x}流程的合理化建议", "{x}节能降耗的建议"],
    AchievementKind.FIVE_SMALL: ["{x}小改小革", "{x}工装夹具小发明"],
    AchievementKind.INNOVATION: ["{x}工艺技术革新", "{x}自动化改造"],
    AchievementKind.PAPER: ["{x}安全管理实践探讨", "浅析{x}质量控制"],
    AchievementKind.AWARD: ["职工技能大赛（{x}）二等奖", "职工创新大赛（{x}）优秀奖"],
}
SUBJECTS = [
    "数控车床",
    "配电柜",
    "焊接",
    "输送带",
    "锅炉",
    "仓储",
    "装配线",
    "污水处理",
    "电梯",
    "冷链运输",
]
TEAMS = ["一车间", "质检班组", "维修班", "技术研发部", "安全生产科", "客服中心"]


def _link_members(model: Any, records: list[Any], members: list[list[int]]) -> None:
    """Link each saved record of `model` to its members (ids), in bulk."""
    through = model.members.through
    own = f"{model._meta.model_name}_id"
    links = [
        through(**{own: record.pk, "member_id": m})
        for record, ids in zip(records, members, strict=True)
        for m in ids
    ]
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)


def achievements_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("achievements")
    today = timezone.localdate()
    grassroots = [n for n in ctx.nodes if n.level == OrgLevel.GRASSROOTS]
    sample = rng.sample(
        grassroots, min(ctx.scaled({"city": SAMPLE_ORGS}, SAMPLE_ORGS), len(grassroots))
    )
    org_ids = [ctx.org_ids[n.code] for n in sample]
    roster: dict[int, list[int]] = {}
    for mid, oid in (
        Member.objects.current()
        .filter(org_id__in=org_ids)
        .order_by("id")
        .values_list("id", "org_id")
        .iterator(chunk_size=5000)
    ):
        if len(roster.setdefault(oid, [])) < 40:
            roster[oid].append(mid)
    demo_member = next((u.member_id for u in ctx.users.values() if u.member_id), None)
    if demo_member:
        oid = Member.objects.filter(pk=demo_member).values_list("org_id", flat=True).first()
        roster.setdefault(oid, []).insert(0, demo_member)
        org_ids.append(oid)

    achievements, a_members, honours, h_members = [], [], [], []
    for oid in dict.fromkeys(org_ids):
        people = roster.get(oid) or []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(list(TITLES))
            verified = rng.random() < 0.8
            achievements.append(
                Achievement(
                    org_id=oid,
                    kind=kind,
                    title=rng.choice(TITLES[kind]).format(x=rng.choice(SUBJECTS)),
                    achieved_on=today - dt.timedelta(days=rng.randrange(0, 700)),
                    level=rng.choice(
                        [Level.ENTERPRISE] * 3 + [Level.DISTRICT, Level.CITY, Level.PROVINCE]
                    ),
                    status=ReviewStatus.VERIFIED if verified else ReviewStatus.PENDING,
                )
            )
            a_members.append(rng.sample(people, min(len(people), rng.randint(1, 3))))
        if people and rng.random() < 0.5:
            kind = rng.choice(
                [
                    HonourKind.MAY_DAY_MEDAL,
                    HonourKind.TECHNICAL_EXPERT,
                    HonourKind.TECHNICAL_EXPERT,
                    HonourKind.MODEL_WORKER,
                ]
            )
            honours.append(
                Honour(
                    org_id=oid,
                    kind=kind,
                    level=rng.choice([Level.CITY, Level.DISTRICT, Level.PROVINCE]),
                    year=today.year - rng.randrange(0, 3),
                    awarding_body="市总工会",
                )
            )
            h_members.append([rng.choice(people)])
        if rng.random() < 0.25:
            national = rng.random() < 0.2
            honours.append(
                Honour(
                    org_id=oid,
                    kind=HonourKind.NATIONAL_PIONEER if national else HonourKind.PROVINCE_PIONEER,
                    level=Level.NATIONAL if national else Level.PROVINCE,
                    team_name=rng.choice(TEAMS),
                    year=today.year - rng.randrange(0, 3),
                    awarding_body="中华全国总工会" if national else "省总工会",
                )
            )
            h_members.append([])
    if demo_member and honours:  # the member login sees an honour in their archive
        h_members[0] = [demo_member]
    Achievement.objects.bulk_create(achievements, batch_size=1000)
    Honour.objects.bulk_create(honours, batch_size=1000)
    _link_members(Achievement, achievements, a_members)
    _link_members(Honour, honours, h_members)
    ctx.counts["achievements"] = len(achievements)
    ctx.counts["honours"] = len(honours)
    ctx.log(f"  科技创新成果 {len(achievements):,} 项，先进表彰 {len(honours):,} 项")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("achievements", achievements_demo),)
AFTER = ()
