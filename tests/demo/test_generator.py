"""The pure generator: tree shape and sizes per scale, determinism, ID numbers. No database."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from kesu.demo.generator import SCALES, build_tree
from kesu.demo.people import MemberGenerator
from kesu.members.idnumber import make_id_number, parse_id_number
from kesu.members.phone import parse_phone


@pytest.mark.parametrize(
    ("scale", "orgs", "members"),
    [
        ("small", (30, 60), (2_700, 3_300)),
        ("district", (340, 460), (55_000, 65_000)),
        ("city", (4_500, 5_500), (950_000, 1_050_000)),
    ],
)
def test_scales_have_the_promised_size(scale, orgs, members):
    nodes = build_tree(scale, 1)
    assert orgs[0] <= len(nodes) <= orgs[1]
    assert members[0] <= sum(n.size for n in nodes) <= members[1]
    assert len({n.code for n in nodes}) == len(nodes)
    assert len({n.name for n in nodes}) == len(nodes)


def test_tree_is_consistent_and_parents_come_first():
    nodes = build_tree("district", 7)
    by_code = {}
    for node in nodes:
        if node.parent_code is None:
            assert (node.path, node.depth, node.level) == ("/JN/", 0, "city")
        else:
            parent = by_code[node.parent_code]  # parents are listed before children
            assert node.path == parent.path + node.code + "/"
            assert node.depth == parent.depth + 1
            assert node.code.startswith(parent.code + "-")
        by_code[node.code] = node
    assert {n.kind for n in nodes} == {"union", "industry_federation", "regional_federation"}
    assert all(n.size >= 8 for n in nodes if n.level == "grassroots")
    assert all(n.size == 0 for n in nodes if n.level != "grassroots")


def test_same_seed_same_tree_other_seed_other_tree():
    first = [(n.code, n.name, n.size) for n in build_tree("small", 3)]
    assert first == [(n.code, n.name, n.size) for n in build_tree("small", 3)]
    assert first != [(n.code, n.name, n.size) for n in build_tree("small", 4)]


def _rows(seed: int, today: dt.date):
    nodes = build_tree("small", seed)
    regions = sorted({n.region for n in nodes if n.level == "district"})
    gen = MemberGenerator(seed, today, regions)
    return [row for n in nodes if n.level == "grassroots" for row in gen.rows(n)]


def test_member_rows_are_valid_unique_and_plausible():
    today = dt.date(2026, 6, 15)
    rows = _rows(1, today)
    numbers = [r["id_number"] for r in rows]
    assert len(set(numbers)) == len(numbers)
    reference = dt.date(2026, 1, 1)
    for row in rows:
        parsed = parse_id_number(row["id_number"])
        assert (parsed.birth_date, parsed.gender) == (row["birth_date"], row["gender"])
        age = (
            reference.year
            - parsed.birth_date.year
            - ((reference.month, reference.day) < (parsed.birth_date.month, parsed.birth_date.day))
        )
        assert 18 <= age <= 62
        assert row["joined_on"] is None or parsed.birth_date < row["joined_on"] < today
        if row["phone"]:
            assert parse_phone(row["phone"]) == row["phone"]
    n = len(rows)
    male = sum(r["gender"] == "M" for r in rows) / n
    migrant = sum(r["is_migrant_worker"] for r in rows) / n
    han = sum(r["ethnicity"] == "汉族" for r in rows) / n
    assert 0.45 <= male <= 0.65
    assert 0.15 <= migrant <= 0.45
    assert 0.88 <= han <= 0.98
    education = Counter(r["education"] for r in rows)
    assert education["junior"] + education["senior"] > education["bachelor"]
    assert {r["status"] for r in rows} == {"active", "transferred_out", "withdrawn"}


def test_fast_check_digit_matches_make_id_number():
    for row in _rows(2, dt.date(2026, 3, 1))[:500]:
        number = row["id_number"]
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert make_id_number(number[:6], birth, int(number[14:17])) == number


def test_member_rows_are_deterministic():
    today = dt.date(2026, 6, 15)
    assert _rows(5, today) == _rows(5, today)
    assert [r["id_number"] for r in _rows(5, today)] != [r["id_number"] for r in _rows(6, today)]


def test_scales_are_known():
    assert set(SCALES) == {"small", "district", "city", "province", "province-lite"}


def test_province_shape_at_a_tenth():
    """province-lite: the province's shape (14 districts of 40 townships, firms named by
    district) at a tenth of its size; `province` itself only multiplies the counts."""
    nodes = build_tree("province-lite", 3)
    levels = Counter(n.level for n in nodes)
    assert levels["district"] == 14 and 14 * 30 <= levels["township"] <= 14 * 60
    assert 5_000 <= len(nodes) <= 6_500 and 950_000 <= sum(n.size for n in nodes) <= 1_050_000
    assert len({n.name for n in nodes}) == len({n.code for n in nodes}) == len(nodes)
    assert max(n.depth for n in nodes) == 3
    district_names = {n.name.removesuffix("总工会") for n in nodes if n.level == "district"}
    named = [n for n in nodes if n.level == "grassroots" and n.employer[:3] in district_names]
    assert named  # the province's firms carry their district's name
    assert SCALES["province"].members == 10_000_000 and SCALES["province"].wide
    assert not any(SCALES[s].wide for s in ("small", "district", "city"))
