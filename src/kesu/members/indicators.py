"""The roster's figures (see kesu.indicators.registry).

Membership status is today's (the roster keeps no status history): members.count for a past
range counts today's active members who had joined by the range end.
"""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.indicators.declare import Records, by_choice, dated, standing
from kesu.indicators.registry import Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema
from kesu.members import tally
from kesu.members.choices import Education, Gender
from kesu.members.models import Member
from kesu.members.schemas import MemberOut

register_evidence_schema(Member, MemberOut)

GENDER = by_choice("gender", "性别", Gender)
EDUCATION = by_choice("education", "文化程度", Education)


def _on_roster(scope: Scope) -> QuerySet[Member]:
    """Active members who had joined by the end of the range (or whose join date is unknown)."""
    return Member.objects.current().filter(standing("joined_on", scope))


def _from_tally(**where: object):
    """The roster figure read from the roster tally (kesu.members.tally)."""

    def rollup(scope: Scope, only_org: bool) -> int:
        return tally.roster_total(scope.org, scope.end, only_org=only_org, **where)

    return rollup


ROSTER = Records(_on_roster, dimensions=(GENDER, EDUCATION))
ROSTER.count(
    "members.count",
    "会员人数",
    "人",
    "范围内各级工会的在册会员（不含退会、转出），入会时间不晚于截止日期或未填写入会时间；会员名册默认列出全部会籍状态。",
    rollup=_from_tally(),
)


def _part(code: str, name: str, description: str, dimensions=ROSTER.dimensions, **where) -> None:
    """A part of the roster: the same condition narrows the evidence and the tally."""
    ROSTER.where(**where).count(
        code, name, "人", description, dimensions=dimensions, rollup=_from_tally(**where)
    )


_part(
    "members.female", "女职工会员", "会员人数中性别为女的会员。", (EDUCATION,), gender=Gender.FEMALE
)
_part("members.migrant", "农民工会员", "会员人数中标记为农民工的会员。", is_migrant_worker=True)
Records(
    dated(Member, "joined_on"),
    dimensions=(GENDER, EDUCATION, month_dimension("joined_on", "入会月份")),
).count(
    "members.joined",
    "新入会会员",
    "人",
    "入会时间在起止日期之间（含）的会员，不论目前会籍状态。",
)
