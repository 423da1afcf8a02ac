"""The roster's figures (see kesu.indicators.registry).

Membership status is today's (the roster keeps no status history): members.count for a past
range counts today's active members who had joined by the range end.
"""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.indicators.declare import dated, standing
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema
from kesu.members import tally
from kesu.members.choices import Education, Gender
from kesu.members.models import Member
from kesu.members.schemas import MemberOut

register_evidence_schema(Member, MemberOut)

GENDER = Dimension("gender", "性别", "gender", dict(Gender.choices))
EDUCATION = Dimension("education", "文化程度", "education", dict(Education.choices))


def _on_roster(scope: Scope) -> QuerySet[Member]:
    """Active members who had joined by the end of the range (or whose join date is unknown)."""
    return Member.objects.current().filter(standing("joined_on", scope))


def _from_tally(**where: object):
    """The roster figure read from the roster tally (kesu.members.tally)."""

    def rollup(scope: Scope, only_org: bool) -> int:
        return tally.roster_total(scope.org, scope.end, only_org=only_org, **where)

    return rollup


register(
    "members.count",
    name="会员人数",
    unit="人",
    description="范围内各级工会的在册会员（不含退会、转出），入会时间不晚于截止日期或未填写入会时间；会员名册默认列出全部会籍状态。",
    evidence=_on_roster,
    dimensions=(GENDER, EDUCATION),
    rollup=_from_tally(),
)
register(
    "members.joined",
    name="新入会会员",
    unit="人",
    description="入会时间在起止日期之间（含）的会员，不论目前会籍状态。",
    evidence=dated(Member, "joined_on"),
    dimensions=(GENDER, EDUCATION, month_dimension("joined_on", "入会月份")),
)
register(
    "members.female",
    name="女职工会员",
    unit="人",
    description="会员人数中性别为女的会员。",
    evidence=lambda scope: _on_roster(scope).filter(gender=Gender.FEMALE),
    dimensions=(EDUCATION,),
    rollup=_from_tally(gender=Gender.FEMALE),
)
register(
    "members.migrant",
    name="农民工会员",
    unit="人",
    description="会员人数中标记为农民工的会员。",
    evidence=lambda scope: _on_roster(scope).filter(is_migrant_worker=True),
    dimensions=(GENDER, EDUCATION),
    rollup=_from_tally(is_migrant_worker=True),
)
