"""Scoring attempts for the literacy figures: each distinct combination of sub-scores is
scored once, by the scheme of the assessment that uses the paper, and the results are kept
across requests keyed by the scheme's definition (read by kesu.assessment.indicators and
kesu.assessment.tally)."""

from __future__ import annotations

import json

from kesu.assessment import selectors
from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.scoring import Result, SchemeRule


class Scorer:
    """(paper, dimension scores as JSON text[, score, max score]) → Result | None, by the
    scheme of the assessment that uses the paper (callers score each distinct key once).
    Score and max score are read only when a scheme scores by them (the national method
    uses the dimension scores alone)."""

    def __init__(self) -> None:
        papers = LiteracyAssessment.objects.order_by().values_list("paper_id", flat=True)
        rules: dict[int, SchemeRule] = {}
        by_paper = selectors.assessment_for_attempts(set(papers))
        self.rules = {
            paper: rules.setdefault(a.scheme.pk, SchemeRule(a.scheme))
            for paper, a in by_paper.items()
        }
        self.schemes = {paper: _definition(a.scheme) for paper, a in by_paper.items()}
        by_totals = any(r.method != LiteracyScheme.Method.DIMENSIONS for r in rules.values())
        self.columns = ("paper_id", "dims", *(("score", "max_score") if by_totals else ()))

    def __call__(self, key: tuple) -> Result | None:
        paper, dims, *totals = key
        known = (self.schemes[paper], dims, *totals)
        if known in RESULTS:
            return RESULTS[known]
        score, max_score = totals or (None, None)
        loaded = json.loads(dims) if isinstance(dims, str) else dims
        result = self.rules[paper].result(loaded, score, max_score)
        if isinstance(dims, str):  # hashable: remember it
            if len(RESULTS) > 100_000:
                RESULTS.clear()
            RESULTS[known] = result
        return result


# Scoring is a pure function of the scheme's definition and the sub-scores: its results are
# kept across requests, keyed by both (an edited scheme has another key).
RESULTS: dict[tuple, Result | None] = {}


def _definition(scheme: LiteracyScheme) -> tuple:
    return (
        scheme.method,
        json.dumps(scheme.weights, sort_keys=True),
        json.dumps(scheme.tiers, sort_keys=True),
    )
