"""Participation and prize certificates (PDF, kesu.core.pdf.certificate_pdf).

Any participant (a counted attempt) may have a participation certificate; a prize
certificate only while the live ranking gives the member a prize. Members get their own;
staff anyone whose contest is in their scope (the views decide who asks).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kesu.contests import ranking, services
from kesu.contests.models import Certificate, Contest
from kesu.core.pdf import certificate_pdf
from kesu.members.models import Member
from kesu.orgs import access


@dataclass(frozen=True)
class Standing:
    """A participant's place in a contest."""

    rank: int
    final: bool  # False while the contest runs: the rank is a current one, no prize yet
    score: Decimal
    max_score: Decimal
    percent: Decimal
    duration_seconds: int | None
    prize: str


def standing(contest: Contest, member: Member) -> Standing | None:
    best = ranking.member_best(contest, member)
    if best is None:
        return None
    rank = ranking.rank_of(contest, best)
    percent = ranking.percent_of(best)
    return Standing(
        rank=rank,
        final=ranking.is_final(contest),
        score=best.score,
        max_score=best.max_score,
        percent=percent,
        duration_seconds=best.duration_seconds,
        prize=ranking.prize_for(contest, rank, percent),
    )


def _score(value: Decimal) -> str:
    return f"{value.normalize():f}"


def certificate_for(contest: Contest, member: Member, kind: str) -> tuple[bytes, Certificate]:
    """The PDF and its record; NotFound when the member did not take part (or, for a prize
    certificate, holds no prize), so the answer is the same as for a stranger."""
    place = standing(contest, member)
    if place is None or kind not in Certificate.Kind.values:
        raise access.NotFound()
    if kind == Certificate.Kind.PRIZE and not place.prize:
        raise access.NotFound("未获奖，没有获奖证书")
    cert = services.certificate_issue(
        contest=contest,
        member=member,
        kind=kind,
        prize=place.prize if kind == Certificate.Kind.PRIZE else "",
    )
    score = f"成绩：{_score(place.score)} 分（满分 {_score(place.max_score)} 分）"
    if kind == Certificate.Kind.PRIZE:
        title = "获奖证书"
        lines = [
            f"在“{contest.title}”中成绩优异，荣获{place.prize}。",
            f"{score}，排名第 {place.rank} 名。",
            "特发此证，以资鼓励。",
        ]
    else:
        title = "参与证书"
        lines = [f"参加了“{contest.title}”，", f"{score}。", "特发此证。"]
    pdf = certificate_pdf(
        title=title,
        recipient=member.name,
        lines=lines,
        issuer=contest.org.name,
        issued_on=timezone.localdate().strftime("%Y年%m月%d日"),
        code=cert.code,
        verify_hint="可在科素平台核验",
    )
    return pdf, cert
