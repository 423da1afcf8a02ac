"""The roster list under any combination of its dropdown filters (organisation, gender, age
band, education, migrant flag, status) is counted from RosterCell exactly as counting the
list would, age bands included from one day to the next; a search beyond the cap says
“超过 … 万人” and still pages forward and back."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kesu.members import exporting, selectors, tally
from kesu.members.ages import years_before
from kesu.members.choices import AGE_BANDS, MemberStatus
from kesu.members.models import RosterTallyState
from kesu.members.selectors import MemberFilters
from tests.factories import make_member, new_id_number

pytestmark = pytest.mark.django_db

HX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}
BANDS = ["", *(code for code, *_rest in AGE_BANDS)]


def _born(years: int, days: int = 0) -> str:
    """An ID number of someone who turns `years` old `days` days from today."""
    today = timezone.localdate()
    return new_id_number(birth=years_before(today + dt.timedelta(days=days), years))


@pytest.fixture
def roster(tree, members):
    rows = [
        (tree.a1g, {"id_number": _born(30), "education": "bachelor", "is_migrant_worker": True}),
        (tree.a1g, {"id_number": _born(30, 1), "education": "bachelor"}),  # 30 tomorrow
        (tree.a1, {"id_number": _born(18), "education": "senior", "is_migrant_worker": True}),
        (tree.a1, {"id_number": _born(60, -1), "status": MemberStatus.WITHDRAWN}),
        (tree.a, {"id_number": _born(17), "status": MemberStatus.TRANSFERRED_OUT}),
        (tree.a, {"id_number": _born(45), "education": "bachelor", "is_migrant_worker": True}),
        (tree.bg, {"id_number": _born(40, 1), "education": "bachelor"}),
    ]
    for org, data in rows:
        make_member(org, **data)
    make_member(tree.a1g, id_number=new_id_number(male=False), education="college")


def _counted(user, **filters) -> tuple[int, int]:
    listed = selectors.member_list(user=user, filters=MemberFilters(**filters))
    return listed.count(), selectors.current_members(listed).count()


def _rolled_up(user, **filters) -> tuple[int, int]:
    counts = selectors.member_list_counts(user=user, filters=MemberFilters(**filters))
    assert counts is not None, filters
    return counts.listed, counts.current


def _combinations():
    grid = {
        "org": ["", "HZ-A-1"],
        "gender": ["", "F"],
        "age_band": BANDS,
        "education": ["", "bachelor"],
        "migrant": ["", "no"],
        "status": ["", MemberStatus.ACTIVE, MemberStatus.WITHDRAWN],
    }
    for values in itertools.product(*grid.values()):
        yield {k: v for k, v in zip(grid, values, strict=True) if v}


def test_every_filter_combination_equals_counting_the_list(users, roster):
    seen = set()
    for filters in _combinations():
        for user in (users.staff_a, users.root):
            counted = _counted(user, **filters)
            assert _rolled_up(user, **filters) == counted, (user, filters)
            seen.add(counted)
    assert len(seen) > 8  # the grid tells the members apart: the test is not all zeros


def test_age_bands_follow_the_date(users, tree, roster, monkeypatch):
    today = timezone.localdate()
    young = _counted(users.root, age_band="18-29")
    assert _rolled_up(users.root, age_band="18-29") == young
    # Written after the last read: its organisation's rows are behind when the bands move.
    make_member(tree.b, id_number=_born(30, 1), status=MemberStatus.WITHDRAWN)
    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert _counted(users.root, age_band="18-29") != young  # one turns 30 overnight
    for band in BANDS[1:]:
        assert _rolled_up(users.root, age_band=band) == _counted(users.root, age_band=band)
    assert RosterTallyState.objects.get().listed_on == tomorrow


def test_a_search_beyond_the_cap_says_more_than_and_pages(client, users, tree, monkeypatch):
    for _ in range(5):
        make_member(tree.a1g, name="赵多")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr("kesu.web.views.PER_PAGE", 2)
    client.force_login(users.staff_a)
    url = reverse("members:list")
    html = client.get(url, {"q": "赵多"}, **HX_RESULTS).content.decode()
    assert "共超过" in html and "万人" in html and "共 5 人" not in html
    assert "第 1 页" in html and "下一页" in html and "上一页" not in html
    names = []
    for number in (1, 2, 3):
        html = client.get(url, {"q": "赵多", "page": number}, **HX_RESULTS).content.decode()
        names += re.findall(r">(赵多)</a>", html)
    assert len(names) == 5
    assert "上一页" in html and "下一页" not in html and "第 3 页" in html
    text = html.replace("Excel", "")  # the file format's name
    assert not re.search(r">[^<]*[A-Za-z]{3,}[^<]*<", text)  # no English between tags
    # Under the cap the search is counted exactly, with the pages' number.
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    html = client.get(url, {"q": "赵多"}, **HX_RESULTS).content.decode()
    assert "共 5 人" in html and "超过" not in html


def test_api_count_reads_the_roll_up_and_caps_a_search(api_as, users, roster, monkeypatch):
    api = api_as("staff_a")
    for filters in ({}, {"age_band": "30-39", "education": "bachelor"}, {"migrant": "no"}):
        body = api.get("/api/v1/members", **filters).json()
        assert body["count"] == _counted(users.staff_a, **filters)[0] > 0
    make_member(users.staff_a.org, name="赵甲")
    make_member(users.staff_a.org, name="赵乙")
    assert api.get("/api/v1/members", q="赵").json()["count"] == 2
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    body = api.get("/api/v1/members", q="赵", page_size=1).json()
    assert body["count"] == 2 and len(body["items"]) == 1  # cap + 1: more than the cap
    assert len(api.get("/api/v1/members", q="赵", page_size=1, page=2).json()["items"]) == 1


def test_export_goes_to_the_background_by_the_roll_up_or_a_capped_count(users, roster, settings):
    settings.KESU_EXPORT_SYNC_MAX_ROWS = 2
    big, small = MemberFilters(education="bachelor"), MemberFilters(gender="F")
    assert _counted(users.staff_a, education="bachelor")[0] > 2
    assert exporting.export_in_background(user=users.staff_a, filters=big)
    assert not exporting.export_in_background(user=users.staff_a, filters=small)
    assert not exporting.export_in_background(user=users.staff_a, filters=MemberFilters(q="张"))
    settings.KESU_EXPORT_SYNC_MAX_ROWS = 0
    assert exporting.export_in_background(user=users.staff_a, filters=MemberFilters(q="张"))


def test_the_suite_checks_every_page_against_counting_the_rows(client, users, roster, monkeypatch):
    monkeypatch.setattr(tally, "_listed", lambda path, where: {MemberStatus.ACTIVE: 1})
    client.force_login(users.staff_a)
    with pytest.raises(RuntimeError, match="名册汇总"):
        client.get(reverse("members:list"), {"education": "bachelor"}, **HX_RESULTS)


def test_the_tally_command_moves_the_bands_ahead_of_the_first_page(users, roster, monkeypatch):
    selectors.member_list_counts(user=users.root, filters=MemberFilters())
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    out = io.StringIO()
    call_command("members", "tally", stdout=out)
    assert "名册汇总表已更新" in out.getvalue()
    assert RosterTallyState.objects.get().listed_on == tomorrow
    assert _rolled_up(users.root, age_band="30-39") == _counted(users.root, age_band="30-39")


def test_age_bands_on_29_february(users, roster, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2028, 2, 29))
    for band in BANDS[1:]:
        assert _rolled_up(users.root, age_band=band) == _counted(users.root, age_band=band)
