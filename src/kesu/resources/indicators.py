"""Figures of venues, experts and publicity (see kesu.indicators.registry).

Visits are recorded per period; a period counts in the range its start date falls in, so a
quarter is never split between two ranges nor counted twice.
"""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.activities.models import Activity
from kesu.indicators.declare import dated, narrowed, standing, total
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema
from kesu.resources.models import Channel, Expert, Publication, Venue, VenueKind, VenueVisit
from kesu.resources.schemas import ExpertEvidenceOut, PublicationOut, VenueOut, VisitOut

KIND = Dimension("kind", "阵地类型", "kind", dict(VenueKind.choices))
VISIT_KIND = Dimension("kind", "阵地类型", "venue__kind", dict(VenueKind.choices))
CHANNEL = Dimension("channel", "渠道", "channel", dict(Channel.choices))

# How each record type appears in an indicator's evidence list (the Activity schema is the
# activities app's).
register_evidence_schema(Venue, VenueOut)
register_evidence_schema(VenueVisit, VisitOut)
register_evidence_schema(Expert, ExpertEvidenceOut)
register_evidence_schema(Publication, PublicationOut)


def _venues_open(scope: Scope) -> QuerySet[Venue]:
    """Active venues opened by the end of the range (or with no opening date)."""
    return Venue.objects.filter(standing("opened_on", scope), is_active=True)


register(
    "venues.count",
    name="科普阵地",
    unit="个",
    description="范围内各级组织在用的科普阵地，建成日期不晚于截止日期或未填写。",
    evidence=_venues_open,
    dimensions=(KIND,),
)
register(
    "venues.new",
    name="新建阵地",
    unit="个",
    description="建成/启用日期在起止日期之间（含）的科普阵地。",
    evidence=dated(Venue, "opened_on"),
    dimensions=(KIND, month_dimension("opened_on", "建成月份")),
)
register(
    "venues.visits",
    name="阵地参观",
    unit="人次",
    description="开始日期在起止日期之间（含）的参观登记的人次之和（每个登记期只计入一次）。",
    evidence=dated(VenueVisit, "period_start"),
    aggregate=total("visitors"),
    org_field="venue__org",
    dimensions=(VISIT_KIND, month_dimension("period_start", "月份")),
)
register(
    "venues.libraries",
    name="职工书屋",
    unit="个",
    description="科普阵地中类型为职工书屋的在用阵地。",
    evidence=narrowed(_venues_open, kind=VenueKind.WORKER_LIBRARY),
)
register(
    "experts.count",
    name="专家库人数",
    unit="人",
    description="范围内各级组织专家库中在库的专家。",
    evidence=lambda scope: Expert.objects.filter(is_active=True),
)
register(
    "experts.lectures",
    name="专家讲座",
    unit="场",
    description="关联了专家库专家、开始时间在起止日期之间的科普活动（按活动主办组织计）。",
    evidence=lambda scope: Activity.objects.filter(
        pk__in=Expert.lectures.through.objects.values("activity_id"),
        start__date__range=(scope.start, scope.end),
    ),
    dimensions=(month_dimension("start", "月份"),),
)
register(
    "publications.count",
    name="信息发布",
    unit="条",
    description="发布日期在起止日期之间（含）的信息。",
    evidence=dated(Publication, "published_on"),
    dimensions=(CHANNEL, month_dimension("published_on", "月份")),
)
