"""Validation messages, audit rows, scope and the protected expert phone."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.orgs import access
from kesu.resources import selectors, services
from kesu.resources.models import Expert, Venue, VenueVisit
from kesu.resources.validation import ResourceError


def test_venue_create_audits_in_scope(res, users, tree):
    venue = services.venue_create(
        actor=users.staff_a, org=tree.a1, data={"name": "街道阅览室", "kind": "阅览室"}
    )
    assert venue.kind == "reading_room"
    entry = AuditEntry.objects.get(action="venue.create", target_id=str(venue.pk))
    assert entry.org_path == tree.a1.path
    assert entry.changes["name"] == [None, "街道阅览室"]


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"name": "", "kind": "museum"}, "name", "名称不能为空"),
        ({"name": "x", "kind": "zoo"}, "kind", "类型“zoo”无效"),
        ({"name": "x", "kind": "museum", "books_held": -1}, "books_held", "藏书不能为负数"),
        ({"name": "x", "kind": "museum", "area_m2": "-3"}, "area_m2", "面积不能为负数"),
        ({"name": "x", "kind": "museum", "opened_on": "去年"}, "opened_on", "建成/启用日期"),
    ],
)
def test_venue_validation_names_the_field(users, tree, data, field, text):
    with pytest.raises(ResourceError) as exc:
        services.venue_create(actor=users.admin_a, org=tree.a, data=data)
    assert text in exc.value.errors[field]
    assert not Venue.objects.exists()
    assert not AuditEntry.objects.filter(action="venue.create").exists()


def test_visit_rules(res, users):
    with pytest.raises(ResourceError) as exc:
        services.venue_visit_add(
            actor=users.admin_a,
            venue=res.va,
            data={"period_start": "2026-04-01", "period_end": "2026-03-31", "visitors": -5},
        )
    assert exc.value.errors == {
        "period_end": "结束日期不能早于开始日期",
        "visitors": "参观人次不能为负数",
    }
    visit = services.venue_visit_add(
        actor=users.admin_a,
        venue=res.va,
        data={"period_start": "2026-01-01", "period_end": "2026-03-31", "visitors": "120"},
    )
    assert visit.visitors == 120
    assert AuditEntry.objects.filter(action="venue.visit_add", target_id=str(res.va.pk)).exists()


def test_publication_link_and_channel(users, tree):
    with pytest.raises(ResourceError) as exc:
        services.publication_create(
            actor=users.admin_a,
            org=tree.a,
            data={
                "channel": "radio",
                "title": "t",
                "published_on": "2026-01-01",
                "link": "javascript:alert(1)",
            },
        )
    assert "渠道“radio”无效" in exc.value.errors["channel"]
    assert exc.value.errors["link"] == "链接应为以 http:// 或 https:// 开头的网址"


def test_expert_phone_protected(res, users):
    expert = Expert.objects.get(pk=res.ea.pk)
    assert "13812345678" not in expert.phone_enc
    assert crypto.decrypt(expert.phone_enc) == "13812345678"
    assert expert.phone_masked == "138****5678"
    assert expert.field_codes == ["health", "safety"]
    audit = AuditEntry.objects.get(action="expert.create", target_id=str(expert.pk))
    assert "13812345678" not in str(audit.changes)
    assert services.expert_phone(actor=users.staff_a, expert=expert) == "138****5678"
    with pytest.raises(ResourceError) as exc:
        services.expert_update(actor=users.admin_a, expert=expert, data={"phone": "12345"})
    assert exc.value.errors["phone"].startswith("联系电话")


def test_scope_and_roles(res, users, tree):
    with pytest.raises(access.NotFound):
        services.venue_create(actor=users.admin_b, org=tree.a, data={"name": "x", "kind": "other"})
    with pytest.raises(access.Forbidden):
        services.venue_update(actor=users.viewer_a, venue=res.va, data={"name": "改名"})
    with pytest.raises(access.NotFound):
        services.venue_update(actor=users.admin_b, venue=res.va, data={"name": "改名"})
    with pytest.raises(access.NotFound):  # moving outside the scope
        services.venue_update(actor=users.admin_a, venue=res.va, data={"org": "HZ-B"})
    assert list(selectors.venue_list(user=users.admin_b)) == [res.vb]
    assert list(selectors.expert_list(user=users.admin_b)) == [res.eb]
    assert list(selectors.publication_list(user=users.admin_b)) == [res.pb]
    assert not VenueVisit.objects.exists()


def test_update_audits_diff(res, users):
    services.venue_update(actor=users.admin_a, venue=res.va, data={"books_held": "1500"})
    entry = AuditEntry.objects.get(action="venue.update")
    assert entry.changes == {"books_held": [1200, 1500]}


def test_filters(res, users):
    f = selectors.VenueFilters(kind="worker_library", new_in="2026")
    assert list(selectors.venue_list(user=users.root, filters=f)) == [res.va]
    f = selectors.VenueFilters(org="HZ-B")
    assert list(selectors.venue_list(user=users.admin_a, filters=f)) == []
    experts = selectors.expert_list(user=users.root, filters=selectors.ExpertFilters(field="law"))
    assert list(experts) == [res.eb]
    pubs = selectors.PublicationFilters(
        channel="wechat", date_from="2026-03-01", date_to="2026-03-31"
    )
    assert list(selectors.publication_list(user=users.root, filters=pubs)) == [res.pa]
