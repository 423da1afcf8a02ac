"""Demo data for the organisation of the work (a `kesu demo` step): for the city and each
district, this year's leading group and office, the division of work, meetings held and
attended, and a volunteer team and a lecturers' group whose people served in activities.
Deterministic with the step's RNG."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.activities.models import Activity
from kesu.demo.services import DemoContext
from kesu.leadership.models import (
    AreaKind,
    GroupMember,
    GroupRole,
    LeadingGroup,
    Meeting,
    Team,
    TeamKind,
    Volunteer,
    VolunteerService,
    WorkArea,
)
from kesu.members.models import Member
from kesu.members.validation import phone_fields
from kesu.orgs.models import Level

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "丽华", "志刚", "海燕", "伟", "敏", "晓峰", "红梅", "国强", "静", "立军", "慧"]
SECTIONS = ["办公室", "宣教部", "组织部", "基层工作部", "经济技术部", "权益保障部", "财务部"]
AREA_SECTIONS = {
    AreaKind.PUBLICITY: "宣教部",
    AreaKind.ACTIVITIES: "宣教部",
    AreaKind.VENUES: "基层工作部",
    AreaKind.TRAINING: "经济技术部",
    AreaKind.WORKER_SERVICES: "权益保障部",
}
HELD = ["全民科学素质工作领导小组专题会议", "科普工作推进会", "“全国科普日”活动部署会"]
ATTENDED = ["市科普工作领导小组协调会议", "全市全民科学素质工作联席会议"]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _group(rng, org_id: int, year: int, short: str) -> None:
    group = LeadingGroup.objects.create(
        org_id=org_id,
        year=year,
        office_section="宣教部",
        office_contact=_name(rng),
        office_phone=f"0571-8{rng.randint(1000000, 9999999)}",
    )
    rows = [
        GroupMember(
            group=group,
            role=GroupRole.LEADER,
            name=_name(rng),
            job_title=f"{short}主席",
            position=1,
        )
    ]
    rows += [
        GroupMember(
            group=group,
            role=GroupRole.DEPUTY,
            name=_name(rng),
            job_title=f"{short}副主席",
            position=2 + i,
        )
        for i in range(2)
    ]
    rows += [
        GroupMember(
            group=group,
            role=GroupRole.MEMBER,
            name=_name(rng),
            job_title=f"{section}部长" if section.endswith("部") else f"{section}主任",
            position=10 + i,
        )
        for i, section in enumerate(SECTIONS)
    ]
    GroupMember.objects.bulk_create(rows)
    WorkArea.objects.bulk_create(
        WorkArea(
            org_id=org_id,
            year=year,
            area=area,
            leader_in_charge=f"副主席{rows[1].name}",
            lead_section=section,
            responsible_staff=_name(rng),
        )
        for area, section in AREA_SECTIONS.items()
    )


def _meetings(rng, org_id: int, year: int, today: dt.date) -> int:
    rows = []
    for i, topic in enumerate(HELD + ATTENDED):
        held_on = min(dt.date(year, 2 + 3 * i % 10, rng.randint(1, 28)), today)
        mode = "held" if topic in HELD else "attended"
        rows.append(
            Meeting(
                org_id=org_id,
                mode=mode,
                held_on=held_on,
                topic=topic,
                level="own" if mode == "held" else "superior",
                attendees="领导小组成员" if mode == "held" else "分管副主席",
                decisions="研究部署年度科普工作任务，明确责任分工。",
            )
        )
    Meeting.objects.bulk_create(rows)
    return len(rows)


def _teams(rng, org_id: int, path: str, short: str, today: dt.date) -> tuple[int, int]:
    roster = list(Member.objects.filter(org__path__startswith=path).values_list("pk", "name")[:12])
    activities = list(
        Activity.objects.filter(
            org__path__startswith=path, start__date__lte=today, start__year=today.year
        ).values_list("pk", "start")[:40]
    )
    people = services = 0
    for kind, label in (
        (TeamKind.VOLUNTEERS, "科普志愿者服务队"),
        (TeamKind.LECTURERS, "职工科普讲师团"),
    ):
        team = Team.objects.create(
            org_id=org_id,
            kind=kind,
            name=f"{short}{label}",
            founded_on=dt.date(today.year - 1, 5, 1),
        )
        rows = [Volunteer(team=team, member_id=pk, name=name) for pk, name in roster[:6]]
        for _ in range(rng.randint(3, 6)):
            phone = f"13{rng.randint(100000000, 999999999)}"
            rows.append(
                Volunteer(
                    team=team,
                    name=_name(rng),
                    employer="市科学技术协会",
                    speciality=rng.choice(["安全生产", "健康", "防灾减灾"]),
                    **phone_fields(phone),
                )
            )
        roster = roster[6:]
        created = Volunteer.objects.bulk_create(rows)
        people += len(created)
        served = [
            VolunteerService(
                volunteer=v,
                activity_id=pk,
                served_on=start.date(),
                hours=Decimal(rng.choice(["2.0", "3.0", "4.0", "1.5"])),
                notes="现场讲解与咨询",
            )
            for v in created
            for pk, start in rng.sample(activities, min(3, len(activities)))
        ]
        services += len(VolunteerService.objects.bulk_create(served))
    return people, services


def leadership_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("leadership")
    today = timezone.localdate()
    upper = [n for n in ctx.nodes if n.level in (Level.CITY, Level.DISTRICT)]
    meetings = people = services = 0
    for node in upper:
        org_id = ctx.org_ids[node.code]
        _group(rng, org_id, today.year, node.name)
        meetings += _meetings(rng, org_id, today.year, today)
        p, s = _teams(rng, org_id, node.path, node.name.removesuffix("总工会"), today)
        people, services = people + p, services + s
    ctx.counts.update(
        leading_groups=len(upper), meetings=meetings, volunteers=people, volunteer_services=services
    )
    ctx.log(
        f"组织领导：领导小组 {len(upper)} 个，会议 {meetings} 场，队员 {people} 人，"
        f"志愿服务 {services} 人次"
    )


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps).
STEPS = (("leadership", leadership_demo),)
AFTER = ("activities",)  # volunteers serve in the demo activities
