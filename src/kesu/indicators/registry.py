"""The indicator registry: every figure kesu shows is declared here once.

An indicator has a stable code ("members.count"), a Chinese name, a unit and an `evidence`
function returning the records it counts for a scope (organisation subtree, date range).
Its value is by default an aggregate over exactly those records, so a figure and the list
behind it can never disagree. Apps declare theirs in `<app>/indicators.py`, which
IndicatorsConfig.ready() imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Aggregate, Count, Expression, F, QuerySet
from django.db.models.functions import TruncMonth

from kesu.orgs import subtree
from kesu.orgs.models import Organization

UNITS = (
    "场",
    "人次",
    "人",
    "个",
    "份",
    "块",
    "条",
    "篇",
    "元",
    "%",
    "学时",
    "小时",
    "户",
    "项",
    "家",
    "门",
)

Number = int | Decimal | float


class RegistryError(ValueError):
    """A declaration that cannot be accepted (duplicate code, unknown unit…)."""


@dataclass(frozen=True)
class Scope:
    """What a figure is about: the subtree of `org`, from `start` to `end` (both inclusive)."""

    org: Organization
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Dimension:
    """A way to split an indicator: `expression` is a field name of the evidence records or
    a callable returning a query expression; `label` turns a group key into Chinese."""

    code: str
    name: str
    expression: str | Callable[[], Expression]
    labels: Mapping[Any, str] | Callable[[Any], str] | None = None
    # How a group key leaves the API (a month's date becomes "2026-03").
    format_key: Callable[[Any], str] = str

    def expr(self) -> Expression:
        return F(self.expression) if isinstance(self.expression, str) else self.expression()

    def label(self, key: Any) -> str:
        if key in (None, ""):
            return "未填写"
        if callable(self.labels):
            return self.labels(key)
        if self.labels is not None:
            return str(self.labels.get(key, key))
        return str(key)


def month_dimension(date_field: str, name: str = "月份") -> Dimension:
    """Records grouped by the calendar month of `date_field` ("2026-03")."""

    def month(key: Any) -> str:
        return key.strftime("%Y-%m") if hasattr(key, "strftime") else str(key)

    return Dimension("month", name, lambda: TruncMonth(date_field), month, month)


@dataclass(frozen=True)
class Indicator:
    """One declared figure. See the module docstring."""

    code: str
    name: str
    unit: str
    description: str
    evidence: Callable[[Scope], QuerySet]
    compute: Callable[[Scope], Number] | None = None
    dimensions: tuple[Dimension, ...] = ()
    # Distinct persons are Count("person", distinct=True); money Sum("amount")…
    aggregate: Callable[[], Aggregate] = field(default=lambda: Count("pk"))
    # How evidence records reach their organisation ("" when they are organisations).
    org_field: str = "org"
    # The same value read from a roll-up instead of the evidence: rollup(scope, only_org)
    # must equal measure() of the scope's records (of the organisation's own records when
    # only_org). With settings.KESU_ROLLUP_CHECK (the test suite) every read computes both
    # and a difference is an error, so a roll-up can never drift from its definition.
    rollup: Callable[[Scope, bool], Number] | None = None
    # Its breakdowns read from the roll-up: rollup_by(scope, by, children) → {key: value},
    # by "org" (keys: "" for 本级, then child codes) or a dimension (keys: its group keys,
    # each group with records present). Checked against the records like `rollup`.
    rollup_by: Callable[[Scope, str, list[Organization]], dict[Any, Number]] | None = None

    def records(self, scope: Scope) -> QuerySet:
        """The evidence of `scope`, limited to the scope's subtree."""
        return subtree.under(self.evidence(scope), self.org_field, scope.org.path)

    def measure(self, records: QuerySet) -> Number:
        """The aggregate of a set of evidence records (the default value)."""
        return records.aggregate(value=self.aggregate())["value"] or 0

    def value(self, scope: Scope, records: QuerySet | None = None) -> Number:
        """`records`: the scope's evidence as the caller may see it (access-restricted);
        a roll-up is only read for the whole subtree, which the caller has checked."""
        if self.compute is not None:
            return self.compute(scope)
        if self.rollup is not None:
            return self.rolled_up(scope, records=records)
        return self.measure(self.records(scope) if records is None else records)

    def rolled_up(
        self, scope: Scope, *, only_org: bool = False, records: QuerySet | None = None
    ) -> Number:
        assert self.rollup is not None
        value = self.rollup(scope, only_org)

        def direct() -> Number:
            counted = self.records(scope) if records is None else records
            if only_org:
                counted = at_org(counted, self.org_field, scope.org)
            return self.measure(counted)

        check_rollup(f"指标 {self.code}", value, direct)
        return value

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)


def checking_rollups() -> bool:
    """settings.KESU_ROLLUP_CHECK (the test suite): every roll-up read is also counted from
    its records."""
    return getattr(settings, "KESU_ROLLUP_CHECK", False)


def check_rollup(what: str, rolled: Any, direct: Callable[[], Any]) -> None:
    """With checking_rollups(), `rolled` (read from a roll-up) must equal direct() (counted
    from the records): a difference is a RegistryError naming `what`."""
    if not checking_rollups():
        return
    counted = direct()
    if counted != rolled:
        raise RegistryError(f"{what} 的汇总表数值 {rolled} 与记录计算 {counted} 不一致")


def at_org(qs: QuerySet, org_field: str, org: Organization) -> QuerySet:
    """Records attached to `org` itself, not to its descendants."""
    return qs.filter(**{org_field or "pk": org.pk})


_REGISTRY: dict[str, Indicator] = {}


def register(
    code: str,
    *,
    name: str,
    unit: str,
    evidence: Callable[[Scope], QuerySet],
    description: str = "",
    compute: Callable[[Scope], Number] | None = None,
    dimensions: tuple[Dimension, ...] = (),
    aggregate: Callable[[], Aggregate] | None = None,
    org_field: str = "org",
    rollup: Callable[[Scope, bool], Number] | None = None,
    rollup_by: Callable[[Scope, str, list[Organization]], dict[Any, Number]] | None = None,
) -> Indicator:
    """Declare an indicator; a code may be declared only once."""
    if code in _REGISTRY:
        raise RegistryError(f"指标编码重复：{code}")
    if unit not in UNITS:
        raise RegistryError(f"指标 {code} 的单位无效：{unit}（可选：{'、'.join(UNITS)}）")
    codes = [d.code for d in dimensions]
    if "org" in codes or len(set(codes)) != len(codes):
        raise RegistryError(f"指标 {code} 的分组维度重复或与 org 冲突")
    extra = {"aggregate": aggregate} if aggregate is not None else {}
    indicator = Indicator(
        code=code,
        name=name,
        unit=unit,
        description=description,
        evidence=evidence,
        compute=compute,
        dimensions=dimensions,
        org_field=org_field,
        rollup=rollup,
        rollup_by=rollup_by,
        **extra,
    )
    _REGISTRY[code] = indicator
    return indicator


def unregister(code: str) -> None:
    """For tests that declare throwaway indicators."""
    _REGISTRY.pop(code, None)


def get(code: str) -> Indicator:
    """The indicator declared under `code`; KeyError when there is none."""
    return _REGISTRY[code]


def is_registered(code: str) -> bool:
    return code in _REGISTRY


def all_indicators() -> list[Indicator]:
    """Every declared indicator, in code order (stable across runs)."""
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]
