"""Figures of achievements and honours (see kesu.indicators.registry)."""

from __future__ import annotations

from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.achievements.schemas import AchievementOut, HonourOut
from kesu.indicators.declare import Records, by_choice, dated, yearly
from kesu.indicators.registry import month_dimension
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(Achievement, AchievementOut)
register_evidence_schema(Honour, HonourOut)
LEVEL = by_choice("level", "级别", Level)

Records(
    dated(Achievement, "achieved_on", status=ReviewStatus.VERIFIED),
    dimensions=(
        by_choice("kind", "成果类型", AchievementKind),
        LEVEL,
        month_dimension("achieved_on", "取得月份"),
    ),
).count(
    "achievements.count",
    "科技创新成果",
    "个",
    "取得日期在起止日期之间（含）、经审核认定的科技创新成果（按所属组织计）。",
)
Records(
    yearly(Honour),
    dimensions=(by_choice("kind", "荣誉类型", HonourKind), LEVEL),
).count(
    "honours.count",
    "先进表彰",
    "个",
    "授予年度在起止日期所跨年度之内的先进表彰（按所属组织计；一项表彰计一个）。",
)
