"""/api/v1/venues, /api/v1/experts, /api/v1/publications. Thin: parse, call, render."""

from __future__ import annotations

from ninja import Router

from kesu.resources import schemas, selectors, services
from kesu.resources.validation import EXPERT_LABELS, LABELS
from kesu.web.api_records import RecordKit

router = Router(tags=["科普资源"])
records = RecordKit(router, schemas, selectors, services)

API_LABELS: dict[str, dict[str, str]] = {
    "venues": LABELS,
    "publications": LABELS,
    "experts": EXPERT_LABELS,
}

venues = records.add(
    "/venues", "venue", ("科普阵地列表", "新增科普阵地", "科普阵地详情", "修改科普阵地")
)
records.add_children(
    venues,
    "/visits",
    "visit",
    ("阵地参观记录", "登记阵地参观人次"),
    list=selectors.venue_visits,
    create=services.venue_visit_add,
    create_in=schemas.VisitIn,
)
records.add(
    "/experts",
    "expert",
    ("专家库", "新增专家", "专家详情", "修改专家"),
    notes={"index": "按专业领域（field）和姓名（q）检索；联系电话仅对有权限的角色完整显示。"},
)
records.add(
    "/publications", "publication", ("信息发布列表", "新增信息发布", "信息详情", "修改信息")
)
