"""Prepared paper data (kesu.quiz.papers.prepared): starts draw from the cache exactly as from the
database, and every change that affects a draw or a display gives a fresh read."""

from __future__ import annotations

import pickle
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.quiz.attempts import services as attempts
from kesu.quiz.bank import services as svc
from kesu.quiz.models import Paper
from kesu.quiz.papers import drawing, prepared
from kesu.quiz.papers import services as papers
from tests.quiz.conftest import make_question


def _random_paper(tree, bank, count=3):
    for _ in range(count):
        make_question(bank, "single", answer=[2], explanation="秘密解析")
    paper = Paper.objects.create(
        org=tree.a,
        title="随机卷",
        mode=Paper.Mode.RANDOM,
        status=Paper.Status.PUBLISHED,
        shuffle_options=True,
    )
    paper.rules.create(type="single", count=count, points=2, position=1)
    return Paper.objects.select_related("org").get(pk=paper.pk)


def _pool(paper):
    return {
        row.pk
        for row in prepared.for_paper(Paper.objects.select_related("org").get(pk=paper.pk)).rows
    }


def test_start_draws_as_the_database_does_and_reads_the_pool_once(tree, bank, members):
    paper = _random_paper(tree, bank)
    first = attempts.start_attempt(member=members.in_a, paper=paper, rate_limit=False)
    seed = drawing.seed_for(paper.pk, members.in_a.pk, 1)
    assert first.layout == drawing.draw_layout(paper, seed=seed)
    assert first.max_score == Decimal(6)
    with CaptureQueriesContext(connection) as ctx:
        second = attempts.start_attempt(member=members.in_a2, paper=paper, rate_limit=False)
    pool_reads = [q for q in ctx.captured_queries if 'FROM "quiz_question" ' in q["sql"]]
    assert pool_reads == []  # the second start drew from the cache
    assert second.layout == drawing.draw_layout(
        paper, seed=drawing.seed_for(paper.pk, members.in_a2.pk, 1)
    )


def test_question_changes_refresh_the_pool(tree, bank, users):
    paper = _random_paper(tree, bank)
    before = _pool(paper)
    added = svc.question_create(
        actor=users.city_admin,
        bank=bank,
        data={
            "type": "single",
            "stem": "新增的一道题",
            "options": ["甲", "乙"],
            "answer": "A",
            "dimension": "knowledge",
        },
    ).question
    assert _pool(paper) == before | {added.pk}
    svc.question_retire(actor=users.city_admin, question=added)
    assert _pool(paper) == before


def test_rule_changes_and_publish_refresh_the_pool(tree, bank, users):
    paper = _random_paper(tree, bank)
    make_question(bank, "judge", answer=[0])
    assert [r.type for r in prepared.for_paper(paper).rules] == ["single"]
    paper.status = Paper.Status.DRAFT
    paper.save()
    papers.paper_set_rules(
        actor=users.city_admin, paper=paper, rules=[{"type": "judge", "count": 1, "points": 5}]
    )
    papers.paper_publish(actor=users.city_admin, paper=paper)
    ready = prepared.for_paper(Paper.objects.select_related("org").get(pk=paper.pk))
    assert [r.type for r in ready.rules] == ["judge"] and ready.max_score == 5


def test_display_is_cached_without_answers_and_edits_drop_it(tree, bank, users):
    question = make_question(bank, "single", answer=[3], explanation="秘密解析")
    assert prepared.shown([question.pk])[question.pk].options == ("甲", "乙", "丙", "丁")
    stamp = prepared.read_display_stamp()
    with CaptureQueriesContext(connection) as ctx:
        prepared.shown([question.pk], stamp)
    assert not ctx.captured_queries
    stored = pickle.dumps(cache.get(prepared._shown_key(stamp, question.pk)))
    assert stored != pickle.dumps(None)
    assert "秘密解析".encode() not in stored
    svc.question_update(
        actor=users.city_admin, question=question, data={"options": ["子", "丑", "寅", "卯"]}
    )
    assert prepared.shown([question.pk])[question.pk].options == ("子", "丑", "寅", "卯")


def test_the_stamp_counts_the_banks_a_paper_may_use(tree, bank):
    from kesu.quiz.bank.selectors import usable_banks
    from kesu.quiz.models import QuestionBank

    paper = _random_paper(tree, bank)
    before = prepared._stamp(paper)
    QuestionBank.objects.create(org=tree.b, name="另一区题库")  # not usable by tree.a
    assert prepared._stamp(paper) == before
    QuestionBank.objects.create(org=tree.a, name="本区题库")
    after = prepared._stamp(paper)
    assert after != before and after.endswith(f":{usable_banks(paper.org).count()}")


def test_the_banks_read_by_the_start_lane_count_only_for_the_codes_they_were_read_with(tree, bank):
    from kesu.accounts.lean_rows import hot_fetchone
    from kesu.quiz.bank.selectors import usable_banks

    paper = _random_paper(tree, bank)
    read = prepared._stamp(paper)  # reads the banks and remembers the paper's codes
    codes = prepared.bank_codes(paper.pk)
    assert codes[:2] == ["HZ", "HZ-A"] and len(codes) == prepared.CODES
    # As the lane's SELECT returns them (SQLite: text).
    newest, count = hot_fetchone(prepared._banks_sql("default"), codes)
    assert count == usable_banks(paper.org).count()
    with CaptureQueriesContext(connection) as ctx:
        given = prepared._stamp(paper, prepared.Banks(codes, newest, count))
    assert given == read and not ctx.captured_queries
    # Figures read for other codes (the organisation moved since): read again.
    elsewhere = prepared.Banks(["XX"] * prepared.CODES, None, 0)
    assert prepared._stamp(paper, elsewhere) == read
