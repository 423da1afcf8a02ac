"""Demo data for competitions, worker-library records and culture events (a `kesu demo`
step that runs after the employers' and resources' steps).

The first district gets the reference year of the work summary: a 50-worker welding contest
whose top three go on to the city contest, 安康杯 employers last year and this year (4 new),
two worker libraries newly built, a 46-team volleyball tournament with 518 workers and a
rope-skipping contest. Other districts get a lighter mix. Capped: fast at city scale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.competitions.models import (
    Competition,
    CompetitionEntry,
    CompetitionKind,
    CultureEvent,
    CultureKind,
    Level,
    LibraryRecognition,
    LibraryRecord,
)
from kesu.demo.services import DemoContext
from kesu.employers.demo import employers_by_district
from kesu.employers.models import Employer
from kesu.members.models import Member
from kesu.orgs.models import Level as OrgLevel
from kesu.resources.models import Venue, VenueKind

MAX_LIBRARIES = 500
MAX_DISTRICTS = 30


def _day(year: int, month: int, day: int, today: dt.date) -> dt.date:
    return min(dt.date(year, month, day), today)


def competitions_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("competitions")
    today = timezone.localdate()
    districts = [n for n in ctx.nodes if n.level == OrgLevel.DISTRICT][:MAX_DISTRICTS]
    employers = list(Employer.objects.select_related("org").order_by("pk"))
    by_district = employers_by_district(employers, districts)
    competitions = entries = events = 0
    for index, node in enumerate(districts):
        org_id = ctx.org_ids[node.code]
        place = node.name.removesuffix("总工会")
        pool = by_district.get(node.code, [])
        reference = index == 0
        # Welding contest: named top entries from the roster, the rest as a head count.
        host = pool[0] if pool else None
        contest = Competition.objects.create(
            org_id=org_id,
            kind=CompetitionKind.SKILL,
            title=f"{place}焊工技能比赛",
            level=Level.DISTRICT,
            start_on=_day(today.year, 6, 18, today),
            end_on=_day(today.year, 6, 18, today),
            place=host.name if host else "",
            extra_participants=47 if reference else rng.randint(20, 60),
        )
        contest.employers.set(pool[:6])
        members = _top_members(ctx, node)
        results = ["一等奖", "二等奖", "三等奖"]
        CompetitionEntry.objects.bulk_create(
            [
                CompetitionEntry(
                    competition=contest,
                    member_id=pk,
                    name=name,
                    rank=rank + 1,
                    score=Decimal(96 - rank * 3 - rng.randint(0, 2)),
                    result=results[rank],
                    sent_on=True,
                    employer=pool[rank % len(pool)] if pool else None,
                )
                for rank, (pk, name) in enumerate(members)
            ]
        )
        competitions += 1
        entries += len(members)
        # 安康杯: last year some employers, this year those plus new ones (4 in the reference).
        last = pool[: min(len(pool), 6)]
        new = pool[len(last) : len(last) + (4 if reference else rng.randint(0, 3))]
        for year, joined in ((today.year - 1, last), (today.year, last + new)):
            if not joined:
                continue
            safety = Competition.objects.create(
                org_id=org_id,
                kind=CompetitionKind.SAFETY,
                title=f"{year}年{place}“安康杯”竞赛",
                level=Level.DISTRICT,
                start_on=dt.date(year, 3, 1),
                end_on=max(dt.date(year, 3, 1), min(dt.date(year, 11, 30), today)),
            )
            safety.employers.set(joined)
            competitions += 1
        # Labour emulation
        labour = Competition.objects.create(
            org_id=org_id,
            kind=CompetitionKind.LABOUR,
            title=f"{place}重点项目劳动竞赛",
            level=Level.DISTRICT,
            start_on=_day(today.year, 4, 1, today),
            end_on=max(_day(today.year, 4, 1, today), _day(today.year, 10, 31, today)),
            extra_participants=rng.randint(200, 800),
        )
        labour.employers.set(pool[:10])
        competitions += 1
        # Culture and sports
        volleyball = (46, 518) if reference else (rng.randint(8, 40), rng.randint(100, 480))
        CultureEvent.objects.bulk_create(
            [
                CultureEvent(
                    org_id=org_id,
                    kind=CultureKind.BALL,
                    title=f"{place}职工“中国梦·劳动美”气排球比赛",
                    start_on=_day(today.year, 4, 25, today),
                    end_on=_day(today.year, 4, 30, today),
                    teams=volleyball[0],
                    participants=volleyball[1],
                    results=f"{pool[0].name if pool else place}代表队获冠军",
                ),
                CultureEvent(
                    org_id=org_id,
                    kind=CultureKind.ROPE,
                    title=f"{place}女职工迎“三八”跳绳比赛",
                    start_on=_day(today.year, 3, 6, today),
                    end_on=_day(today.year, 3, 6, today),
                    teams=rng.randint(10, 20),
                    participants=rng.randint(80, 200),
                ),
            ]
        )
        events += 2
    most = ctx.scaled({"city": MAX_LIBRARIES}, MAX_LIBRARIES)
    libraries = _libraries(rng, today, districts, most)
    ctx.counts.update(
        competitions=competitions,
        competition_entries=entries,
        library_records=libraries,
        culture_events=events,
    )
    ctx.log(
        f"  劳动和技能竞赛 {competitions} 场、职工书屋年度记录 {libraries:,} 条、文体活动 {events} 场"
    )


def _top_members(ctx: DemoContext, district) -> list[tuple[int, str]]:
    """Three roster members of the district's first grassroots unions, read on the (org, id)
    index (a path-prefix join over a million members is slow on SQLite)."""
    ids = [
        ctx.org_ids[n.code]
        for n in ctx.nodes
        if n.level == OrgLevel.GRASSROOTS and n.path.startswith(district.path)
    ][:5]
    rows = Member.objects.filter(org_id__in=ids).order_by("org_id", "id")
    return list(rows.values_list("pk", "name")[:3])


def _libraries(rng, today: dt.date, districts, most: int) -> int:
    venues = list(
        Venue.objects.filter(kind=VenueKind.WORKER_LIBRARY)
        .select_related("org")
        .order_by("pk")[:most]
    )
    first = f"/{districts[0].path.strip('/')}/" if districts else None
    new_in_first = 0
    rows = []
    for venue in venues:
        books = venue.books_held or rng.randrange(500, 5000, 50)
        new_this_year = bool(venue.opened_on and venue.opened_on.year == today.year)
        if first and venue.org.path.startswith(first) and new_in_first < 2:
            new_this_year, new_in_first = True, new_in_first + 1
        rows.append(
            LibraryRecord(
                venue=venue,
                year=today.year,
                books=books,
                new_books=min(books, rng.randrange(50, 600, 10)),
                borrowings=rng.randint(100, 3000),
                is_new=new_this_year,
                recognition=LibraryRecognition.NATIONAL if rng.random() < 0.02 else "",
            )
        )
    LibraryRecord.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("competitions", competitions_demo),)
AFTER = ("employers", "resources")
