"""The archive read model: merged sources, newest first, grouped by year, nothing of others."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.archive import selectors
from kesu.members.archive import ArchiveEntry
from kesu.orgs import access
from tests.archive.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_timeline_merges_sources_newest_first(story, members):
    years = selectors.member_timeline(members.in_a)
    assert [y.year for y in years] == [YEAR, YEAR - 1]
    this_year = [(e.kind, e.title) for e in years[0].entries]
    assert this_year == [("activity", "安全生产科普讲座"), ("achievement", "焊接工序合理化建议")]
    last_year = [e.kind for e in years[1].entries]
    assert last_year == ["honour", "activity", "transfer"]  # Dec 31, Sep 20, Jun 1
    titles = [e.title for y in years for e in y.entries]
    assert "滨江厂区讲座" not in titles and "技术能手" not in titles
    assert any(e.url for e in years[0].entries)


def test_member_view_drops_links_and_date_filter(story, members):
    entries = selectors.member_entries(members.in_a, links=False, date_from=dt.date(YEAR, 1, 1))
    assert {e.kind for e in entries} == {"activity", "achievement"}
    assert all(e.url == "" for e in entries)


def test_other_member_sees_only_theirs(story, members):
    titles = {e.title for e in selectors.member_entries(members.in_b)}
    assert titles == {"全国科普日市集", "滨江厂区讲座", "技术能手"}


def test_sources_are_discovered_per_app():
    labels = [label for label, _ in selectors.sources()]
    assert {"activities", "members", "achievements"} <= set(labels)
    assert len(labels) == len(set(labels))


def test_a_discovered_module_is_collected(story, members, monkeypatch):
    extra = ArchiveEntry(
        date=dt.date(YEAR, 2, 1), kind="training", title="班组长培训", figures={"学时": "2.0"}
    )
    found = selectors.sources()
    monkeypatch.setattr(selectors, "sources", lambda: (*found, ("x", lambda m, **kw: [extra])))
    assert selectors.member_entries(members.in_a)[0] == extra


def test_archive_member_get_scope(story, users, members):
    assert selectors.archive_member_get(user=users.staff_a, pk=members.in_a.pk) == members.in_a
    assert selectors.archive_member_get(user=users.member_a, pk=members.in_a.pk) == members.in_a
    for user, pk in (
        (users.member_a, members.in_a2.pk),
        (users.admin_b, members.in_a.pk),
        (users.staff_a, members.in_b.pk),
    ):
        with pytest.raises(access.NotFound):
            selectors.archive_member_get(user=user, pk=pk)
