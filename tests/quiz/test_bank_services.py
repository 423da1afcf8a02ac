"""Question services: validation messages, duplicates, versioning, scope of writes."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from kesu.orgs import access
from kesu.quiz.bank import selectors as sel
from kesu.quiz.bank import services as svc
from kesu.quiz.models import Paper, PaperItem, Question
from tests.quiz.bank_fixtures import (
    attempt_seeing,
    banks_fixture,  # noqa: F401
    single,
)


def _error(data):
    with pytest.raises(svc.QuestionError) as info:
        svc.clean_question(data)
    return info.value.errors


def test_validation_messages():
    base = single()
    assert _error({**base, "answer": ""})["answer"] == "未填写正确答案"
    assert "只能有一个正确答案" in _error({**base, "answer": "AB"})["answer"]
    assert "至少需要2个正确答案" in _error({**base, "type": "multiple", "answer": "A"})["answer"]
    assert "不在选项范围内" in _error({**base, "answer": "E"})["answer"]
    assert _error({**base, "options": ["只有一个"]})["options"] == "至少需要2个选项"
    assert "无法识别" in _error({**base, "answer": "甲"})["answer"]
    judge = {"type": "判断", "stem": "月球自身能够发光。", "answer": "错", "dimension": "科学知识"}
    assert svc.clean_question(judge)["options"] == ["正确", "错误"]
    assert svc.clean_question(judge)["answer"] == [1]
    assert svc.clean_question({**judge, "options": ["对", "错"]})["options"] == ["正确", "错误"]
    assert "正确”“错误" in _error({**judge, "options": ["错误", "正确"]})["options"]
    assert "正确”“错误" in _error({**judge, "options": ["甲", "乙", "丙"]})["options"]
    assert "可选" in _error({**base, "dimension": "常识"})["dimension"]
    assert _error({**base, "stem": "  "})["stem"] == "题干不能为空"
    assert svc.clean_question({**base, "type": "多选", "answer": "A, C"})["answer"] == [0, 2]


def test_stem_normalisation():
    assert svc.normalise_stem("ＡＢＣ　１２３，你好！") == svc.normalise_stem("abc123你好")
    assert svc.stem_hash("地心 非常热。") == svc.stem_hash("地心非常热")


def test_duplicate_warning_within_usable_banks(banks, users):
    # HZ-A's bank can use the city bank: same stem (full-width, spaces) -> warned, still saved.
    saved = svc.question_create(
        actor=users.staff_a, bank=banks.a, data=single(stem="我国的火警报警电话是多少 ?")
    )
    assert [q.pk for q in saved.duplicates] == [banks.q_city.pk]
    assert saved.question.pk
    # HZ-B's bank does not see HZ-A's bank: no warning there.
    saved = svc.question_create(
        actor=users.admin_b,
        bank=banks.b,
        data={
            **single(stem="声音不能在真空中传播"),
            "type": "judge",
            "options": [],
            "answer": "对",
        },
    )
    assert saved.duplicates == []


def test_unused_edit_updates_in_place(banks, users):
    q = banks.q_a
    saved = svc.question_update(actor=users.staff_a, question=q, data={"stem": "真空中不能传声。"})
    assert not saved.new_version and saved.question.pk == q.pk
    q.refresh_from_db()
    assert q.stem == "真空中不能传声。" and q.version == 1 and q.is_current
    assert q.stem_hash == svc.stem_hash("真空中不能传声")
    assert AuditEntry.objects.filter(action="question.update", target_id=str(q.pk)).exists()


@pytest.mark.parametrize("how", ["layout", "answers", "paper_item"])
def test_used_edit_creates_new_version(banks, users, members, tree, how):
    q = banks.q_city
    if how == "paper_item":
        paper = Paper.objects.create(org=tree.a, title="固定卷")
        PaperItem.objects.create(paper=paper, question=q)
        attempt = None
    else:
        attempt = attempt_seeing(q, tree.a1g, members.in_a, answered=(how == "answers"))
        if how == "answers":
            attempt.layout = []
            attempt.save()
    assert svc.is_used(q)
    saved = svc.question_update(
        actor=users.city_admin, question=q, data={"answer": "C", "explanation": "改为120"}
    )
    assert saved.new_version
    new = saved.question
    assert new.pk != q.pk and new.family == q.family and new.version == 2 and new.is_current
    assert new.answer == [2]
    old = Question.objects.get(pk=q.pk)
    assert not old.is_current and old.answer == [1]  # what the attempt saw is unchanged
    if attempt is not None:
        attempt.refresh_from_db()
        assert str(q.pk) in attempt.answers or attempt.layout[1]["q"] == q.pk
    assert [v.version for v in sel.question_versions(new)] == [2, 1]
    # Lists show only the current version; editing the old row is refused.
    listed = sel.question_list(users.city_admin, bank=banks.city)
    assert [x.pk for x in listed] == [new.pk]
    with pytest.raises(svc.QuestionError):
        svc.question_update(actor=users.city_admin, question=old, data={"stem": "x"})


def test_status_change_of_used_question_stays_in_place(banks, users, members, tree):
    q = banks.q_city
    attempt_seeing(q, tree.a1g, members.in_a, answered=True)
    retired = svc.question_retire(actor=users.city_admin, question=q)
    assert retired.pk == q.pk and retired.status == "retired" and retired.version == 1


def test_many_candidate_attempts_count_as_use(banks, users, members, tree, monkeypatch):
    attempt_seeing(banks.q_a, tree.a1g, members.in_a)
    fresh = svc.question_create(
        actor=users.staff_a, bank=banks.a, data=single(stem="新题")
    ).question
    assert not svc.is_used(fresh)
    attempt_seeing(banks.q_a, tree.a1g, members.in_a)  # created after `fresh`
    monkeypatch.setattr(svc, "EXACT_SCAN_LIMIT", 0)  # too many to read: conservatively used
    assert svc.is_used(fresh)


def test_unrelated_attempts_do_not_count_as_use(banks, users, members, tree):
    attempt_seeing(banks.q_a, tree.a1g, members.in_a)
    assert not svc.is_used(banks.q_city)
    # A paper of HZ-B cannot draw from HZ-A's bank: its attempts are not looked at.
    attempt_seeing(banks.q_b, tree.bg, members.in_b, answered=True)
    assert svc.is_used(banks.q_b)
    fresh = svc.question_create(
        actor=users.staff_a, bank=banks.a, data=single(stem="新题")
    ).question
    attempt_seeing(fresh, tree.bg, members.in_b, answered=True)
    assert not svc.is_used(fresh)


def test_write_scope(banks, users):
    # A district cannot edit the city's bank or its questions; a viewer cannot write at all.
    with pytest.raises(access.NotFound):
        svc.question_update(actor=users.admin_a, question=banks.q_city, data={"stem": "x"})
    with pytest.raises(access.NotFound):
        svc.question_create(actor=users.admin_a, bank=banks.city, data=single(stem="新题"))
    with pytest.raises(access.Forbidden):
        svc.question_create(actor=users.viewer_a, bank=banks.a, data=single(stem="新题"))
    with pytest.raises(access.NotFound):
        svc.bank_update(actor=users.admin_b, bank=banks.a, data={"name": "x"})
    with pytest.raises(svc.QuestionError):
        svc.bank_create(actor=users.admin_a, org=banks.a.org, data={"name": " "})


def test_visibility_shared_downward(banks, users, tree):
    names = lambda user: sorted(b.name for b in sel.bank_list(user))  # noqa: E731
    assert names(users.staff_a) == ["市级题库", "西湖区题库"]
    assert names(users.admin_b) == ["市级题库", "滨江区题库"]
    assert names(users.city_admin) == ["市级题库", "滨江区题库", "西湖区题库"]
    assert names(users.member_a) == []
    assert sorted(b.name for b in sel.usable_banks(tree.a1g)) == ["市级题库", "西湖区题库"]
    assert sel.bank_get(users.staff_a, banks.city.pk).pk == banks.city.pk
    with pytest.raises(access.NotFound):
        sel.bank_get(users.staff_a, banks.city.pk, access.CHANGE)
    with pytest.raises(access.NotFound):
        sel.bank_get(users.admin_b, banks.a.pk)
    with pytest.raises(access.NotFound):
        sel.question_get(users.admin_b, banks.q_a.pk)
    assert sel.can_edit_bank(users.staff_a, banks.a)
    assert not sel.can_edit_bank(users.staff_a, banks.city)
    assert not sel.can_edit_bank(users.viewer_a, banks.a)


def test_question_filters(banks, users):
    f = sel.QuestionFilters.from_mapping({"type": "judge"})
    assert [q.pk for q in sel.question_list(users.staff_a, filters=f)] == [banks.q_a.pk]
    f = sel.QuestionFilters.from_mapping({"q": "火警", "topic": "应急避险"})
    assert [q.pk for q in sel.question_list(users.staff_a, filters=f)] == [banks.q_city.pk]
    f = sel.QuestionFilters.from_mapping({"bank": str(banks.b.pk)})
    assert list(sel.question_list(users.staff_a, filters=f)) == []
