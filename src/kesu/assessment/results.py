"""Results of an assessment for an organisation subtree and period: literate share overall
and by group, raw beside weighted (post-stratified to the subtree's roster, or raked), with
n, n_eff, a 95% interval and tier counts; per-item correct rates beside NSF figures.

Ages are taken at the end of the period (the assessment date) for respondents and roster
alike, so both fall into the same cells.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kesu.assessment import selectors
from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.national import EDUCATION_GROUP_NAMES, INTL_NAMES, national_for
from kesu.assessment.scoring import SchemeRule
from kesu.assessment.weighting import (
    AGE_BANDS,
    EDU_GROUPS,
    Estimate,
    Weights,
    estimate,
    poststratify,
    rake,
)
from kesu.members.ages import age_band
from kesu.members.choices import AGE_BANDS as MEMBER_AGE_BANDS
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt, PaperItem, Question

DEFAULT_MIN_N = 30  # fewer respondents in a group: no weighted estimate (样本不足)
DEFAULT_MIN_CELL = 5  # weighting cells with fewer respondents are collapsed
METHODS = {"poststrat": "事后分层加权", "raking": "迭代比例加权（raking）"}

GROUPS: list[tuple[str, str]] = [
    ("gender", "性别"),
    ("age", "年龄段"),
    ("education", "文化程度"),
    ("migrant", "农民工"),
    ("org", "下级组织"),
]
_AGE_NAMES = {code: str(name) for code, name, _lo, _hi in MEMBER_AGE_BANDS}


@dataclass
class GroupRow:
    group: str
    key: str
    label: str
    estimate: Estimate
    tiers: dict[str, int]
    national: Decimal | None = None


@dataclass
class ItemRate:
    question_id: int
    stem: str
    dimension: str
    answered: int
    correct: int
    intl_code: str = ""
    intl_rates: dict[str, Decimal] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass
class Results:
    assessment: LiteracyAssessment
    org: Organization
    date_from: dt.date
    date_to: dt.date
    method: str
    min_n: int
    tier_names: list[str]
    overall: GroupRow
    groups: dict[str, list[GroupRow]]
    weights: Weights
    unscored: int  # respondents whose attempt the scheme could not score
    outside_cells: int  # scored respondents outside the weighting cells (under 18)
    items: list[ItemRate]


def assessment_results(
    assessment: LiteracyAssessment,
    *,
    org: Organization,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    method: str = "poststrat",
    min_n: int = DEFAULT_MIN_N,
    min_cell: int = DEFAULT_MIN_CELL,
) -> Results:
    """Compute the results; `org` must already be checked against the caller's scope."""
    date_from = date_from or assessment.period_start
    date_to = date_to or assessment.period_end
    everyone = selectors.respondents(assessment, org, date_from, date_to)
    scored = [r for r in everyone if r.result is not None]
    cells = [r.cell(date_to) for r in scored]
    population = selectors.roster_cells(org, date_to)
    weigh = rake if method == "raking" else poststratify
    weights = weigh(cells, population, min_cell=min_cell)
    tier_names = SchemeRule(assessment.scheme).tier_names
    children = dict(Organization.objects.filter(parent=org).values_list("path", "name"))

    def row(group: str, key: str, label: str, members: list[int]) -> GroupRow:
        literate = [scored[i].result.is_literate for i in members]  # type: ignore[union-attr]
        est = estimate(literate, [weights.weights[i] for i in members], min_n=min_n)
        tiers = dict.fromkeys(tier_names, 0)
        for i in members:
            tiers[scored[i].result.tier] += 1  # type: ignore[union-attr]
        return GroupRow(group, key, label, est, tiers, national_for(group, key))

    keys: dict[str, dict[str, list[int]]] = {g: defaultdict(list) for g, _ in GROUPS}
    for i, r in enumerate(scored):
        keys["gender"][r.gender].append(i)
        keys["age"][age_band(r.birth_date, date_to)].append(i)
        keys["education"][r.education].append(i)
        keys["migrant"]["yes" if r.migrant else "no"].append(i)
        keys["org"][child_path(r.org_path, org.path)].append(i)
    labels = {
        "gender": [("M", "男"), ("F", "女")],
        "age": [(b, _AGE_NAMES.get(b, b)) for b in (*AGE_BANDS, "-17")],
        "education": [(e, EDUCATION_GROUP_NAMES[e]) for e in EDU_GROUPS],
        "migrant": [("yes", "农民工"), ("no", "非农民工")],
        "org": [(p, n) for p, n in sorted(children.items())] + [(org.path, f"{org.name}（本级）")],
    }
    groups = {
        g: [row(g, k, label, keys[g][k]) for k, label in labels[g] if keys[g].get(k)]
        for g, _ in GROUPS
    }
    overall = row("overall", "all", "全体", list(range(len(scored))))
    return Results(
        assessment,
        org,
        date_from,
        date_to,
        method,
        min_n,
        tier_names,
        overall,
        groups,
        weights,
        unscored=len(everyone) - len(scored),
        outside_cells=sum(1 for c in cells if c is None),
        items=item_rates(assessment, [r.attempt_id for r in scored]),
    )


def child_path(member_path: str, root: str) -> str:
    """The path of the child of `root` that `member_path` lies under (root itself if none)."""
    rest = member_path[len(root) :]
    return root + rest.split("/", 1)[0] + "/" if rest else root


def item_rates(assessment: LiteracyAssessment, attempt_ids: list[int]) -> list[ItemRate]:
    """Per question: answered (in the attempt's layout) and correct (earned the item's full
    points). Reads only the per-item columns of the chosen attempts; a fixed paper's points
    come from its items, a drawn paper's from each attempt's layout."""
    fixed = dict(
        PaperItem.objects.filter(paper_id=assessment.paper_id).values_list("question_id", "points")
    )
    answered: dict[int, int] = defaultdict(int)
    correct: dict[int, int] = defaultdict(int)
    full = {str(q): float(p) for q, p in fixed.items()}
    columns = ("results",) if fixed else ("results", "layout")
    for i in range(0, len(attempt_ids), 2000):
        rows = Attempt.objects.filter(pk__in=attempt_ids[i : i + 2000]).values_list(*columns)
        for row in rows:
            results = row[0] or {}
            if fixed:
                points = full
                shown = results.keys() if results else ()
            else:
                points = {
                    str(e.get("q")): _float(e.get("points"))
                    for e in row[1] or []
                    if isinstance(e, dict)
                }
                shown = points.keys()
            for qid in shown:
                answered[qid] += 1
                earned = _float(results.get(qid))
                top = points.get(qid)
                if earned and earned > 0 and (top is None or earned >= top):
                    correct[qid] += 1
    ids = [int(q) for q in answered if str(q).isdigit()]
    questions = Question.objects.filter(pk__in=ids).values(
        "pk", "stem", "dimension", "intl_code", "intl_rates", "family"
    )
    rows_out = []
    for q in sorted(questions, key=lambda q: (not q["intl_code"], q["family"], q["pk"])):
        rates = {INTL_NAMES.get(k, k): _dec(v) for k, v in (q["intl_rates"] or {}).items()}
        intl = {k: v for k, v in rates.items() if v is not None}
        key = str(q["pk"])
        rows_out.append(
            ItemRate(
                q["pk"],
                q["stem"],
                q["dimension"],
                answered[key],
                correct[key],
                q["intl_code"],
                intl,
            )
        )
    return rows_out


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _dec(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
