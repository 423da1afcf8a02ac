"""Figures of venues, experts and publicity (see kesu.indicators.registry).

Visits are recorded per period; a period counts in the range its start date falls in, so a
quarter is never split between two ranges nor counted twice.
"""

from __future__ import annotations

from kesu.activities.models import Activity
from kesu.indicators.declare import Records, as_of, by_choice, dated, undated
from kesu.indicators.registry import month_dimension
from kesu.indicators.schemas import register_evidence_schema
from kesu.resources.models import Channel, Expert, Publication, Venue, VenueKind, VenueVisit
from kesu.resources.schemas import ExpertEvidenceOut, PublicationOut, VenueOut, VisitOut

KIND = by_choice("kind", "阵地类型", VenueKind)
VISIT_KIND = by_choice("kind", "阵地类型", VenueKind, "venue__kind")
CHANNEL = by_choice("channel", "渠道", Channel)

# How each record type appears in an indicator's evidence list (the Activity schema is the
# activities app's).
register_evidence_schema(Venue, VenueOut)
register_evidence_schema(VenueVisit, VisitOut)
register_evidence_schema(Expert, ExpertEvidenceOut)
register_evidence_schema(Publication, PublicationOut)

# Active venues opened by the end of the range (or with no opening date).
VENUES = Records(as_of(Venue, "opened_on", is_active=True), dimensions=(KIND,))
VENUES.count(
    "venues.count",
    "科普阵地",
    "个",
    "范围内各级组织在用的科普阵地，建成日期不晚于截止日期或未填写。",
)
VENUES.where(kind=VenueKind.WORKER_LIBRARY).count(
    "venues.libraries",
    "职工书屋",
    "个",
    "科普阵地中类型为职工书屋的在用阵地。",
    dimensions=(),
)
Records(
    dated(Venue, "opened_on"), dimensions=(KIND, month_dimension("opened_on", "建成月份"))
).count(
    "venues.new",
    "新建阵地",
    "个",
    "建成/启用日期在起止日期之间（含）的科普阵地。",
)
Records(
    dated(VenueVisit, "period_start"),
    "venue__org",
    (VISIT_KIND, month_dimension("period_start", "月份")),
).total(
    "visitors",
    "venues.visits",
    "阵地参观",
    "人次",
    "开始日期在起止日期之间（含）的参观登记的人次之和（每个登记期只计入一次）。",
)
Records(undated(Expert, is_active=True)).count(
    "experts.count",
    "专家库人数",
    "人",
    "范围内各级组织专家库中在库的专家。",
)
Records(
    lambda scope: Activity.objects.filter(
        pk__in=Expert.lectures.through.objects.values("activity_id"),
        start__date__range=(scope.start, scope.end),
    ),
    dimensions=(month_dimension("start", "月份"),),
).count(
    "experts.lectures",
    "专家讲座",
    "场",
    "关联了专家库专家、开始时间在起止日期之间的科普活动（按活动主办组织计）。",
)
Records(
    dated(Publication, "published_on"),
    dimensions=(CHANNEL, month_dimension("published_on", "月份")),
).count(
    "publications.count",
    "信息发布",
    "条",
    "发布日期在起止日期之间（含）的信息。",
)
