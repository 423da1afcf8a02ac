"""A contest made with its paper in one step, published, shared, answered and closed: the
member sees the contest's title and their rank; prizes and final ranks wait for the end;
units without a participant are listed apart, unranked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kesu.audit.models import AuditEntry
from kesu.contests import ranking, services, setup
from kesu.contests.archive import archive_entries
from kesu.contests.models import Contest
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt, Paper, QuestionBank
from tests.conftest import login
from tests.contests.conftest import make_attempt, make_contest
from tests.quiz.conftest import make_question


@pytest.fixture
def bank(tree):
    bank = QuestionBank.objects.create(org=tree.city, name="市级题库")
    for _ in range(3):
        make_question(bank, "single", answer=[1])
    make_question(bank, "judge", answer=[0])
    return bank


def _form(bank, **extra):
    now = timezone.localtime()
    return {
        "title": "西湖区安全知识竞赛",
        "org": "HZ-A",
        "status": "published",
        "source": "draw",
        "starts_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "bank": str(bank.pk),
        "single_count": "2",
        "judge_count": "1",
        "points": "5",
        "prize_rules": "一等奖=前1名",
        "weight_participation": "40",
        "weight_average": "40",
        "weight_high_score": "20",
        "high_score_percent": "90",
        **extra,
    }


def test_empty_page_explains_how_to_get_a_paper(client, users, tree):
    login(client, users.staff_a)
    body = client.get(reverse("contests:create")).content.decode()
    assert "还没有可用的题库" in body and reverse("quiz:banks") in body
    assert "还没有可用的竞赛试卷" in body and "按规则从题库抽题" in body


def test_contest_and_its_paper_made_and_published_together(client, users, tree, bank):
    login(client, users.staff_a)
    response = client.post(reverse("contests:create"), _form(bank))
    assert response.status_code == 302, response.content.decode()[-3000:]
    contest = Contest.objects.get()
    paper = contest.paper
    assert paper.purpose == Paper.Purpose.CONTEST and paper.mode == Paper.Mode.RANDOM
    assert paper.status == Paper.Status.PUBLISHED and paper.org == tree.a
    assert paper.title == "西湖区安全知识竞赛（竞赛试卷）"
    assert [(r.type, r.count) for r in paper.rules.all()] == [("single", 2), ("judge", 1)]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"paper.create", "paper.rules", "paper.status", "contest.create"} <= actions


def test_too_few_questions_refused_with_nothing_saved(client, users, tree, bank):
    login(client, users.staff_a)
    response = client.post(reverse("contests:create"), _form(bank, single_count="9"))
    body = response.content.decode()
    assert response.status_code == 400 and "单选题只有3道，规则需要9道" in body
    assert not Contest.objects.exists() and not Paper.objects.exists()
    with pytest.raises(services.ContestError, match="请至少填写一种题型"):
        setup.draw_rules({"bank": bank.pk})


def test_share_link_qr_and_poster(client, users, tree, bank):
    login(client, users.staff_a)
    client.post(reverse("contests:create"), _form(bank))
    contest = Contest.objects.get()
    body = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    link = f"http://testserver{reverse('contests:detail', args=[contest.pk])}"
    assert "分享竞赛" in body and link in body and reverse("contests:qr", args=[contest.pk]) in body
    png = client.get(reverse("contests:qr", args=[contest.pk]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    poster = client.get(reverse("contests:poster", args=[contest.pk])).content.decode()
    assert contest.title in poster and link in poster and "kesu/css/poster.css" in poster
    login(client, users.admin_b)
    assert client.get(reverse("contests:qr", args=[contest.pk])).status_code == 404


def test_member_sees_contest_title_and_current_rank_then_final(client, users, members, tree, bank):
    login(client, users.staff_a)
    client.post(reverse("contests:create"), _form(bank))
    contest = Contest.objects.get()
    users.member_a.member = members.in_a
    users.member_a.save()
    login(client, users.member_a)
    take = client.get(reverse("quiz:take", args=[contest.paper_id])).content.decode()
    assert "<h1>西湖区安全知识竞赛</h1>" in take and "（竞赛试卷）" not in take
    my = client.get(reverse("quiz:my")).content.decode()
    assert "西湖区安全知识竞赛" in my and "（竞赛试卷）" not in my
    at = timezone.now()
    mine = make_attempt(contest.paper, members.in_a, 10, at=at, max_score=15)
    make_attempt(contest.paper, members.in_a2, 15, at=at, max_score=15)
    result = client.get(reverse("quiz:attempt_result", args=[mine.pk])).content.decode()
    assert "<dt>当前排名</dt>" in result and "第 2 名 / 共 2 人" in result
    assert "<dt>最终名次</dt>" not in result
    board = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert "当前排名" in board and "竞赛结束后评定" in board
    (entry,) = archive_entries(members.in_a)
    assert "奖项" not in entry.figures and entry.figures["当前排名（竞赛进行中）"] == "2"
    assert ranking.prize_for(contest, 1, ranking.rate(15, 15)) == ""
    # Closed by staff: ranks final, prizes given.
    login(client, users.staff_a)
    client.post(reverse("contests:status", args=[contest.pk]), {"status": "closed"})
    contest.refresh_from_db()
    contest.paper.refresh_from_db()
    assert contest.status == Contest.Status.CLOSED and contest.paper.status == Paper.Status.CLOSED
    login(client, users.member_a)
    result = client.get(reverse("quiz:attempt_result", args=[mine.pk])).content.decode()
    assert "<dt>最终名次</dt>" in result and "未获奖" in result
    (entry,) = archive_entries(members.in_a2)
    assert entry.figures["名次"] == "1" and entry.figures["奖项"] == "一等奖"
    assert Attempt.objects.count() == 2


def test_units_without_participants_are_listed_apart_unranked(client, users, members, tree, api_as):
    contest = make_contest(tree.city)
    make_attempt(contest.paper, members.in_a, 90)
    rows = ranking.org_board(
        contest, tree.city, children=Organization.objects.filter(parent=tree.city)
    )
    ranks = {r.code: r.rank for r in rows}
    assert ranks == {"HZ-A": 1, "HZ-B": 0}
    assert [r.code for r in rows] == ["HZ-A", "HZ-B"]
    login(client, users.city_admin)
    body = client.get(reverse("contests:detail", args=[contest.pk])).content.decode()
    assert "未参赛单位（1 个，不参与排名）" in body
    api = api_as("city_admin").get(f"/api/v1/contests/{contest.pk}/leaderboard?level=org")
    assert {i["org"]: i["rank"] for i in api.json()["items"]} == {"HZ-A": 1, "HZ-B": None}
