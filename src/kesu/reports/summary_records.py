"""Summary paragraphs written from records rather than from single indicators: the campaigns
and theme days with their activities and figures, the largest activities (each quoted once,
its own quotation marks normalised) and the literacy assessment (weighted share with its
interval and sample size, the raw share beside it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum

from kesu.orgs import access
from kesu.reports.numbers import fmt
from kesu.reports.summary_figures import Figures, Segment, SummaryFigure, clause

NOTABLE = 3
_PAIRS = {"“": "”", '"': '"', "「": "」", "『": "』"}
_INNER = str.maketrans({"“": "‘", "「": "‘", "『": "‘", "”": "’", "」": "’", "』": "’"})


def _wrapped(title: str) -> bool:
    """The whole title sits in one pair of quotation marks (“…”, "…", 「…」, 『…』)."""
    if len(title) < 2 or _PAIRS.get(title[0]) != title[-1]:
        return False
    inner = title[1:-1]
    if title[0] == '"':  # "甲"与"乙" is two pairs: straight marks cannot nest
        return '"' not in inner
    depth = 0
    for c in inner:
        depth += (c == title[0]) - (c == title[-1])
        if depth < 0:  # 「甲」与「乙」: two pairs, not one around the whole
            return False
    return depth == 0


def quoted(title: str) -> str:
    """The title in one pair of Chinese quotation marks: a title already wrapped in “”, ""
    or 「」 is not wrapped again, and marks inside become the inner ‘’ of Chinese usage
    (“开展‘安全生产月’宣传”; straight quotes open and close in turn)."""
    title = title.strip()
    while _wrapped(title):
        title = title[1:-1].strip()
    parts = title.translate(_INNER).split('"')
    inner = "".join(p + ("‘’"[i % 2] if i < len(parts) - 1 else "") for i, p in enumerate(parts))
    return f"“{inner}”"


def _activities(figures: Figures) -> Any:
    from kesu.activities.models import Activity

    qs = Activity.objects.filter(
        org__path__startswith=figures.org.path,
        start__date__range=(figures.start, figures.end),
    )
    return access.restrict(qs, figures.user)


def _list_url(figures: Figures, **extra: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in extra.items())
    return (
        f"/activities/?org={figures.org.code}&date_from={figures.start.isoformat()}"
        f"&date_to={figures.end.isoformat()}" + (f"&{query}" if query else "")
    )


def notable(figures: Figures, named: frozenset[str] = frozenset()) -> list[Segment] | None:
    """The largest activities by declared person-times, each figure tied to its activity.
    A title is quoted once: not again when already `named` (in the campaigns paragraph),
    nor for a second activity of the same title."""
    qs = _activities(figures).filter(person_times__gt=0).order_by("-person_times", "start", "pk")
    top, seen = [], set(named)
    for a in qs.only("pk", "title", "person_times").iterator():
        if quoted(a.title) not in seen:
            top.append(a)
            seen.add(quoted(a.title))
        if len(top) == NOTABLE:
            break
    if not top:
        return None
    segments: list[Segment] = [
        ("其中，参与人数较多的活动还有" if named else "其中，参与人数较多的活动有", None)
    ]
    for n, a in enumerate(top):
        text = fmt(a.person_times, "人次", figures.style)
        figure = SummaryFigure(
            "activities.person_times", a.person_times, "人次", text, f"/activities/{a.pk}/"
        )
        segments.extend([("、", None)] if n else [])
        segments.extend([(f"{quoted(a.title)}（参与", None), (text, figure), ("）", None)])
    segments.append(("。", None))
    return segments


def campaign_name(campaign: Any, year: int) -> str:
    """ "3·23世界气象日" for a fixed-date theme day, else the campaign's name without the
    summary's own year ("2026年全国科普日" in a 2026 summary is "全国科普日")."""
    name = campaign.name.removeprefix(f"{year}年").strip()
    day = campaign.theme_day
    if day is not None and day.rule == "fixed" and day.day and name == day.name:
        return f"{day.month}·{day.day}{name}"
    return name


def campaigns(figures: Figures) -> tuple[list[Segment] | None, frozenset[str]]:
    """ "围绕主题日和活动月集中开展宣传：3·23世界气象日期间开展“气象科普进园区”等活动5场，
    参与职工1200人次，发放宣传资料800份；…。" — the activities of the scope grouped by their
    campaign, each campaign with its largest activity named; and the activities so named."""
    from kesu.activities.models import Campaign

    activities = _activities(figures).filter(campaign__isnull=False)
    rows = (
        activities.values("campaign")
        .annotate(
            n=Count("pk"), person_times=Sum("person_times"), materials=Sum("materials_distributed")
        )
        .order_by()
    )
    by_pk = {r["campaign"]: r for r in rows}
    if not by_pk:
        return None, frozenset()
    largest = {}
    for a in activities.order_by("-person_times", "start", "pk").only("pk", "title", "campaign"):
        largest.setdefault(a.campaign_id, a)
    named = Campaign.objects.select_related("theme_day").filter(pk__in=by_pk)
    segments: list[Segment] = [("围绕主题日和活动月集中开展宣传：", None)]
    for n, c in enumerate(sorted(named, key=lambda c: (c.start, c.pk))):
        row, url, title = (
            by_pk[c.pk],
            _list_url(figures, campaign=c.pk),
            quoted(largest[c.pk].title),
        )
        segments.extend([("；", None)] if n else [])
        many = row["n"] > 1  # one activity: its name is the count
        segments.append(
            (f"{campaign_name(c, figures.end.year)}期间开展{title}{'等活动' if many else ''}", None)
        )
        for key, code, unit, lead in (
            ("n", "activities.count", "场", ""),
            ("person_times", "activities.person_times", "人次", "，参与职工"),
            ("materials", "activities.materials", "份", "，发放宣传资料"),
        ):
            value = row[key] or 0
            if (key == "n" and not many) or (key != "n" and not value):
                continue
            text = fmt(value, unit, figures.style)
            segments.extend([(lead, None), (text, SummaryFigure(code, value, unit, text, url))])
    segments.append(("。", None))
    return segments, frozenset(quoted(a.title) for a in largest.values())


LITERACY = "开展职工科学素质测评，参测职工{assessment.participants}"


def literacy(figures: Figures) -> list[Segment] | None:
    """The assessment's weighted share with its 95% interval and sample size, the raw share
    beside it; the raw share alone (and why) when too few took part for a weighted one."""
    lead = clause(figures, LITERACY)
    if lead is None:
        return None
    high = figures.get("assessment.literate_share_ci_high", LITERACY)
    raw = figures.get("assessment.literate_share", LITERACY)
    if not high.value:
        return [
            *lead,
            ("，参测者中具备科学素质的比例为", None),
            (raw.text, raw),
            ("（参测人数不足30人，未作加权推算）", None),
        ]
    share = figures.get("assessment.literate_share_weighted", LITERACY)
    low = figures.get("assessment.literate_share_ci_low", LITERACY)
    return [
        *lead,
        ("，按在册会员性别、年龄、文化程度结构加权推算，具备科学素质的比例为", None),
        (share.text, share),
        ("（95%置信区间", None),
        (low.text, low),
        ("—", None),
        (high.text, high),
        ("），参测者中的原始比例为", None),
        (raw.text, raw),
    ]
