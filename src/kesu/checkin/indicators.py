"""Check-in figures (see kesu.indicators.registry): person-times and distinct persons.

Both count the Attendance rows of activities organised in the subtree that start within the
range; 人次 is the number of rows, 人 the number of distinct people among them (members by
id, guests by phone hash), so the two are never confused and each equals its evidence.
"""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.activities.choices import AttendanceSource
from kesu.activities.models import Attendance
from kesu.checkin.selectors import distinct_persons
from kesu.core.dates import during
from kesu.indicators.registry import Dimension, Scope, month_dimension, register

SOURCE = Dimension("source", "签到方式", "source", dict(AttendanceSource.choices))


def _checkins(scope: Scope) -> QuerySet[Attendance]:
    return Attendance.objects.filter(
        **during("activity__start", scope.start, scope.end)
    ).select_related("activity", "member")


register(
    "checkin.person_times",
    name="签到人次",
    unit="人次",
    description="起止日期内开始的、范围内各级工会主办活动的签到记录条数（每人每场次计一次）。",
    dimensions=(SOURCE, month_dimension("activity__start", "活动月份")),
    evidence=_checkins,
    org_field="activity__org",
)
register(
    "checkin.persons",
    name="签到人数",
    unit="人",
    description="同一范围签到记录中的不同人数：会员按会员计，非会员按手机号计，多次签到只计一人。",
    aggregate=distinct_persons,
    dimensions=(SOURCE,),
    evidence=_checkins,
    org_field="activity__org",
)
