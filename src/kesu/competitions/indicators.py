"""Figures of competitions, worker libraries and culture events (see
kesu.indicators.registry). A competition counts in the range its start date falls in."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

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
from kesu.competitions.schemas import (
    CompetitionEntryOut,
    CompetitionOut,
    CultureOut,
    LibraryRecordOut,
)
from kesu.employers.models import Employer
from kesu.indicators.declare import dated, narrowed, total, yearly
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(Competition, CompetitionOut)
register_evidence_schema(CompetitionEntry, CompetitionEntryOut)
register_evidence_schema(CultureEvent, CultureOut)
register_evidence_schema(LibraryRecord, LibraryRecordOut)

KIND = Dimension("kind", "类型", "kind", dict(CompetitionKind.choices))
LEVEL = Dimension("level", "级别", "level", dict(Level.choices))
CULTURE_KIND = Dimension("kind", "类型", "kind", dict(CultureKind.choices))
CULTURE = dated(CultureEvent, "start_on")


def _competitions(scope: Scope) -> QuerySet[Competition]:
    """Competitions starting in the range, each with its head count `n` (entries + others)."""
    entries = (
        CompetitionEntry.objects.filter(competition=OuterRef("pk"))
        .order_by()
        .values("competition")
        .annotate(c=Count("pk"))
        .values("c")
    )
    n_entries = Coalesce(Subquery(entries, output_field=IntegerField()), 0)
    return Competition.objects.filter(start_on__range=(scope.start, scope.end)).annotate(
        n=n_entries + F("extra_participants")
    )


register(
    "competitions.count",
    name="劳动和技能竞赛",
    unit="场",
    description="开始日期在起止日期之间（含）的劳动竞赛、技能比赛和安康杯竞赛。",
    dimensions=(KIND, LEVEL, month_dimension("start_on", "月份")),
    evidence=_competitions,
)
register(
    "competitions.participants",
    name="竞赛参赛职工",
    unit="人次",
    description="开始日期在起止日期之间（含）的竞赛的参赛人数之和：名册内参赛记录加名册外参赛人数。",
    aggregate=total("n"),
    dimensions=(KIND,),
    evidence=_competitions,
)
register(
    "competitions.sent_on",
    name="推荐参加上级比赛",
    unit="人",
    description="开始日期在起止日期之间的竞赛中标为推荐参加上级比赛的参赛者。",
    evidence=dated(CompetitionEntry, "competition__start_on", sent_on=True),
    org_field="competition__org",
)


def _ankang(scope: Scope, *, new_only: bool = False) -> QuerySet[Employer]:
    through = Competition.employers.through
    joined = through.objects.filter(
        employer_id=OuterRef("pk"), competition__kind=CompetitionKind.SAFETY
    )
    qs = Employer.objects.filter(
        Exists(joined.filter(competition__start_on__range=(scope.start, scope.end)))
    )
    if new_only:
        qs = qs.exclude(Exists(joined.filter(competition__start_on__lt=scope.start)))
    return qs


register(
    "ankang.employers",
    name="安康杯参赛企业",
    unit="个",
    description="参加开始日期在起止日期之间的安康杯竞赛的企业（每个企业计一次，按企业的服务工会计）。",
    evidence=_ankang,
)
register(
    "ankang.new_employers",
    name="新增安康杯参赛企业",
    unit="个",
    description="起止日期内参加安康杯竞赛、且在开始日期之前从未参加过的企业。",
    evidence=lambda scope: _ankang(scope, new_only=True),
)


register(
    "libraries.new",
    name="新建职工书屋",
    unit="个",
    description="年度在起止日期所在年份内、标为本年新建的职工书屋年度记录。",
    evidence=narrowed(yearly(LibraryRecord), is_new=True),
    dimensions=(
        Dimension("recognition", "示范点级别", "recognition", dict(LibraryRecognition.choices)),
    ),
    org_field="venue__org",
)
register(
    "libraries.borrowings",
    name="职工书屋借阅",
    unit="人次",
    description="年度在起止日期所在年份内的职工书屋借阅人次之和（已登记的）。",
    evidence=yearly(LibraryRecord),
    aggregate=total("borrowings"),
    org_field="venue__org",
)
register(
    "culture.count",
    name="文体活动",
    unit="场",
    description="开始日期在起止日期之间（含）的职工文体活动。",
    evidence=CULTURE,
    dimensions=(CULTURE_KIND, month_dimension("start_on", "月份")),
)
register(
    "culture.participants",
    name="文体活动参加职工",
    unit="人次",
    description="开始日期在起止日期之间（含）的文体活动参加人数之和。",
    evidence=CULTURE,
    aggregate=total("participants"),
    dimensions=(CULTURE_KIND,),
)
register(
    "culture.teams",
    name="文体活动参赛队伍",
    unit="个",
    description="开始日期在起止日期之间（含）的文体活动参赛队伍数之和。",
    evidence=CULTURE,
    aggregate=total("teams"),
)
