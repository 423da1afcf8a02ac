"""Figures of achievements and honours (see kesu.indicators.registry)."""

from __future__ import annotations

from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.achievements.schemas import AchievementOut, HonourOut
from kesu.indicators.declare import dated, yearly
from kesu.indicators.registry import Dimension, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(Achievement, AchievementOut)
register_evidence_schema(Honour, HonourOut)

register(
    "achievements.count",
    name="科技创新成果",
    unit="个",
    description="取得日期在起止日期之间（含）、经审核认定的科技创新成果（按所属组织计）。",
    evidence=dated(Achievement, "achieved_on", status=ReviewStatus.VERIFIED),
    dimensions=(
        Dimension("kind", "成果类型", "kind", dict(AchievementKind.choices)),
        Dimension("level", "级别", "level", dict(Level.choices)),
        month_dimension("achieved_on", "取得月份"),
    ),
)
register(
    "honours.count",
    name="先进表彰",
    unit="个",
    description="授予年度在起止日期所跨年度之内的先进表彰（按所属组织计；一项表彰计一个）。",
    evidence=yearly(Honour),
    dimensions=(
        Dimension("kind", "荣誉类型", "kind", dict(HonourKind.choices)),
        Dimension("level", "级别", "level", dict(Level.choices)),
    ),
)
