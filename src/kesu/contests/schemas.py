"""API shapes for contests and leaderboards. `org` is an organisation code, `paper` a paper
id; input types are loose on purpose: kesu.contests.validation parses and answers in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.contests.models import Contest
from kesu.core.schemas import (
    BoundedDecimal,
    Count,
    Loose,
    LooseDateTime,
    LooseInt,
    OrgNamed,
    PartialIn,
    attr,
    display,
)
from kesu.web.api_schemas import code_list, page_of
from kesu.web.api_support import PageMeta, PageQuery


class PrizeRule(Schema):
    name: str = Field(description="奖项名称，如 一等奖")
    top: Count | None = Field(None, description="前N名（名次 ≤ N）")
    min_percent: BoundedDecimal(5, 2) | None = Field(None, description="最好成绩得分率 ≥ 该百分比")


class ContestOut(OrgNamed):
    id: int
    title: str
    org: str = Field(description="主办组织编码（参赛范围：其全部下级）")
    org_name: str
    paper: int = Field(description="竞赛试卷编号")
    paper_title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    status_name: str
    description: str
    prize_rules: list[PrizeRule]
    weight_participation: int
    weight_average: int
    weight_high_score: int
    high_score_percent: Decimal

    resolve_paper = attr("paper_id")
    resolve_paper_title = attr("paper.title")
    resolve_status_name = display("status")


ContestPage = page_of(ContestOut)


class ContestListQuery(PageQuery):
    q: str = Field("", description="名称包含")
    status: str = Field("", description=code_list(Contest.Status))


class _In(PartialIn):
    def data(self) -> dict[str, Any]:
        """Only the keys the client sent; a prize rule without its unset conditions."""
        out = super().data()
        if out.get("prize_rules") is not None:
            out["prize_rules"] = [
                {k: v for k, v in rule.items() if v is not None} for rule in out["prize_rules"]
            ]
        return out


class ContestPatchIn(_In):
    title: Loose = None
    description: Loose = None
    starts_at: LooseDateTime = Field(None, description="如 2026-05-01T09:00:00+08:00")
    ends_at: LooseDateTime = None
    status: Loose = Field(None, description=code_list(Contest.Status))
    prize_rules: list[PrizeRule] | None = Field(None, description="按顺序取第一个符合的奖项")
    weight_participation: LooseInt = Field(None, description="参与率权重（默认40）")
    weight_average: LooseInt = Field(None, description="平均分权重（默认40）")
    weight_high_score: LooseInt = Field(None, description="高分率权重（默认20）")
    high_score_percent: Decimal | str | None = Field(None, description="高分线，得分率%（默认90）")


class ContestCreateIn(ContestPatchIn):
    org: Loose = Field(None, description="主办组织编码；省略时为试卷的组织单位")
    paper: LooseInt = Field(None, description="竞赛试卷编号（用途为知识竞赛）")


class LeaderboardQuery(PageQuery):
    level: str = Field("individual", description="individual（个人）或 org（单位）")
    org: str = Field("", description="单位排名：列出该组织的下级（默认为主办组织）")


class PersonRowOut(Schema):
    rank: int
    member: int = Field(description="会员编号")
    name: str
    org: str
    org_name: str
    score: Decimal
    max_score: Decimal
    percent: Decimal = Field(description="得分率%")
    duration_seconds: int | None
    submitted_at: dt.datetime
    prize: str


class OrgRowOut(Schema):
    rank: int | None = Field(description="名次；没有人参赛的单位不排名（空）")
    org: str
    name: str
    roster: int = Field(description="在册会员数")
    participants: int
    participation_rate: Decimal
    average_percent: Decimal
    high_score_share: Decimal
    composite: Decimal = Field(description="综合得分（百分制）")


class LeaderboardOut(PageMeta):
    level: str
    org: str = Field(description="单位排名所列下级的上级组织编码；个人排名为主办组织")
    items: list[PersonRowOut] | list[OrgRowOut]


class ContestAttemptEvidenceOut(OrgNamed):
    """An attempt as indicator evidence (contest.* indicators)."""

    id: int
    paper: int
    paper_title: str
    member: int
    member_name: str
    org: str
    org_name: str
    status: str
    score: Decimal | None
    max_score: Decimal
    duration_seconds: int | None
    submitted_at: dt.datetime | None

    resolve_paper = attr("paper_id")
    resolve_paper_title = attr("paper.title")
    resolve_member = attr("member_id")
    resolve_member_name = attr("member.name")
