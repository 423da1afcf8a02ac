from decimal import Decimal

import pytest

from kesu.quiz.attempts import scoring
from kesu.quiz.models import Paper
from kesu.quiz.papers import drawing

from .conftest import make_paper, make_question


def key(qtype, correct, n=4, dim="knowledge"):
    return scoring.AnswerKey(
        id=1, type=qtype, correct=frozenset(correct), option_count=n, dimension=dim
    )


P = Decimal("4")


@pytest.mark.parametrize(
    ("qtype", "correct", "chosen", "rule", "expected"),
    [
        ("single", {1}, [1], "all", "4"),
        ("single", {1}, [0], "all", "0"),
        ("single", {1}, [], "all", "0"),
        ("judge", {0}, [0], "all", "4"),
        ("judge", {0}, [1], "partial", "0"),
        ("multiple", {0, 2}, [0, 2], "all", "4"),
        ("multiple", {0, 2}, [0], "all", "0"),
        ("multiple", {0, 2}, [0], "partial", "2.00"),
        ("multiple", {0, 2}, [0, 1], "partial", "0"),
        ("multiple", {0, 2}, [0, 1, 2], "per_option", "0"),
        ("multiple", {0, 1, 2}, [0], "per_option", "1.33"),
        ("multiple", {0, 1, 2}, [0, 2], "per_option", "2.67"),
        ("multiple", {0, 1, 2}, [0, 1, 2], "per_option", "4"),
        ("multiple", {0, 1, 2}, [], "per_option", "0"),
    ],
)
def test_score_item_rules(qtype, correct, chosen, rule, expected):
    assert scoring.score_item(key(qtype, correct), chosen, P, rule) == Decimal(expected)


def test_score_attempt_totals_dimensions_and_pass():
    keys = {
        1: scoring.AnswerKey(1, "single", frozenset({1}), 4, "knowledge"),
        2: scoring.AnswerKey(2, "multiple", frozenset({0, 2}), 4, "method"),
        3: scoring.AnswerKey(3, "judge", frozenset({0}), 2, "knowledge"),
    }
    layout = [{"q": 1, "points": "2"}, {"q": 2, "points": "4"}, {"q": 3, "points": "2"}]
    result = scoring.score_attempt(
        layout=layout,
        answers={"1": [1], "2": [2], "3": [1]},
        keys=keys,
        multiple_rule="partial",
        pass_mark=Decimal("4"),
    )
    assert result.score == Decimal("4.00")
    assert result.max_score == Decimal("8.00")
    assert result.correct_count == 1
    assert result.item_count == 3
    assert result.results == {"1": "2.00", "2": "2.00", "3": "0.00"}
    assert result.dimension_scores == {"knowledge": ["2.00", "4.00"], "method": ["2.00", "4.00"]}
    assert result.passed is True
    failed = scoring.score_attempt(
        layout=layout, answers={}, keys=keys, multiple_rule="all", pass_mark=Decimal("4")
    )
    assert failed.score == 0 and failed.passed is False


@pytest.mark.django_db
def test_draw_is_deterministic_and_shuffles_options(tree, bank):
    for _ in range(10):
        make_question(bank, "single", answer=[0], topic="安全")
    for _ in range(5):
        make_question(bank, "multiple", answer=[0, 1], topic="安全")
    paper = Paper.objects.create(org=tree.a, title="随机卷", mode=Paper.Mode.RANDOM)
    paper.rules.create(type="single", count=4, points=1, topic="安全", position=1)
    paper.rules.create(type="multiple", count=2, points=3, position=2)
    one = drawing.draw_layout(paper, seed=drawing.seed_for(paper.pk, 7, 1))
    again = drawing.draw_layout(paper, seed=drawing.seed_for(paper.pk, 7, 1))
    other = drawing.draw_layout(paper, seed=drawing.seed_for(paper.pk, 8, 1))
    assert one == again
    assert one != other
    assert len(one) == 6 and len({i["q"] for i in one}) == 6
    assert [i["points"] for i in one] == ["1.00"] * 4 + ["3.00"] * 2
    for item in one:
        assert sorted(item["perm"]) == [0, 1, 2, 3]
    assert any(item["perm"] != [0, 1, 2, 3] for item in one + other)


@pytest.mark.django_db
def test_judge_options_never_shuffled_and_fixed_order(tree, qs):
    paper = make_paper(tree.a, [(qs.judge, 1), (qs.single, 1)])
    for seed in range(20):
        layout = drawing.draw_layout(paper, seed=str(seed))
        assert [i["q"] for i in layout] == [qs.judge.pk, qs.single.pk]
        assert layout[0]["perm"] == [0, 1]


@pytest.mark.django_db
def test_rule_problems_message(tree, bank):
    for _ in range(3):
        make_question(bank, "multiple", answer=[0], topic="安全")
    make_question(bank, "multiple", answer=[0], topic="健康")
    paper = Paper.objects.create(org=tree.a, title="随机卷", mode=Paper.Mode.RANDOM)
    rule = paper.rules.create(type="multiple", count=6, points=1, topic="安全")
    assert drawing.rule_problems(paper) == ["可用题库中“安全”主题的多选题只有3道，规则需要6道"]
    rule.count = 3
    rule.save()
    assert drawing.rule_problems(paper) == []


@pytest.mark.django_db
def test_banks_of_other_subtrees_are_not_usable(tree):
    from kesu.quiz.models import QuestionBank

    b_bank = QuestionBank.objects.create(org=tree.b, name="滨江题库")
    make_question(b_bank, "single")
    paper = Paper.objects.create(org=tree.a, title="随机卷", mode=Paper.Mode.RANDOM)
    paper.rules.create(type="single", count=1, points=1)
    assert drawing.rule_problems(paper) == ["可用题库中单选题只有0道，规则需要1道"]
