"""The workbench: what a cadre and a member have to do, each item one tap from its page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from kesu.activities.models import Activity
from kesu.plans.models import Plan, Task
from kesu.quiz.models import Paper
from kesu.submissions.models import Submission
from tests.conftest import login

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a href="(/[^"]*)">([^<]*)</a>')


def _links(html: str) -> dict[str, str]:
    main = html[html.index("<main") : html.index("</main>")]
    return {text: href.replace("&amp;", "&") for href, text in LINK.findall(main)}


@pytest.fixture
def cadre_work(tree, users):
    today = timezone.localdate()
    plan = Plan.objects.create(org=tree.a, year=today.year)
    Task.objects.create(
        plan=plan,
        title="组织职工科普讲座",
        responsible=users.admin_a,
        deadline=today - dt.timedelta(days=1),
    )
    Submission.objects.create(
        org=tree.a,
        parent=tree.city,
        start=dt.date(today.year, 1, 1),
        end=today,
        status="returned",
        comment="数据不全",
        submitted_at=timezone.now(),
    )
    soon = timezone.now() + dt.timedelta(days=2)
    Activity.objects.create(
        org=tree.a1,
        title="防诈骗知识讲座",
        kind="lecture",
        start=soon,
        end=soon + dt.timedelta(hours=2),
    )
    Activity.objects.create(
        org=tree.b, title="滨江的活动", kind="lecture", start=soon, end=soon + dt.timedelta(hours=2)
    )


def test_cadre_sees_what_to_do_and_every_item_opens(client, users, cadre_work):
    html = login(client, users.admin_a).get("/").content.decode()
    links = _links(html)
    assert "组织职工科普讲座" in links and "已逾期" in html
    assert any("被退回" in text for text in links) and "数据不全" in html
    assert "北山街道总工会" in links  # a child unit that has not reported
    assert "防诈骗知识讲座" in links
    assert "滨江的活动" not in html  # another district's activity
    for text, href in links.items():
        assert client.get(href).status_code == 200, (text, href)


def test_member_sees_quizzes_and_archive_not_cadre_work(client, users, members, cadre_work):
    users.member_a.member = members.in_a
    users.member_a.save()
    Paper.objects.create(org=users.member_a.org, title="安全知识答题", status="published")
    response = login(client, users.member_a).get("/")
    html = response.content.decode()
    links = _links(html)
    assert "安全知识答题" in links
    assert "我的科学素质档案" in html and "组织职工科普讲座" not in html
    assert "下级未报送单位" not in html
    for text, href in links.items():
        assert client.get(href).status_code == 200, (text, href)


def test_login_lands_on_the_workbench(client, users, password):
    response = client.post("/accounts/login/", {"username": "staff_a", "password": password})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "工作台" in client.get("/").content.decode()


def test_a_reminder_from_above_shows_and_opens_its_campaign(client, users, tree):
    from kesu.activities.models import CampaignReminder
    from tests.activities_campaigns.conftest import make_campaign

    campaign = make_campaign(tree.city)
    CampaignReminder.objects.create(campaign=campaign, org=tree.a, note="请于周五前登记")
    html = login(client, users.admin_a).get("/").content.decode()
    links = _links(html)
    title = next(text for text in links if "全国科普日" in text)
    assert "请于周五前登记" in html
    assert client.get(links[title]).status_code == 200
