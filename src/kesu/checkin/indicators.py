"""Check-in figures (see kesu.indicators.registry): person-times and distinct persons.

Both count the Attendance rows of activities organised in the subtree that start within the
range; 人次 is the number of rows, 人 the number of distinct people among them (members by
id, guests by phone hash), so the two are never confused and each equals its evidence.
"""

from __future__ import annotations

from kesu.activities.choices import AttendanceSource
from kesu.activities.models import Attendance
from kesu.checkin.selectors import distinct_persons
from kesu.indicators.declare import Records, by_choice, timed
from kesu.indicators.registry import month_dimension

SOURCE = by_choice("source", "签到方式", AttendanceSource)
CHECKINS = Records(
    timed(Attendance, "activity__start", related=("activity", "member")),
    "activity__org",
    (SOURCE,),
)
CHECKINS.count(
    "checkin.person_times",
    "签到人次",
    "人次",
    "起止日期内开始的、范围内各级工会主办活动的签到记录条数（每人每场次计一次）。",
    dimensions=(SOURCE, month_dimension("activity__start", "活动月份")),
)
CHECKINS.count(
    "checkin.persons",
    "签到人数",
    "人",
    "同一范围签到记录中的不同人数：会员按会员计，非会员按手机号计，多次签到只计一人。",
    aggregate=distinct_persons,
)
