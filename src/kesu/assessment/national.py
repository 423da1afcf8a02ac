"""Published national figures the results page compares with. Percent of citizens aged
18–69 who 具备科学素质 (are scientifically literate), as released by 中国科协.

Sources:
- 2020: 第十一次中国公民科学素质抽样调查（中国科协，2021年1月发布）。
- 2022: 第十二次中国公民科学素质抽样调查（中国科协，2023年发布）。
- 2023: 第十三次中国公民科学素质抽样调查（中国科协，2024年发布），含分组数据。
- 2024: 中国科协发布的2024年中国公民具备科学素质比例（2025年发布）。
- Targets: 《全民科学素质行动规划纲要（2021—2035年）》（国务院，国发〔2021〕9号）。
- International items: NSF Science & Engineering Indicators 2020, Table 7-1 (percent
  correct; China 2015, United States 2018), stored on each question as `intl_rates`.
"""

from __future__ import annotations

from decimal import Decimal

SOURCE_SURVEY = "中国科协 中国公民科学素质抽样调查"
SOURCE_2023 = "中国科协 第十三次中国公民科学素质抽样调查（2023年）"
SOURCE_TARGETS = "《全民科学素质行动规划纲要（2021—2035年）》"

NATIONAL_SHARES: list[tuple[int, Decimal, str]] = [
    (2020, Decimal("10.56"), "中国科协 第十一次中国公民科学素质抽样调查"),
    (2022, Decimal("12.93"), "中国科协 第十二次中国公民科学素质抽样调查"),
    (2023, Decimal("14.14"), SOURCE_2023),
    (2024, Decimal("15.37"), "中国科协 2024年中国公民科学素质抽样调查"),
]

TARGETS: list[tuple[int, str, Decimal]] = [
    (2025, "超过15%", Decimal("15")),
    (2035, "达到25%", Decimal("25")),
]

# 2023 figures by group, keyed like the result groups of selectors (group, key).
NATIONAL_2023_BY_GROUP: dict[tuple[str, str], Decimal] = {
    ("gender", "M"): Decimal("15.66"),
    ("gender", "F"): Decimal("12.53"),
    ("residence", "urban"): Decimal("17.25"),
    ("residence", "rural"): Decimal("9.16"),
    ("age", "18-29"): Decimal("25.72"),
    ("age", "30-39"): Decimal("19.00"),
    ("age", "40-49"): Decimal("13.23"),
    ("age", "50-59"): Decimal("8.52"),
    ("age", "60+"): Decimal("4.45"),  # published for ages 60–69
    ("education", "bachelor_plus"): Decimal("43.99"),
    ("education", "college"): Decimal("25.17"),
    ("education", "senior"): Decimal("17.68"),
    ("education", "junior"): Decimal("7.80"),
    ("education", "primary"): Decimal("2.91"),
}
NATIONAL_2023_LABELS: dict[tuple[str, str], str] = {
    ("residence", "urban"): "城镇居民",
    ("residence", "rural"): "农村居民",
    ("age", "60+"): "60–69岁",
}

# Member.education → the national survey's education groups.
EDUCATION_GROUPS: dict[str, str] = {
    "primary": "primary",
    "junior": "junior",
    "senior": "senior",
    "college": "college",
    "bachelor": "bachelor_plus",
    "master": "bachelor_plus",
    "doctor": "bachelor_plus",
    "": "unknown",
}
EDUCATION_GROUP_NAMES: dict[str, str] = {
    "primary": "小学及以下",
    "junior": "初中",
    "senior": "高中/中专/技校",
    "college": "大专",
    "bachelor_plus": "大学本科及以上",
    "unknown": "未填写",
}
INTL_NAMES = {"CN2015": "中国2015", "US2018": "美国2018"}


def national_for(group: str, key: str) -> Decimal | None:
    return NATIONAL_2023_BY_GROUP.get((group, key))
