"""How far a figure has come against the target a plan sets for it: the one generic reading.

Targets live in kesu.plans, which sits above every record app; yet a record app may show its
figure against the year's target (the medical-mutual page and its API). So plans installs its
target reader here when it loads (PlansConfig.ready), and everyone asks `completion`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal
from typing import Any

from kesu.orgs.models import Organization

TargetReader = Callable[[Organization, int, str], Decimal | None]
_reader: list[TargetReader] = []
_TENTH = Decimal("0.1")


def install(reader: TargetReader) -> None:
    _reader[:] = [reader]


def target_of(org: Organization, year: int, code: str) -> Decimal | None:
    """The target `org`'s plan for `year` sets for indicator `code`; None when unset."""
    return _reader[0](org, year, code) if _reader else None


def percent(value: Any, target: Decimal | None) -> Decimal | None:
    """value ÷ target × 100, one decimal rounded down; None without a positive target."""
    if target is None or target <= 0:
        return None
    ratio = Decimal(str(value or 0)) / target
    return (ratio * 100).quantize(_TENTH, rounding=ROUND_DOWN)


def completion(
    org: Organization, year: int, code: str, value: Any
) -> tuple[Decimal | None, Decimal | None]:
    """(target, percent) of `value` against the target set for `code` in `org`'s plan."""
    target = target_of(org, year, code)
    return target, percent(value, target)
