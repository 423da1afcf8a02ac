"""Activity writes: validation at the field, scope, audit, copy, the person-times warning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from kesu.activities import selectors
from kesu.activities.models import Activity, Campaign
from kesu.activities.services import ActivityError, activity_copy, activity_create, activity_update
from kesu.audit.models import AuditEntry
from kesu.core.codes import decode_codes
from kesu.orgs import access
from tests.activities.conftest import check_in, make_activity

pytestmark = pytest.mark.django_db

BASE = {
    "title": "3·23世界气象日进校园",
    "kind": "campaign",
    "start": "2026-03-23 09:00",
    "end": "2026-03-23 11:30",
}


def errors_of(excinfo) -> dict[str, str]:
    return excinfo.value.errors


def test_create_records_every_figure_and_audits(users, tree):
    data = {
        **BASE,
        "outreach": "进校园",
        "topics": ["disaster", "环境保护"],
        "target_groups": "青少年,职工",
        "materials_distributed": "500",
        "consultations": 30,
        "new_followers": 100,
        "media_reports": 2,
        "spending": "1200.50",
        "person_times": None,
        "place": "某小学",
    }
    activity = activity_create(actor=users.staff_a, org=tree.a1, data=data, co_orgs=["HZ-A-1-01"])
    activity.refresh_from_db()
    assert activity.outreach == "school" and activity.kind == "campaign"
    assert (
        activity.topics == ",disaster,environment," and activity.target_groups == ",youth,workers,"
    )
    assert decode_codes(activity.topics) == ["disaster", "environment"]
    assert (activity.materials_distributed, activity.consultations, activity.new_followers) == (
        500,
        30,
        100,
    )
    assert activity.spending == Decimal("1200.50") and activity.person_times is None
    assert list(activity.co_orgs.values_list("code", flat=True)) == ["HZ-A-1-01"]
    entry = AuditEntry.objects.get(action="activity.create")
    assert entry.target_type == "activity" and entry.target_id == str(activity.pk)
    assert entry.changes["materials_distributed"] == [None, 500]
    assert entry.changes["co_orgs"] == [None, ["HZ-A-1-01"]]


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"end": "2026-03-22 09:00"}, "end", "结束时间不能早于开始时间"),
        ({"materials_distributed": -5}, "materials_distributed", "不能为负数"),
        ({"person_times": "-1"}, "person_times", "不能为负数"),
        ({"consultations": "很多"}, "consultations", "应为整数"),
        ({"kind": "party"}, "kind", "无法识别：party"),
        ({"topics": ["tech", "烹饪"]}, "topics", "无法识别：烹饪"),
        ({"target_groups": ["aliens"]}, "target_groups", "无法识别：aliens"),
        ({"outreach": "进月球"}, "outreach", "无法识别"),
        ({"spending": "-1"}, "spending", "不能为负数"),
        ({"spending": "12.345"}, "spending", "两位小数"),
        ({"start": "明天"}, "start", "时间格式无效"),
        ({"title": "  "}, "title", "请填写活动名称"),
        ({"campaign": 99999}, "campaign", "主题活动不存在"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_nothing_is_stored(users, tree, data, field, text):
    with pytest.raises(ActivityError) as excinfo:
        activity_create(actor=users.staff_a, org=tree.a1g, data={**BASE, **data})
    assert text in errors_of(excinfo)[field]
    assert not Activity.objects.exists() and not AuditEntry.objects.exists()


def test_codes_or_chinese_labels_are_accepted(users, tree):
    activity = activity_create(
        actor=users.staff_a, org=tree.a1g, data={**BASE, "kind": "讲座", "topics": "科技知识、法律"}
    )
    assert activity.kind == "lecture" and activity.topics == ",tech,law,"


def test_missing_end_means_the_start(users, tree):
    data = {key: value for key, value in BASE.items() if key != "end"}
    activity = activity_create(actor=users.staff_a, org=tree.a1g, data=data)
    assert activity.end == activity.start


def test_out_of_scope_co_org_is_not_found(users, tree):
    with pytest.raises(Http404):
        activity_create(actor=users.staff_a, org=tree.a1g, data=BASE, co_orgs=["HZ-B-01"])
    with pytest.raises(Http404):
        activity_create(actor=users.staff_a, org=tree.a1g, data=BASE, co_orgs=["NOPE"])
    with pytest.raises(Http404):
        activity_create(actor=users.staff_a, org=tree.a1g, data=BASE, co_orgs=[tree.bg])
    assert not Activity.objects.exists()


def test_organiser_out_of_scope_is_not_found_and_viewer_is_forbidden(users, tree):
    with pytest.raises(Http404):
        activity_create(actor=users.admin_a, org=tree.bg, data=BASE)
    with pytest.raises(access.Forbidden):
        activity_create(actor=users.viewer_a, org=tree.a1g, data=BASE)


def test_campaign_of_an_ancestor_is_accepted_a_sibling_one_is_not(users, tree):
    upper = Campaign.objects.create(
        org=tree.city,
        name="2026年全国科普日",
        year=2026,
        start=dt.date(2026, 9, 19),
        end=dt.date(2026, 9, 25),
    )
    other = Campaign.objects.create(
        org=tree.b, name="滨江科技周", year=2026, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 7)
    )
    activity = activity_create(
        actor=users.staff_a, org=tree.a1g, data={**BASE, "campaign": upper.pk}
    )
    assert activity.campaign == upper
    with pytest.raises(ActivityError) as excinfo:
        activity_create(actor=users.staff_a, org=tree.a1g, data={**BASE, "campaign": other.pk})
    assert "campaign" in errors_of(excinfo)


def test_update_is_partial_checked_and_audited(users, tree):
    activity = make_activity(tree.a1g, person_times=40)
    with pytest.raises(ActivityError) as excinfo:
        activity_update(actor=users.staff_a, activity=activity, data={"end": "2026-03-01 08:00"})
    assert errors_of(excinfo) == {"end": "结束时间不能早于开始时间"}
    activity_update(
        actor=users.staff_a,
        activity=activity,
        data={"person_times": 55, "co_orgs": ["HZ-A-1"], "review_note": "反响良好"},
    )
    activity.refresh_from_db()
    assert activity.person_times == 55 and activity.review_note == "反响良好"
    entry = AuditEntry.objects.get(action="activity.update")
    assert entry.changes["person_times"] == [40, 55]
    assert entry.changes["co_orgs"] == [[], ["HZ-A-1"]]
    with pytest.raises(Http404):
        activity_update(actor=users.admin_a, activity=activity, data={"org": tree.bg})
    with pytest.raises(access.Forbidden):
        activity_update(actor=users.viewer_a, activity=activity, data={"title": "改"})


def test_update_of_another_subtree_is_not_found(users, tree):
    activity = make_activity(tree.bg)
    with pytest.raises(Http404):
        activity_update(actor=users.admin_a, activity=activity, data={"title": "改"})


def test_copy_makes_next_years_template(users, tree):
    source = make_activity(
        tree.a1g,
        title="2026年世界气象日宣传",
        day="2026-03-23",
        person_times=120,
        materials_distributed=500,
        consultations=30,
        new_followers=100,
        spending=Decimal("800"),
        review_note="回头看：效果好",
        topics=",disaster,",
        partners="市气象局",
    )
    source.co_orgs.set([tree.a1])
    copy = activity_copy(actor=users.staff_a, activity=source)
    copy.refresh_from_db()
    assert copy.copied_from == source and copy.pk != source.pk
    assert copy.title == "2027年世界气象日宣传"
    assert copy.start == source.start.replace(year=2027)
    assert (copy.topics, copy.partners, copy.kind) == (",disaster,", "市气象局", "lecture")
    assert copy.person_times is None and copy.materials_distributed == 0
    assert copy.consultations == copy.new_followers == 0 and copy.spending == 0
    assert copy.review_note == ""
    assert list(copy.co_orgs.all()) == [tree.a1]
    entry = AuditEntry.objects.get(action="activity.copy")
    assert entry.changes["copied_from"] == [None, source.pk]


def test_copy_of_29_february(users, tree):
    source = make_activity(tree.a1g, day="2028-02-29")
    copy = activity_copy(actor=users.staff_a, activity=source)
    assert (copy.start.month, copy.start.day, copy.start.year) == (2, 28, 2029)


def test_person_times_warning(users, tree, members):
    guests = ("h1", "h2")
    activity = make_activity(tree.a1g, person_times=2)
    check_in(activity, members.in_a, members.in_a2, guests=guests)
    check_in(activity, members.in_a, guests=("h1",), session=1)  # day two: same people
    counts = selectors.activity_person_times(activity)
    assert (counts.declared, counts.checked_in, counts.persons) == (2, 6, 4)
    assert "明显少于签到人次" in counts.warning
    annotated = selectors.activity_get(user=users.staff_a, pk=activity.pk)
    assert selectors.activity_person_times(annotated) == counts
    activity.person_times = 6
    assert selectors.activity_person_times(activity).warning == ""
    activity.person_times = None
    counts = selectors.activity_person_times(activity)
    assert counts.warning == "" and counts.effective == 6
    activity.person_times = 100
    assert "多出20%以上" in selectors.activity_person_times(activity).warning


def test_list_filters_and_scope(users, tree):
    lecture = make_activity(tree.a1g, title="健康讲座", day="2026-03-01", topics=",health,")
    visit = make_activity(
        tree.a, title="参观科技馆", day="2026-05-01", kind="visit", outreach="school"
    )
    in_b = make_activity(tree.bg, title="滨江讲座", day="2026-03-01")

    def ids(user, **f):
        return set(
            selectors.activity_list(user=user, filters=selectors.ActivityFilters(**f)).values_list(
                "pk", flat=True
            )
        )

    assert ids(users.admin_a) == {lecture.pk, visit.pk}
    assert ids(users.city_admin) == {lecture.pk, visit.pk, in_b.pk}
    assert ids(users.admin_a, q="讲座") == {lecture.pk}
    assert ids(users.admin_a, org="HZ-A-1") == {lecture.pk}
    assert ids(users.admin_a, org="HZ-B") == set()
    assert ids(users.admin_a, kind="visit") == {visit.pk}
    assert ids(users.admin_a, outreach="school") == {visit.pk}
    assert ids(users.admin_a, topic="health") == {lecture.pk}
    assert ids(users.admin_a, date_from="2026-04-01") == {visit.pk}
    assert ids(users.admin_a, date_to="2026-03-01") == {lecture.pk}
    assert ids(users.admin_a, campaign="x") == set()
    assert ids(users.member_a) == set()
    with pytest.raises(Http404):
        selectors.activity_get(user=users.admin_a, pk=in_b.pk)
