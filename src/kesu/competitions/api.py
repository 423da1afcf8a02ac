"""/api/v1/competitions (+ entries), /api/v1/culture-events, /api/v1/libraries (wired in
kesu/api.py). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from ninja import Router

from kesu.competitions import schemas, selectors, services
from kesu.competitions.validation import LABELS
from kesu.web.api_records import RecordKit

router = Router(tags=["劳动技能竞赛与文体活动"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "competitions": LABELS,
    "culture-events": {**LABELS, "title": "活动名称"},
}

competitions = records.add(
    "/competitions", "competition", ("劳动和技能竞赛", "登记竞赛", "竞赛详情", "修改竞赛")
)
records.add_children(
    competitions,
    "/entries",
    "entry",
    ("参赛名单与成绩", "添加参赛者及成绩"),
    list=selectors.competition_entries,
    create=services.entry_add,
    out=schemas.CompetitionEntryOut,
    create_in=schemas.EntryIn,
)
records.add(
    "/culture-events",
    "culture",
    ("文体活动", "登记文体活动", "详情", "修改"),
    key="event_id",
    keyword="event",
)
