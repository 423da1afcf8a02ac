"""Results as plain data (percentages, rounded) for the API and the pages alike."""

from __future__ import annotations

from typing import Any

from kesu.assessment.national import NATIONAL_SHARES, TARGETS
from kesu.assessment.results import GroupRow, Results


def pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def group_data(row: GroupRow) -> dict[str, Any]:
    e = row.estimate
    return {
        "key": row.key, "label": row.label, "n": e.n, "literate": e.literate,
        "raw_share": pct(e.raw_share), "weighted_share": pct(e.weighted_share),
        "n_eff": None if e.n_eff is None else round(e.n_eff, 1),
        "ci_low": pct(e.ci_low), "ci_high": pct(e.ci_high), "refused": e.refused,
        "tiers": row.tiers,
        "national_share": None if row.national is None else float(row.national),
    }  # fmt: skip


def results_data(r: Results) -> dict[str, Any]:
    w = r.weights
    return {
        "assessment": r.assessment.pk, "org": r.org.code, "org_name": r.org.name,
        "from": r.date_from, "to": r.date_to, "scheme": r.assessment.scheme.code,
        "min_n": r.min_n, "tier_names": r.tier_names, "overall": group_data(r.overall),
        "groups": {g: [group_data(x) for x in rows] for g, rows in r.groups.items()},
        "weighting": {
            "method": w.method, "covered_population": w.covered_population,
            "dropped_population": w.dropped_population, "dropped": w.dropped,
            "strata": len(w.strata), "iterations": w.iterations, "converged": w.converged,
        },
        "unscored": r.unscored, "outside_cells": r.outside_cells,
        "national": [{"year": y, "share": float(s), "source": src}
                     for y, s, src in NATIONAL_SHARES],
        "targets": [{"year": y, "text": t, "share": float(s)} for y, t, s in TARGETS],
        "items": [
            {"question": i.question_id, "stem": i.stem, "dimension": i.dimension,
             "answered": i.answered, "correct": i.correct, "rate": pct(i.rate),
             "intl_code": i.intl_code, "intl_rates": {k: float(v) for k, v in i.intl_rates.items()}}
            for i in r.items
        ],
    }  # fmt: skip
