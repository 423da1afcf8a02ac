"""Demo data for venues, experts and publicity (a `kesu demo` step, see kesu.demo.services).

Deterministic with the step's RNG; bulk inserts keep even the city scale quick.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.core.codes import encode_codes
from kesu.demo.services import DemoContext
from kesu.members.validation import phone_fields
from kesu.orgs.models import Level
from kesu.resources.models import (
    Channel,
    Expert,
    ExpertField,
    Publication,
    Venue,
    VenueKind,
    VenueVisit,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "建华",
    "志强",
    "丽娟",
    "海燕",
    "国平",
    "晓东",
    "文静",
    "振宇",
    "秀英",
    "明辉",
    "春梅",
    "立新",
    "永刚",
    "红霞",
    "伟民",
    "慧敏",
]
TITLES = [
    "教授",
    "副教授",
    "研究员",
    "副研究员",
    "主任医师",
    "副主任医师",
    "高级工程师",
    "工程师",
    "高级技师",
    "律师",
    "高级讲师",
]
EMPLOYERS = [
    "市第一人民医院",
    "市科学技术协会",
    "市应急管理局",
    "市职业技术学院",
    "市气象局",
    "市疾病预防控制中心",
    "市生态环境局",
    "某律师事务所",
    "市安全生产协会",
]
HEADLINES = [
    "开展“{t}”科普宣传活动",
    "举办{t}专题讲座",
    "组织职工参观{t}科普基地",
    "{t}知识竞赛圆满落幕",
    "深入企业开展{t}进车间活动",
    "{t}主题宣传周启动",
]
TOPICS = [
    "安全生产",
    "健康生活",
    "防灾减灾",
    "节能环保",
    "法律知识",
    "科技创新",
    "世界气象日",
    "全国科普日",
]
SITES = {
    Channel.WEBSITE: "https://www.example.org.cn/news/{n}.html",
    Channel.WECHAT: "https://mp.weixin.qq.com/s/demo{n}",
    Channel.WEIBO: "https://weibo.com/demo/{n}",
}


def _quarters(year: int) -> list[tuple[dt.date, dt.date]]:
    ends = [dt.date(year, 3, 31), dt.date(year, 6, 30), dt.date(year, 9, 30), dt.date(year, 12, 31)]
    return [(dt.date(year, 3 * q + 1, 1), ends[q]) for q in range(4)]


def resources_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("resources")
    today = timezone.localdate()
    grassroots = [n for n in ctx.nodes if n.level == Level.GRASSROOTS]
    upper = [n for n in ctx.nodes if n.level in (Level.CITY, Level.DISTRICT)]

    venues: list[Venue] = []
    for node in grassroots:
        if rng.random() < 0.6:
            venues.append(
                Venue(
                    org_id=ctx.org_ids[node.code],
                    name=f"{node.name.removesuffix('工会')}职工书屋",
                    kind=VenueKind.WORKER_LIBRARY,
                    books_held=rng.randrange(500, 8000, 50),
                    area_m2=Decimal(rng.randrange(30, 300)),
                    opened_on=dt.date(today.year - rng.randrange(0, 6), rng.randint(1, 12), 1),
                )
            )
        if rng.random() < 0.15:
            venues.append(
                Venue(
                    org_id=ctx.org_ids[node.code],
                    name=f"{node.name.removesuffix('工会')}创新工作室",
                    kind=VenueKind.INNOVATION_CENTRE,
                    area_m2=Decimal(rng.randrange(40, 200)),
                    opened_on=dt.date(today.year - rng.randrange(0, 4), rng.randint(1, 12), 1),
                )
            )
    for node in upper:
        place = node.name.removesuffix("总工会")
        for kind, suffix in (
            (VenueKind.SCIENCE_BASE, "职工科普基地"),
            (VenueKind.READING_ROOM, "职工阅览室"),
        ):
            venues.append(
                Venue(
                    org_id=ctx.org_ids[node.code],
                    name=f"{place}{suffix}",
                    kind=kind,
                    address=f"{place}人民路{rng.randint(1, 300)}号",
                    area_m2=Decimal(rng.randrange(100, 2000)),
                    opened_on=dt.date(today.year - rng.randrange(0, 8), rng.randint(1, 12), 1),
                )
            )
    Venue.objects.bulk_create(venues, batch_size=2000)
    venues = list(Venue.objects.order_by("pk"))

    visits: list[VenueVisit] = []
    for venue in venues:
        base = 400 if venue.kind == VenueKind.SCIENCE_BASE else 60
        for year in (today.year - 1, today.year):
            for start, end in _quarters(year):
                if start > today or (venue.opened_on and end < venue.opened_on):
                    continue
                visits.append(
                    VenueVisit(
                        venue=venue,
                        period_start=start,
                        period_end=end,
                        visitors=rng.randint(base // 2, base * 3),
                    )
                )
    VenueVisit.objects.bulk_create(visits, batch_size=5000)

    experts: list[Expert] = []
    codes = [c for c in ExpertField.values if c != ExpertField.OTHER]
    for i in range(20):
        node = upper[i % len(upper)]
        phone = f"139{rng.randrange(10**8):08d}"
        fields = rng.sample(codes, rng.randint(1, 3))
        experts.append(
            Expert(
                org_id=ctx.org_ids[node.code],
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                fields=encode_codes(fields),
                title=rng.choice(TITLES),
                employer=rng.choice(EMPLOYERS),
                **phone_fields(phone),
            )
        )
    Expert.objects.bulk_create(experts)
    _link_lectures(rng)

    publications: list[Publication] = []
    channels = list(Channel.values)
    for node in upper + grassroots[: max(5, len(grassroots) // 10)]:
        for year in (today.year - 1, today.year):
            last = today if year == today.year else dt.date(year, 12, 31)
            for _ in range(rng.randint(3, 12)):
                channel = rng.choices(channels, weights=[4, 6, 2, 1, 1, 1])[0]
                day = dt.date(year, 1, 1) + dt.timedelta(
                    days=rng.randrange((last - dt.date(year, 1, 1)).days + 1)
                )
                n = rng.randrange(10**6)
                publications.append(
                    Publication(
                        org_id=ctx.org_ids[node.code],
                        channel=channel,
                        published_on=day,
                        title=rng.choice(HEADLINES).format(t=rng.choice(TOPICS)),
                        link=SITES.get(channel, "").format(n=n),
                    )
                )
    Publication.objects.bulk_create(publications, batch_size=5000)

    ctx.counts.update(
        venues=len(venues),
        venue_visits=len(visits),
        experts=len(experts),
        publications=len(publications),
    )
    ctx.log(
        f"  科普阵地 {len(venues):,} 个、专家 {len(experts)} 人、信息发布 {len(publications):,} 条"
    )


def _link_lectures(rng) -> None:
    """Link lectures already generated by the activities step, if it ran before this one."""
    from kesu.activities.models import Activity

    lectures = list(
        Activity.objects.filter(kind="lecture").order_by("pk").values_list("pk", flat=True)[:200]
    )
    if not lectures:
        return
    through = Expert.lectures.through
    rows = [
        through(expert_id=expert_id, activity_id=activity_id)
        for expert_id in Expert.objects.order_by("pk").values_list("pk", flat=True)
        for activity_id in rng.sample(lectures, min(len(lectures), rng.randint(0, 3)))
    ]
    through.objects.bulk_create(rows, ignore_conflicts=True)


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("resources", resources_demo),)
AFTER = ("activities",)
