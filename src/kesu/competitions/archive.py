"""Competitions' contribution to a member's archive (科学素质档案): one entry per labour or
skill competition the member entered, with the score, rank and prize, read on every call."""

from __future__ import annotations

import datetime as dt

from kesu.competitions.models import CompetitionEntry
from kesu.members.archive import ArchiveEntry, between
from kesu.members.models import Member


def archive_entries(
    member: Member, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    qs = CompetitionEntry.objects.filter(member=member).select_related("competition__org")
    qs = between(qs, "competition__start_on", date_from, date_to)
    entries = []
    for entry in qs.order_by("-competition__start_on", "-id"):
        competition = entry.competition
        figures = {}
        if entry.score is not None:
            figures["成绩"] = str(entry.score)
        if entry.rank is not None:
            figures["名次"] = str(entry.rank)
        if entry.result:
            figures["获奖"] = entry.result
        if entry.sent_on:
            figures["推荐参加上级比赛"] = "是"
        detail = f"{competition.get_kind_display()}，{competition.org.name}主办"
        entries.append(
            ArchiveEntry.of(
                competition,
                "competitions:detail",
                kind="competition",
                date=competition.start_on,
                detail=detail,
                figures=figures,
            )
        )
    return entries
