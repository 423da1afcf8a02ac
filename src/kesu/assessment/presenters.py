"""Results as plain data (percentages, rounded) for the API and the pages alike."""

from __future__ import annotations

from typing import Any

from kesu.assessment.compare import CompareRow, Comparison
from kesu.assessment.design import Rate
from kesu.assessment.items import ItemAnalysis
from kesu.assessment.national import NATIONAL_SHARES, TARGETS
from kesu.assessment.results import GroupRow, Results
from kesu.assessment.sample_selectors import DesignResults
from kesu.assessment.weighting import Estimate


def pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def group_data(row: GroupRow) -> dict[str, Any]:
    e = row.estimate
    return {
        "key": row.key,
        "label": row.label,
        "n": e.n,
        "literate": e.literate,
        "raw_share": pct(e.raw_share),
        "weighted_share": pct(e.weighted_share),
        "n_eff": None if e.n_eff is None else round(e.n_eff, 1),
        "ci_low": pct(e.ci_low),
        "ci_high": pct(e.ci_high),
        "refused": e.refused,
        "tiers": row.tiers,
        "national_share": None if row.national is None else float(row.national),
    }


def results_data(r: Results) -> dict[str, Any]:
    w = r.weights
    return {
        "assessment": r.assessment.pk,
        "org": r.org.code,
        "org_name": r.org.name,
        "from": r.date_from,
        "to": r.date_to,
        "scheme": r.assessment.scheme.code,
        "min_n": r.min_n,
        "tier_names": r.tier_names,
        "overall": group_data(r.overall),
        "groups": {g: [group_data(x) for x in rows] for g, rows in r.groups.items()},
        "weighting": {
            "method": w.method,
            "covered_population": w.covered_population,
            "dropped_population": w.dropped_population,
            "dropped": w.dropped,
            "strata": len(w.strata),
            "iterations": w.iterations,
            "converged": w.converged,
        },
        "unscored": r.unscored,
        "outside_cells": r.outside_cells,
        "national": [
            {"year": y, "share": float(s), "source": src} for y, s, src in NATIONAL_SHARES
        ],
        "targets": [{"year": y, "text": t, "share": float(s)} for y, t, s in TARGETS],
        "items": [
            {
                "question": i.question_id,
                "stem": i.stem,
                "dimension": i.dimension,
                "answered": i.answered,
                "correct": i.correct,
                "rate": pct(i.rate),
                "intl_code": i.intl_code,
                "intl_rates": {k: float(v) for k, v in i.intl_rates.items()},
            }
            for i in r.items
        ],
    }


def _round(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def items_data(a: ItemAnalysis) -> dict[str, Any]:
    """Item analysis as plain data: shares in percent, r and α to three places."""
    return {
        "assessment": a.assessment.pk,
        "org": a.org.code,
        "org_name": a.org.name,
        "from": a.date_from,
        "to": a.date_to,
        "persons": a.persons,
        "fixed": a.fixed,
        "items": [
            {
                "position": i.position,
                "question": i.question_id,
                "family": i.family,
                "stem": i.stem,
                "type": i.type,
                "dimension": i.dimension,
                "dimension_name": i.dimension_name,
                "answered": i.stat.answered,
                "correct": i.stat.correct,
                "difficulty": pct(i.stat.difficulty),
                "discrimination": _round(i.stat.discrimination),
                "omitted": i.stat.omitted,
                "flags": i.stat.flags,
                "flag_labels": i.stat.flag_labels,
                "options": [
                    {
                        "label": i.option_labels[o.index]
                        if o.index < len(i.option_labels)
                        else str(o.index),
                        "is_key": o.is_key,
                        "chosen": o.chosen,
                        "share": pct(o.share),
                        "mean_total": _round(o.mean_total, 2),
                    }
                    for o in i.stat.options
                ],
            }
            for i in a.items
        ],
        "reliability": [
            {
                "key": row.key,
                "label": row.label,
                "coefficient": row.value.coefficient_name,
                "items": row.value.k,
                "persons": row.value.n,
                "alpha": _round(row.value.alpha),
                "ci_low": _round(row.value.ci_low),
                "ci_high": _round(row.value.ci_high),
            }
            for row in a.reliability
        ],
    }


def _estimate(e: Estimate | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "n": e.n,
        "weighted_share": pct(e.weighted_share),
        "ci_low": pct(e.ci_low),
        "ci_high": pct(e.ci_high),
        "n_eff": None if e.n_eff is None else round(e.n_eff, 1),
        "refused": e.refused,
    }


def _compare_row(row: CompareRow) -> dict[str, Any]:
    d = row.difference
    return {
        "key": row.key,
        "label": row.label,
        "earlier": _estimate(row.earlier),
        "later": _estimate(row.later),
        "difference": None if d is None else pct(d.diff),
        "ci_low": None if d is None else pct(d.ci_low),
        "ci_high": None if d is None else pct(d.ci_high),
        "z": None if d is None else _round(d.z),
        "p_value": None if d is None else _round(d.p_value, 4),
    }


def _side(r: Results) -> dict[str, Any]:
    a = r.assessment
    return {
        "id": a.pk,
        "title": a.title,
        "period_start": a.period_start,
        "period_end": a.period_end,
    }


def compare_data(c: Comparison) -> dict[str, Any]:
    """Differences in percentage points (later minus earlier), p-values to four places."""
    return {
        "org": c.later.org.code,
        "org_name": c.later.org.name,
        "min_n": c.later.min_n,
        "method": c.later.method,
        "earlier": _side(c.earlier),
        "later": _side(c.later),
        "overall": _compare_row(c.overall),
        "groups": {g: [_compare_row(x) for x in rows] for g, rows in c.groups.items()},
        "design": None if c.design is None else _compare_row(c.design),
    }


def sample_data(r: DesignResults) -> dict[str, Any]:
    """A sample design with its response rates (percent) and design-based estimate."""
    d = r.design
    rates = {x.key: x for x in r.rates}

    def rate(x: Rate | None) -> dict[str, Any]:
        if x is None:
            return {"sampled": 0, "responded": 0, "replaced": 0, "rate": None}
        return {
            "sampled": x.sampled,
            "responded": x.responded,
            "replaced": x.replaced,
            "rate": pct(x.rate),
        }

    e = r.estimate
    return {
        "id": d.pk,
        "assessment": d.assessment_id,
        "stratify_by": d.stratify_by,
        "stratify_name": d.get_stratify_by_display(),
        "allocation": d.allocation,
        "allocation_name": d.get_allocation_display(),
        "size": d.size,
        "min_per_stratum": d.min_per_stratum,
        "reserve_per_stratum": d.reserve_per_stratum,
        "seed": d.seed,
        "frame_on": d.frame_on,
        "frame_size": d.frame_size,
        "margin_points": None if d.margin_points is None else float(d.margin_points),
        "confidence": d.confidence,
        "expected_response_rate": d.response_rate,
        "planned_deff": round(d.deff, 3),
        "prior": d.prior_id,
        "prior_title": d.prior.title if d.prior_id else "",
        "drawn_at": d.drawn_at,
        "response": rate(r.overall_rate),
        "strata": [
            {
                "key": s["key"],
                "label": s["label"],
                "population": s["population"],
                "allocated": s["allocated"],
                "reserve": s["reserve"],
                **rate(rates.get(s["key"])),
            }
            for s in d.strata
        ],
        "estimate": {
            "n": e.n,
            "literate": e.literate,
            "raw_share": pct(e.raw_share),
            "weighted_share": pct(e.weighted_share),
            "ci_low": pct(e.ci_low),
            "ci_high": pct(e.ci_high),
            "refused": e.refused,
            "n_eff": None if e.n_eff is None else round(e.n_eff, 1),
        },
        "deff": None if r.deff is None else round(r.deff, 3),
        "unscored": r.unscored,
    }
