"""Contests' contribution to a member's archive (科学素质档案): one entry per contest the
member took part in, with the best score, the rank and the prize, computed on every read."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.contests import ranking
from kesu.contests.models import Contest
from kesu.members.archive import ArchiveEntry
from kesu.members.models import Member
from kesu.quiz.models import Attempt


def archive_entries(
    member: Member, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    paper_ids = (
        Attempt.objects.filter(
            member=member, status__in=ranking.COUNTED, paper__contest__isnull=False
        )
        .values_list("paper_id", flat=True)
        .distinct()
    )
    entries = []
    for contest in Contest.objects.filter(paper_id__in=paper_ids).select_related("org"):
        best = ranking.member_best(contest, member)
        if best is None:
            continue
        day = timezone.localtime(best.submitted_at).date()
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        rank = ranking.rank_of(contest, best)
        percent = ranking.percent_of(best)
        prize = ranking.prize_for(contest, rank, percent)
        # Until the contest is over the rank may still change (and no prize is given).
        label = "名次" if ranking.is_final(contest) else "当前排名（竞赛进行中）"
        figures = {"最好成绩": f"{best.score}/{best.max_score}", label: str(rank)}
        if prize:
            figures["奖项"] = prize
        entries.append(
            ArchiveEntry.of(
                contest,
                "contests:detail",
                kind="contest",
                org_name=best.org.name,
                date=day,
                detail=f"{contest.org.name}主办",
                figures=figures,
            )
        )
    return entries
