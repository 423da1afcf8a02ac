"""archive.members_meeting_rule: members whose year meets their organisation's rule."""

from __future__ import annotations

from kesu.archive import rules
from kesu.indicators.registry import Scope, register


def _meeting(scope: Scope):
    # Evaluated set-based in id batches (kesu.archive.rules); the evidence lists those members.
    return rules.meeting_members(scope.org, scope.end.year)


register(
    "archive.members_meeting_rule",
    name="达到定期评估要求的会员",
    unit="人",
    description="截止日期所在年度，范围内在册会员中达到所属组织（或上级）定期评估规则的人数；"
    "未设规则的组织的会员不计入。",
    evidence=_meeting,
    compute=lambda scope: rules.meeting_count(scope.org, scope.end.year),
)
