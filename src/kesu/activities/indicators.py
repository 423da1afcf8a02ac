"""Activity figures (see kesu.indicators.registry).

An activity counts in a range when its start date falls within it, for its organiser's
subtree. Person-times (人次) and distinct persons (人) are separate indicators.
"""

from __future__ import annotations

from django.db.models.functions import Coalesce

from kesu.activities.choices import Kind, Outreach
from kesu.activities.models import Activity, Attendance
from kesu.activities.schemas import ActivityEvidenceOut, AttendanceEvidenceOut
from kesu.activities.selectors import distinct_persons, with_checkins
from kesu.activities.tally import rolled
from kesu.indicators.declare import Records, by_choice, timed
from kesu.indicators.registry import month_dimension
from kesu.indicators.schemas import register_evidence_schema

KIND = by_choice("kind", "活动形式", Kind)
OUTREACH = by_choice("outreach", "进校园/社区/企业/农村", Outreach)
MONTH = month_dimension("start", "活动月份")
# Activities whose start date falls within the range (both ends inclusive).
HELD = Records(timed(Activity, "start"), dimensions=(KIND, OUTREACH, MONTH))

HELD.count(
    "activities.count",
    "科普活动",
    "场",
    "开始日期在起止日期之间（含）的科普活动，按主办组织计入。",
    **rolled("count"),
)
Records(lambda scope: with_checkins(HELD.evidence(scope)), dimensions=HELD.dimensions).total(
    Coalesce("person_times", "checkin_person_times"),
    "activities.person_times",
    "参与人次",
    "人次",
    "各场活动填报的参与人次之和；未填报的活动按签到人次计。",
    **rolled("person_times"),
)
Records(timed(Attendance, "activity__start"), "activity__org").count(
    "activities.checkin_persons",
    "签到人数",
    "人",
    "范围内活动的签到人员去重计数（会员按人、来宾按手机号），不是人次。",
    aggregate=distinct_persons,
)
for code, field, name, unit, text in [
    ("activities.materials", "materials_distributed", "发放资料", "份", "发放宣传资料份数之和。"),
    ("activities.consultations", "consultations", "咨询", "人次", "接受咨询人次之和。"),
    ("activities.display_boards", "display_boards", "展板", "块", "展出展板块数之和。"),
    ("activities.beneficiaries", "beneficiaries", "受益", "人次", "受益人次之和。"),
    ("activities.new_followers", "new_followers", "新增关注", "人", "新媒体新增关注人数之和。"),
    ("activities.media_reports", "media_reports", "媒体报道", "篇", "媒体报道篇数之和。"),
    ("activities.spending", "spending", "经费", "元", "活动经费（元）之和。"),
]:
    HELD.total(field, code, name, unit, f"范围内科普活动的{text}", **rolled(field))

register_evidence_schema(Activity, ActivityEvidenceOut)
register_evidence_schema(Attendance, AttendanceEvidenceOut)
