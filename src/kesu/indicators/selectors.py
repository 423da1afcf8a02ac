"""Reads of indicator values, breakdowns and evidence, always through the access layer.

The organisation must be inside the user's scope (otherwise NotFound, exactly as if it were
missing); a role without VIEW gets access.Forbidden. Evidence passes through
access.restrict, and values are measured over that same restricted evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, QuerySet, Sum, Value, When
from django.db.models.functions import StrIndex, Substr

from kesu.core import oneview
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.indicators import registry
from kesu.indicators.registry import Indicator, Number, Scope
from kesu.orgs import access, subtree
from kesu.orgs.models import Organization


class IndicatorError(ServiceError):
    """A request the registry cannot answer (e.g. an undeclared dimension)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, field=field or None)


def breakdown_choices(indicator: Indicator) -> list[tuple[str, str]]:
    """[(by, Chinese name)]: by child organisation, then the declared dimensions."""
    return [("org", "下级组织"), *((d.code, d.name) for d in indicator.dimensions)]


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    name: str
    unit: str
    value: Number


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    value: Number


def indicator_get(*, code: str) -> Indicator:
    """The declared indicator, or NotFound for an unknown code."""
    try:
        return registry.get(code)
    except KeyError:
        raise access.NotFound() from None


def _scope(user: Actor, org: Organization, start: dt.date, end: dt.date) -> Scope:
    access.require(user, access.VIEW)
    visible = oneview.recall(
        ("in scope", getattr(user, "pk", None), org.pk),
        lambda: access.orgs_for(user).filter(pk=org.pk).exists(),
    )
    if not visible:
        raise access.NotFound()
    return Scope(org=org, start=start, end=end)


def _evidence(user: Actor, indicator: Indicator, scope: Scope) -> QuerySet:
    return access.restrict(indicator.records(scope), user, org_field=indicator.org_field)


def indicator_values(
    *,
    user: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    codes: Iterable[str] | None = None,
) -> list[IndicatorValue]:
    """The value of every indicator (or of `codes`, in that order) for the org's subtree."""
    scope = _scope(user, org, start, end)
    indicators = (
        registry.all_indicators() if codes is None else [indicator_get(code=c) for c in codes]
    )
    values = _values(user, indicators, scope)
    return [
        IndicatorValue(code=ind.code, name=ind.name, unit=ind.unit, value=values[ind.code])
        for ind in indicators
    ]


def _plain(indicator: Indicator) -> bool:
    """Its value is the default aggregate of its evidence (no computation, no roll-up)."""
    return (
        indicator.compute is None
        and indicator.rollup is None
        and type(indicator).measure is Indicator.measure
    )


def _values(user: Actor, indicators: list[Indicator], scope: Scope) -> dict[str, Number]:
    """Each indicator's value; plain indicators over the same evidence (the activity sums…)
    are aggregated together in one query, with exactly measure()'s result per indicator."""
    seen = oneview.current()
    key = (getattr(user, "pk", None), scope.org.pk, scope.start, scope.end)
    out: dict[str, Number] = {}
    if seen is not None:
        out = {i.code: seen[(*key, i.code)] for i in indicators if (*key, i.code) in seen}
    shared: dict[tuple[Any, str], list[Indicator]] = {}
    for ind in indicators:
        if ind.code in out:
            continue
        if _plain(ind):
            shared.setdefault((ind.evidence, ind.org_field), []).append(ind)
        elif ind.rollup is not None and not registry.checking_rollups():
            out[ind.code] = ind.value(scope)  # the records only serve the check
        else:
            out[ind.code] = ind.value(scope, _evidence(user, ind, scope))
    for group in shared.values():
        records = _evidence(user, group[0], scope).order_by()
        row = records.aggregate(**{f"v{i}": ind.aggregate() for i, ind in enumerate(group)})
        out.update((ind.code, row[f"v{i}"] or 0) for i, ind in enumerate(group))
    if seen is not None:
        seen.update(((*key, code), value) for code, value in out.items())
    return out


def indicator_breakdown(
    *, user: Actor, code: str, org: Organization, start: dt.date, end: dt.date, by: str
) -> list[BreakdownRow]:
    """The indicator split by child organisation (by="org") or by a declared dimension.

    By organisation, the first row is the organisation itself (本级: records attached to it
    directly) and then one row per visible child with that child's whole subtree, so the
    rows of an additive indicator sum to its total. An indicator with a roll-up reads it
    (checked against the records with settings.KESU_ROLLUP_CHECK, as values are).
    """
    indicator = indicator_get(code=code)
    scope = _scope(user, org, start, end)
    if by != "org" and indicator.dimension(by) is None:
        choices = "、".join(code for code, _ in breakdown_choices(indicator))
        raise IndicatorError(f"分组方式无效，可选：{choices}", field="by")
    children = _children(user, org) if by == "org" else []
    if indicator.rollup_by is None:
        return _breakdown(user, indicator, scope, by, children)
    rows = _rolled_breakdown(indicator, scope, by, children)
    registry.check_rollup(
        f"指标 {code}（按 {by} 分组）",
        _keyed(rows),
        lambda: _keyed(_breakdown(user, indicator, scope, by, children)),
    )
    return rows


def _keyed(rows: list[BreakdownRow]) -> dict[str, Number]:
    return {r.key: r.value or 0 for r in rows}


def _children(user: Actor, org: Organization) -> list[Organization]:
    """The organisation's children the user sees, by code; read once per view (a dashboard
    ranks them by several figures)."""
    key = ("children", getattr(user, "pk", None), org.pk, org.path)
    return oneview.recall(
        key, lambda: list(access.orgs_for(user).filter(parent=org).order_by("code"))
    )


def _rolled_breakdown(
    indicator: Indicator, scope: Scope, by: str, children: list[Organization]
) -> list[BreakdownRow]:
    assert indicator.rollup_by is not None
    values = indicator.rollup_by(scope, by, children)
    if by == "org":
        org = scope.org
        rows = [BreakdownRow(org.code, f"{org.name}（本级）", values.get("", 0))]
        return rows + [BreakdownRow(c.code, c.name, values.get(c.code, 0)) for c in children]
    dimension = indicator.dimension(by)
    assert dimension is not None
    return [
        BreakdownRow(
            "" if key in (None, "") else dimension.format_key(key), dimension.label(key), value
        )
        for key, value in sorted(values.items(), key=lambda kv: (kv[0] is not None, kv[0]))
    ]


def _breakdown(
    user: Actor, indicator: Indicator, scope: Scope, by: str, children: list[Organization]
) -> list[BreakdownRow]:
    """The breakdown counted from the records."""
    org, start, end = scope.org, scope.start, scope.end
    records = _evidence(user, indicator, scope)
    if by == "org":
        if indicator.compute is not None:
            # A computed figure (a rate, a share of a target…) is computed per child subtree;
            # it has no meaningful "本级" part.
            return [
                BreakdownRow(
                    child.code,
                    child.name,
                    indicator.compute(Scope(org=child, start=start, end=end)),
                )
                for child in children
            ]
        if _plain(indicator):
            return _by_child(indicator, org, records, children)

        def part(part_scope: Scope, part_records: QuerySet, only_org: bool = False) -> Number:
            if indicator.rollup is not None:
                return indicator.rolled_up(part_scope, only_org=only_org, records=part_records)
            if only_org:
                part_records = registry.at_org(part_records, indicator.org_field, org)
            return indicator.measure(part_records)

        rows = [BreakdownRow(org.code, f"{org.name}（本级）", part(scope, records, only_org=True))]
        for child in children:
            below = subtree.under(records, indicator.org_field, child.path)
            child_scope = Scope(org=child, start=start, end=end)
            rows.append(BreakdownRow(child.code, child.name, part(child_scope, below)))
        return rows
    dimension = indicator.dimension(by)
    assert dimension is not None
    # Named so as not to clash with a field of the records (a group member's "group").
    groups = (
        records.order_by()
        .values(breakdown_key=dimension.expr())
        .annotate(value=indicator.aggregate())
        .order_by("breakdown_key")
    )
    return [
        BreakdownRow(
            "" if g["breakdown_key"] in (None, "") else dimension.format_key(g["breakdown_key"]),
            dimension.label(g["breakdown_key"]),
            g["value"],
        )
        for g in groups
    ]


def _by_child(
    indicator: Indicator, org: Organization, records: QuerySet, children: list[Organization]
) -> list[BreakdownRow]:
    """本级 and every child's subtree in one grouped query (a city has dozens of children;
    one query each would cost more than the counting)."""
    field = indicator.org_field
    if field and _additive(indicator):
        values = _per_child_added(indicator, org, records, {c.code for c in children})
    else:
        values = _per_child_grouped(indicator, org, records, children)
    rows = [BreakdownRow(org.code, f"{org.name}（本级）", values.get("", 0))]
    rows += [BreakdownRow(c.code, c.name, values.get(c.code, 0)) for c in children]
    return rows


def _additive(indicator: Indicator) -> bool:
    """Counts and sums of records (not of distinct persons) add up across organisations."""
    aggregate = indicator.aggregate()
    return isinstance(aggregate, Count | Sum) and not aggregate.distinct


def _per_child_added(
    indicator: Indicator, org: Organization, records: QuerySet, children: set[str]
) -> dict[str, Number]:
    """An additive figure grouped in SQL by the child each record lies under: the path
    segment right below `org` (paths are codes: /JN/JN-01/…), "" for `org` itself."""
    field = indicator.org_field
    below = Substr(f"{field}__path", len(org.path) + 1)
    part = Case(
        When(**{field: org.pk}, then=Value("")),
        default=Substr(below, 1, StrIndex(below, Value("/")) - 1),
        output_field=CharField(),
    )
    groups = records.order_by().values(part=part).annotate(v=indicator.aggregate())
    return {g["part"]: g["v"] or 0 for g in groups if g["part"] == "" or g["part"] in children}


def _per_child_grouped(
    indicator: Indicator, org: Organization, records: QuerySet, children: list[Organization]
) -> dict[str, Number]:
    """Each record labelled with the child whose path its organisation's path starts with
    (figures that do not add up across organisations, or records that are organisations)."""
    field = indicator.org_field
    path = f"{field}__path__startswith" if field else "path__startswith"
    label = Case(
        When(**{field or "pk": org.pk}, then=Value("")),
        *(When(**{path: child.path}, then=Value(child.code)) for child in children),
        default=Value(None),
        output_field=CharField(),
    )
    groups = records.order_by().values(part=label).annotate(value=indicator.aggregate())
    return {g["part"]: g["value"] or 0 for g in groups}


def indicator_evidence(
    *, user: Actor, code: str, org: Organization, start: dt.date, end: dt.date
) -> QuerySet:
    """The records the indicator counts for the org's subtree, in a stable order."""
    indicator = indicator_get(code=code)
    scope = _scope(user, org, start, end)
    qs = _evidence(user, indicator, scope)
    if indicator.org_field:
        return qs.select_related(indicator.org_field).order_by(f"{indicator.org_field}_id", "pk")
    return qs.select_related("parent").order_by("path")
