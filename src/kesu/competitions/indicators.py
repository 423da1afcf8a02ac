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
from kesu.indicators.declare import Records, by_choice, dated, yearly
from kesu.indicators.registry import Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(Competition, CompetitionOut)
register_evidence_schema(CompetitionEntry, CompetitionEntryOut)
register_evidence_schema(CultureEvent, CultureOut)
register_evidence_schema(LibraryRecord, LibraryRecordOut)

KIND = by_choice("kind", "类型", CompetitionKind)
LEVEL = by_choice("level", "级别", Level)
CULTURE_KIND = by_choice("kind", "类型", CultureKind)


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


COMPETITIONS = Records(_competitions, dimensions=(KIND,))
COMPETITIONS.count(
    "competitions.count",
    "劳动和技能竞赛",
    "场",
    "开始日期在起止日期之间（含）的劳动竞赛、技能比赛和安康杯竞赛。",
    dimensions=(KIND, LEVEL, month_dimension("start_on", "月份")),
)
COMPETITIONS.total(
    "n",
    "competitions.participants",
    "竞赛参赛职工",
    "人次",
    "开始日期在起止日期之间（含）的竞赛的参赛人数之和：名册内参赛记录加名册外参赛人数。",
)
Records(dated(CompetitionEntry, "competition__start_on", sent_on=True), "competition__org").count(
    "competitions.sent_on",
    "推荐参加上级比赛",
    "人",
    "开始日期在起止日期之间的竞赛中标为推荐参加上级比赛的参赛者。",
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


Records(_ankang).count(
    "ankang.employers",
    "安康杯参赛企业",
    "个",
    "参加开始日期在起止日期之间的安康杯竞赛的企业（每个企业计一次，按企业的服务工会计）。",
)
Records(lambda scope: _ankang(scope, new_only=True)).count(
    "ankang.new_employers",
    "新增安康杯参赛企业",
    "个",
    "起止日期内参加安康杯竞赛、且在开始日期之前从未参加过的企业。",
)

LIBRARIES = Records(yearly(LibraryRecord), "venue__org")
LIBRARIES.where(is_new=True).count(
    "libraries.new",
    "新建职工书屋",
    "个",
    "年度在起止日期所在年份内、标为本年新建的职工书屋年度记录。",
    dimensions=(by_choice("recognition", "示范点级别", LibraryRecognition),),
)
LIBRARIES.total(
    "borrowings",
    "libraries.borrowings",
    "职工书屋借阅",
    "人次",
    "年度在起止日期所在年份内的职工书屋借阅人次之和（已登记的）。",
)
CULTURE = Records(dated(CultureEvent, "start_on"), dimensions=(CULTURE_KIND,))
CULTURE.count(
    "culture.count",
    "文体活动",
    "场",
    "开始日期在起止日期之间（含）的职工文体活动。",
    dimensions=(CULTURE_KIND, month_dimension("start_on", "月份")),
)
CULTURE.total(
    "participants",
    "culture.participants",
    "文体活动参加职工",
    "人次",
    "开始日期在起止日期之间（含）的文体活动参加人数之和。",
)
CULTURE.total(
    "teams",
    "culture.teams",
    "文体活动参赛队伍",
    "个",
    "开始日期在起止日期之间（含）的文体活动参赛队伍数之和。",
    dimensions=(),
)
