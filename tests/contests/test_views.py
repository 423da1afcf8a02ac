import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from kesu.audit.models import AuditEntry
from kesu.contests.models import Certificate, Contest
from kesu.core.text import mask_name
from tests.conftest import login
from tests.contests.conftest import make_attempt, make_contest, make_paper
from tests.factories import make_member


@pytest.fixture
def played(tree, members, contest):
    members.in_a.name = "张小三"
    members.in_a.save()
    make_attempt(contest.paper, members.in_a, 95, duration=120)
    make_attempt(contest.paper, make_member(tree.a1g, name="欧阳晓明"), 80)
    make_attempt(contest.paper, members.in_a2, 70)
    return contest


def test_mask_name():
    assert [mask_name(n) for n in ("张三", "张小三", "欧阳晓明", "王")] == [
        "张*",
        "张*三",
        "欧**明",
        "王",
    ]


def test_staff_detail_shows_both_boards(client, users, played):
    login(client, users.staff_a)
    response = client.get(reverse("contests:detail", args=[played.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "张小三" in body and "欧阳晓明" in body
    assert 'hx-trigger="every 10s"' in body
    assert "北山街道总工会" in body  # org board row
    assert "<script>" not in body and "style=" not in body


def test_org_board_drill_down_and_outside_org(client, users, tree, played):
    login(client, users.staff_a)
    url = reverse("contests:board_orgs", args=[played.pk])
    body = client.get(url, {"org": "HZ-A-1"}).content.decode()
    assert "某科技公司工会" in body
    assert client.get(url, {"org": "HZ-B"}).status_code == 404
    assert client.get(url, {"org": "HZ"}).status_code == 404


def test_other_subtree_404(client, users, played):
    login(client, users.admin_b)
    for name in ("contests:detail", "contests:export", "contests:board_orgs", "contests:edit"):
        assert client.get(reverse(name, args=[played.pk])).status_code == 404


def test_viewer_cannot_write(client, users, tree, played):
    login(client, users.viewer_a)
    assert client.get(reverse("contests:create")).status_code == 403
    assert (
        client.post(reverse("contests:edit", args=[played.pk]), {"title": "x"}).status_code == 403
    )


def test_create_via_form_and_mismatch(client, users, tree):
    paper = make_paper(tree.a)
    other = make_paper(tree.a1)
    login(client, users.staff_a)
    data = {
        "title": "区竞赛",
        "paper": str(other.pk),
        "org": "HZ-A",
        "status": "published",
        "starts_at": "2026-06-01T09:00",
        "ends_at": "2026-06-30T18:00",
        "prize_rules": "一等奖=前1名\n优秀奖=80%",
        "weight_participation": "40",
        "weight_average": "40",
        "weight_high_score": "20",
        "high_score_percent": "90",
    }
    response = client.post(reverse("contests:create"), data)
    assert response.status_code == 400
    assert "与主办组织西湖区总工会不一致" in response.content.decode()
    assert not Contest.objects.exists()
    response = client.post(reverse("contests:create"), {**data, "paper": str(paper.pk)})
    contest = Contest.objects.get()
    assert response.status_code == 302 and contest.org == tree.a
    assert contest.prize_rules == [
        {"name": "一等奖", "top": 1},
        {"name": "优秀奖", "min_percent": "80"},
    ]
    assert AuditEntry.objects.filter(action="contest.create").count() == 1
    bad = client.post(
        reverse("contests:edit", args=[contest.pk]),
        {**data, "ends_at": "2026-05-01T09:00", "prize_rules": "一等奖=第一"},
    )
    text = bad.content.decode()
    assert bad.status_code == 400 and "结束时间应晚于开始时间" in text and "条件“第一”无效" in text


def test_member_sees_masked_board_and_own_rank(client, users, members, played):
    users.member_a.member = members.in_a
    users.member_a.save()
    login(client, users.member_a)
    body = client.get(reverse("contests:detail", args=[played.pk])).content.decode()
    assert "张*三" in body and "欧**明" in body
    assert "张小三" not in body and "欧阳晓明" not in body
    assert "我的名次" in body
    assert client.get(reverse("contests:board_orgs", args=[played.pk])).status_code == 403
    assert client.get(reverse("contests:export", args=[played.pk])).status_code == 403
    pdf = client.get(reverse("contests:my_certificate", args=[played.pk, "prize"]))
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "获奖证书" in text and "一等奖" in text and "张小三" in text
    code = Certificate.objects.get(kind="prize").code
    assert code in text
    # an unlinked member-role login sees nothing; a contest of another district is 404
    other = make_contest(users.admin_b.org)
    assert client.get(reverse("contests:detail", args=[other.pk])).status_code == 404


def test_draft_contest_hidden_from_members(client, users, members, tree):
    draft = make_contest(tree.a, status=Contest.Status.DRAFT)
    users.member_a.member = members.in_a
    users.member_a.save()
    login(client, users.member_a)
    assert client.get(reverse("contests:detail", args=[draft.pk])).status_code == 404


def test_export_content(client, users, played):
    login(client, users.staff_a)
    response = client.get(reverse("contests:export", args=[played.pk]))
    book = load_workbook(io.BytesIO(response.content))
    people, orgs = book["个人成绩"], book["单位排名"]
    rows = list(people.iter_rows(values_only=True))
    assert rows[0][0] == "西湖区职工科普知识竞赛 个人成绩"
    assert rows[1][0].startswith("主办单位：西湖区总工会")
    assert rows[2][0].startswith("竞赛时间：2026-05-01 09:00")
    assert rows[4][:4] == ("名次", "姓名", "所在单位", "得分")
    assert rows[5][:2] == (1, "张小三") and rows[5][-1] == "一等奖"
    assert [r[1] for r in rows[5:]] == ["张小三", "欧阳晓明", "李四"]
    org_rows = list(orgs.iter_rows(values_only=True))
    assert "北山街道总工会" in [r[1] for r in org_rows[6:]]
    assert AuditEntry.objects.filter(action="contest.export").exists()


def test_export_is_formula_safe(client, users, tree, contest):
    make_attempt(contest.paper, make_member(tree.a1g, name="=HYPERLINK(1)"), 50)
    login(client, users.staff_a)
    book = load_workbook(
        io.BytesIO(client.get(reverse("contests:export", args=[contest.pk])).content)
    )
    assert book["个人成绩"]["B6"].value == "'=HYPERLINK(1)"


def test_staff_certificates_in_scope_only(client, users, members, tree, played):
    login(client, users.staff_a)
    url = reverse("contests:certificate", args=[played.pk, members.in_a.pk, "participation"])
    text = PdfReader(io.BytesIO(client.get(url).content)).pages[0].extract_text()
    assert "参与证书" in text and "张小三" in text and "95" in text
    nobody = make_member(tree.a1g, name="未参赛")
    url = reverse("contests:certificate", args=[played.pk, nobody.pk, "participation"])
    assert client.get(url).status_code == 404
    url = reverse("contests:certificate", args=[played.pk, members.in_a2.pk, "prize"])
    assert client.get(url).status_code == 200  # third place: 一等奖 covers the top 3
    login(client, users.admin_b)
    url = reverse("contests:certificate", args=[played.pk, members.in_a.pk, "participation"])
    assert client.get(url).status_code == 404


def test_archive_entry(tree, members, played):
    from kesu.contests.archive import archive_entries

    (entry,) = archive_entries(members.in_a)
    assert entry.kind == "contest" and entry.title == played.title
    assert entry.figures == {"最好成绩": "95.00/100.00", "名次": "1", "奖项": "一等奖"}
    assert archive_entries(members.in_a, date_from=dt.date(2026, 6, 1)) == []
    assert archive_entries(members.in_b) == []
