"""What a contest adds to the quiz pages members answer on (found by kesu.quiz.attempts.extensions
through kesu.core.discovery, as the module `quiz_pages` of an app): the
contest's title instead of its paper's, and the member's rank on the result page — a
current rank (当前排名) while the contest runs, the final rank and prize once it is over."""

from __future__ import annotations

from django.urls import reverse

from kesu.contests import ranking
from kesu.contests.models import Contest
from kesu.quiz.attempts.extensions import ResultPanel
from kesu.quiz.models import Attempt, Paper


def paper_titles(papers: list[Paper]) -> dict[int, str]:
    ids = [p.pk for p in papers]
    return dict(Contest.objects.filter(paper_id__in=ids).values_list("paper_id", "title"))


def result_panel(attempt: Attempt) -> ResultPanel | None:
    contest = Contest.objects.select_related("org").filter(paper_id=attempt.paper_id).first()
    if contest is None:
        return None
    panel = ResultPanel(
        title=f"竞赛排名 · {contest.title}",
        link_text="查看竞赛排行榜",
        url=reverse("contests:detail", args=[contest.pk]),
    )
    best = ranking.member_best(contest, attempt.member)
    if best is None:
        panel.note = "本次答题不在竞赛时间内或不在参赛范围内，不计入排名。"
        return panel
    final = ranking.is_final(contest)
    rank = ranking.rank_of(contest, best)
    total = ranking.participant_count(contest)
    panel.rows = [
        ("最终名次" if final else "当前排名", f"第 {rank} 名 / 共 {total} 人"),
        ("我的最好成绩", f"{best.score} / {best.max_score} 分"),
    ]
    if final:
        prize = ranking.prize_for(contest, rank, ranking.percent_of(best))
        panel.rows.append(("奖项", prize or "未获奖"))
    else:
        panel.note = "竞赛进行中，排名随他人交卷变化；竞赛结束后公布最终名次和奖项。"
    return panel
