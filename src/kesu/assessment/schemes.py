"""The two schemes every installation has, created on first use (`ensure_builtin`): the
national survey's since 2022 and the older 基准 scheme. Their rows may be edited afterwards by
the platform operator; `ensure_builtin` never overwrites an existing row."""

from __future__ import annotations

from kesu.assessment.models import LiteracyScheme

NATIONAL_2022 = {
    "code": "national-2022",
    "name": "全国公民科学素质调查（2022年起）",
    "method": "dimensions",
    "weights": {"knowledge": "40", "method": "20", "spirit": "20", "application": "20"},
    "tiers": [
        {"min": "85", "name": "具备高阶科学素质", "literate": True},
        {"min": "70", "name": "具备科学素质", "literate": True},
        {"min": "55", "name": "基本具备科学素质", "literate": False},
        {"min": "0", "name": "科学素质较低", "literate": False},
    ],
    "description": "科学知识40分、科学方法20分、科学精神与思想20分、应用科学的能力20分，"
    "合计100分；70分及以上为具备科学素质（含85分及以上的高阶）。",
}
BENCHMARK = {
    "code": "benchmark-50",
    "name": "《中国公民科学素质基准》测评（50题×2分）",
    "method": "correct_share",
    "weights": {},
    "tiers": [
        {"min": "60", "name": "具备科学素质", "literate": True},
        {"min": "0", "name": "不具备科学素质", "literate": False},
    ],
    "description": "50道题每题2分，得分率达到60%（60分）及以上为具备科学素质。",
}


BUILTIN = (NATIONAL_2022, BENCHMARK)


def ensure_builtin() -> None:
    """Create the built-in schemes that are missing (cheap: one query when all exist)."""
    codes = [s["code"] for s in BUILTIN]
    have = set(LiteracyScheme.objects.filter(code__in=codes).values_list("code", flat=True))
    for data in BUILTIN:
        if data["code"] not in have:
            LiteracyScheme.objects.get_or_create(
                code=data["code"], defaults={**data, "is_builtin": True}
            )
