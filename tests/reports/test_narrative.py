"""The narrative is never lost: it belongs to a reporting period (found from any range inside
it), is autosaved through a JSON endpoint, versioned and restorable, and old drafts of exact
ranges moved into their period by the migration."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps
from django.utils import timezone

from kesu.audit.models import AuditEntry
from kesu.reports import drafts
from kesu.reports.models import SummaryDraft, WorkSummary
from kesu.reports.periods import natural_period
from kesu.reports.summary import Narrative

pytestmark = pytest.mark.django_db
D = dt.date


def _q(start: str, end: str, **extra: str) -> str:
    return "&".join(
        f"{k}={v}"
        for k, v in {"org": "HZ-A", "from": start, "to": end, "style": "exact", **extra}.items()
    )


@pytest.mark.parametrize(
    ("start", "end", "kind", "name"),
    [
        (D(2026, 1, 1), D(2026, 12, 7), "year", "2026年度"),
        (D(2026, 1, 1), D(2026, 12, 31), "year", "2026年度"),
        (D(2026, 2, 1), D(2026, 6, 30), "half", "2026年上半年"),
        (D(2026, 7, 1), D(2026, 8, 15), "quarter", "2026年第三季度"),
        (D(2026, 3, 5), D(2026, 3, 9), "month", "2026年3月"),
        (D(2025, 11, 1), D(2026, 2, 28), "custom", "2025年11月1日至2026年2月28日"),
    ],
)
def test_natural_period(start, end, kind, name):
    period = natural_period(start, end)
    assert (period.kind, period.name) == (kind, name)
    assert period.contains(start, end)


def test_draft_of_the_year_is_found_from_any_range_inside_it(tree, users):
    saved = drafts.draft_save(
        actor=users.admin_a,
        org=tree.a,
        start=D(2026, 1, 1),
        end=D(2026, 12, 7),
        style="exact",
        narrative=Narrative(problems="经费不足。"),
    )
    assert (saved.summary.period, saved.summary.start, saved.summary.end) == (
        "year",
        D(2026, 1, 1),
        D(2026, 12, 31),
    )
    for start, end in ((D(2026, 1, 1), D(2026, 12, 31)), (D(2026, 1, 1), D(2026, 12, 7))):
        found = drafts.summary_for(user=users.viewer_a, org=tree.a, start=start, end=end)
        assert drafts.draft_get(found).problems == "经费不足。"
    # a quarter with no draft of its own shows (and saves into) the year's draft
    q3 = drafts.summary_for(
        user=users.viewer_a, org=tree.a, start=D(2026, 7, 1), end=D(2026, 9, 30)
    )
    assert q3 == saved.summary
    assert (
        drafts.summary_for(user=users.admin_a, org=tree.a, start=D(2025, 1, 1), end=D(2025, 12, 31))
        is None
    )
    assert (
        drafts.summary_for(
            user=users.admin_a, org=tree.a1, start=D(2026, 1, 1), end=D(2026, 12, 31)
        )
        is None
    )


def test_page_says_which_draft_it_shows(client, tree, users):
    drafts.draft_save(
        actor=users.admin_a,
        org=tree.a,
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        style="exact",
        narrative=Narrative(problems="年度问题。"),
    )
    client.force_login(users.staff_a)
    page = client.get(f"/reports/summary/?{_q('2026-01-01', '2026-12-07')}").content.decode()
    assert "显示的是2026年度的草稿（第1版），最后保存于2026年" in page
    assert "年度问题。" in page
    page = client.get(f"/reports/summary/?{_q('2025-01-01', '2025-03-31')}").content.decode()
    assert "2025年第一季度尚无草稿" in page


def test_autosave_endpoint_amends_then_starts_a_new_version(client, tree, users):
    client.force_login(users.staff_a)
    url = f"/reports/summary/autosave/?{_q('2026-01-01', '2026-12-07')}"
    first = client.post(url, {"problems": "一"}, HTTP_ACCEPT="application/json")
    assert first.status_code == 200
    body = json.loads(first.content)
    assert body["version"] == 1 and body["period"] == "2026年度"
    assert body["status"].startswith("已自动保存 ") and "2026年度第1版" in body["status"]
    client.post(url, {"problems": "一二", "base": "1"})
    draft = SummaryDraft.objects.get()
    assert (draft.version, draft.problems, draft.autosaved) == (1, "一二", True)
    # after a pause the next autosave starts a new version; the old text stays
    SummaryDraft.objects.update(updated_at=timezone.now() - drafts.AMEND_WINDOW)
    assert json.loads(client.post(url, {"problems": "一二三", "base": "1"}).content)["version"] == 2
    # text typed over the older version 1 never overwrites version 2
    client.post(url, {"problems": "从第1版改起", "base": "1"})
    assert list(SummaryDraft.objects.order_by("version").values_list("problems", flat=True)) == [
        "一二",
        "一二三",
        "从第1版改起",
    ]
    assert AuditEntry.objects.filter(action="summary.draft").count() == 3


def test_autosave_needs_change_rights_and_csrf(client, tree, users):
    url = f"/reports/summary/autosave/?{_q('2026-01-01', '2026-12-31')}"
    client.force_login(users.viewer_a)
    assert client.post(url, {"problems": "x"}).status_code == 403
    client.force_login(users.admin_b)  # another district: the same answer as a missing org
    assert client.post(url, {"problems": "x"}).status_code == 404
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users.staff_a)
    assert strict.post(url, {"problems": "x"}).status_code == 403
    assert not SummaryDraft.objects.exists()


def test_manual_save_keeps_versions_and_restore_brings_text_back(client, tree, users):
    client.force_login(users.admin_a)
    query = _q("2026-01-01", "2026-12-31")
    client.post(f"/reports/summary/save/?{query}", {"problems": "初稿。", "note": "初稿"})
    client.post(f"/reports/summary/save/?{query}", {"problems": "改稿。"})
    page = client.get(f"/reports/summary/?{query}").content.decode()
    assert "第1版" in page and "第2版" in page and "恢复此版本" in page
    older = client.get(f"/reports/summary/?{query}&version=1").content.decode()
    assert "初稿。" in older and "较早的版本" in older
    response = client.post(f"/reports/summary/restore/?{query}", {"version": "1"})
    assert response.status_code == 302
    latest = drafts.draft_get(WorkSummary.objects.get())
    assert (latest.version, latest.problems, latest.note) == (3, "初稿。", "恢复第1版")


def test_migration_moves_exact_ranges_into_their_period_keeping_every_draft(tree, users):
    old = WorkSummary.objects.create(org=tree.a, start=D(2026, 1, 1), end=D(2026, 12, 7))
    SummaryDraft.objects.create(summary=old, version=1, problems="十二月七日稿")
    SummaryDraft.objects.create(summary=old, version=2, problems="十二月七日二稿")
    later = WorkSummary.objects.create(org=tree.a, start=D(2026, 1, 1), end=D(2026, 12, 31))
    SummaryDraft.objects.create(summary=later, version=1, problems="全年稿")
    quarter = WorkSummary.objects.create(org=tree.a, start=D(2026, 4, 2), end=D(2026, 5, 30))
    SummaryDraft.objects.create(summary=quarter, version=1, problems="二季度稿")
    migration = importlib.import_module("kesu.reports.migrations.0003_summary_drafts_to_periods")
    migration.forwards(apps, None)
    year = WorkSummary.objects.get(org=tree.a, period="year")
    assert (year.start, year.end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert list(year.drafts.order_by("version").values_list("version", "problems")) == [
        (1, "十二月七日稿"),
        (2, "十二月七日二稿"),
        (3, "全年稿"),
    ]
    q2 = WorkSummary.objects.get(org=tree.a, period="quarter")
    assert (q2.start, q2.end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert WorkSummary.objects.count() == 2 and SummaryDraft.objects.count() == 4
