"""Pure demo-data generation: the organisation tree and member rows, from a seed.

Nothing here touches the database. Every random choice comes from a `random.Random`
seeded with the run's seed plus a topic ("tree", "members:<org code>"), so the same seed
gives the same tree, names and ID numbers, and later modules can add their own topics
without shifting the ones that exist.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from kesu.demo import names as N
from kesu.members.idnumber import _CHECK, _WEIGHTS
from kesu.orgs.models import Kind, Level

_CN_NUM = "一二三四五六七八九"
_SMALL_UNITS = ("社区", "小学", "幼儿园", "推广站", "文化馆", "图书馆", "信用合作社", "支行")


def rng_for(seed: int, topic: str) -> random.Random:
    """A generator for one topic; string seeds hash deterministically (not PYTHONHASHSEED)."""
    return random.Random(f"kesu-demo:{seed}:{topic}")


@dataclass(frozen=True)
class ScaleSpec:
    districts: int  # districts and counties under the city
    counties: int  # how many of them are 县 (the rest are 区)
    townships: int  # per district (mean)
    grassroots: int  # per township (mean)
    industry_feds: int  # per district
    regional_feds: int  # per district
    per_federation: int  # grassroots under each federation (mean)
    district_direct: int  # grassroots directly under each district (区直)
    city_direct: int  # grassroots directly under the city (市直)
    members: int  # target total
    wide: bool = False  # province-sized: firms named by district, branch numbers counted


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(2, 1, 2, 5, 1, 1, 2, 1, 1, 3_000),
    "district": ScaleSpec(3, 1, 6, 16, 2, 1, 7, 4, 3, 60_000),
    "city": ScaleSpec(12, 4, 15, 22, 2, 1, 17, 12, 30, 1_000_000),
    # A provincial federation's volume (about 52,000 organisations, 10 million members)
    # in the same four-level shape: 14 districts of 40 townships of 85 grassroots unions.
    "province": ScaleSpec(14, 6, 40, 85, 4, 3, 30, 40, 200, 10_000_000, wide=True),
    # The same shape at a tenth of the members and grassroots unions: a rehearsal.
    "province-lite": ScaleSpec(14, 6, 40, 9, 4, 3, 3, 4, 20, 1_000_000, wide=True),
}


@dataclass
class OrgNode:
    code: str
    name: str
    level: str
    kind: str
    path: str
    depth: int
    parent_code: str | None
    region: str = ""  # 6-digit region code of its district, for local members' ID numbers
    industry: str = ""  # grassroots only
    employer: str = ""  # grassroots only: the enterprise or institution
    size: int = 0  # grassroots only: members to generate

    def row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "kind": self.kind,
            "path": self.path,
            "depth": self.depth,
        }


@dataclass
class _TreeBuilder:
    spec: ScaleSpec
    rng: random.Random
    nodes: list[OrgNode] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    places: list[str] = field(default_factory=list)
    raw_sizes: list[float] = field(default_factory=list)
    branches: dict[str, int] = field(default_factory=dict)

    @property
    def wide(self) -> bool:
        return self.spec.wide

    def vary(self, mean: int) -> int:
        return max(1, round(mean * self.rng.uniform(0.75, 1.25)))

    def add(self, parent: OrgNode | None, code: str, name: str, level: str, **kw: Any) -> OrgNode:
        # Exactly what orgs.services.org_create computes.
        path = (parent.path if parent else "/") + code + "/"
        depth = parent.depth + 1 if parent else 0
        node = OrgNode(
            code,
            name,
            level,
            kw.pop("kind", Kind.UNION),
            path,
            depth,
            parent.code if parent else None,
            **kw,
        )
        self.nodes.append(node)
        self.used_names.add(name)
        return node

    def place(self) -> str:
        return self.places.pop()

    def employer(self, industry: N.Industry, d: str, places: list[str]) -> str:
        rng = self.rng
        for _ in range(60):
            if industry.institutions and (not industry.businesses or rng.random() < 0.5):
                name = rng.choice(industry.institutions).format(
                    d=d, p=rng.choice(places), n=rng.choice(_CN_NUM)
                )
            else:
                trade = "".join(rng.sample(N.TRADE_CHARS, 2))
                # A province-sized tree names its firms by district: more distinct names.
                prefix = (d if self.wide else N.CITY_NAME) if rng.random() < 0.6 else ""
                suffix = rng.choices(("有限公司", "股份有限公司", "集团有限公司"), (80, 12, 8))[0]
                name = f"{prefix}{trade}{rng.choice(industry.businesses)}{suffix}"
            if name + "工会" not in self.used_names:
                return name
        if self.wide:  # numbered per name, never scanning every name used so far
            while True:
                self.branches[name] = n = self.branches.get(name, 1) + 1
                if f"{name}第{n}分部工会" not in self.used_names:
                    return f"{name}第{n}分部"
        n = sum(1 for u in self.used_names if u.startswith(name))
        return f"{name}第{n + 1}分部"

    def grassroots(
        self,
        parent: OrgNode,
        code: str,
        industry: N.Industry,
        d: str,
        places: list[str],
        mult: float,
    ) -> None:
        employer = self.employer(industry, d, places)
        self.add(
            parent,
            code,
            employer + "工会",
            Level.GRASSROOTS,
            region=parent.region,
            industry=industry.key,
            employer=employer,
        )
        raw = min(self.rng.lognormvariate(4.2, 1.0), 3000.0) * industry.size * mult
        if any(word in employer for word in _SMALL_UNITS):
            raw *= 0.15  # a village school is not a hospital
        self.raw_sizes.append(raw)

    def industry(self) -> N.Industry:
        return self.rng.choices(N.INDUSTRIES, [i.weight for i in N.INDUSTRIES])[0]


def build_tree(scale: str, seed: int) -> list[OrgNode]:
    """The whole tree, parents before children, with member counts on grassroots nodes."""
    spec = SCALES[scale]
    rng = rng_for(seed, "tree")
    b = _TreeBuilder(spec, rng)
    b.places = [a + z for a in N.PLACE_FIRST for z in N.PLACE_SECOND if a != z]
    rng.shuffle(b.places)
    city = b.add(
        None, N.CITY_CODE, f"{N.CITY_NAME}市总工会", Level.CITY, region=N.CITY_REGION + "01"
    )
    city_name = f"{N.CITY_NAME}市"
    big = [
        N.INDUSTRY_BY_KEY[k]
        for k in ("utilities", "health", "education", "logistics", "finance", "manufacturing")
    ]
    for i in range(spec.city_direct):
        b.grassroots(
            city, f"{city.code}-{i + 1:03d}", big[i % len(big)], city_name, [b.places[-1]], 3.0
        )

    n_districts = spec.districts - spec.counties
    names = N.DISTRICTS[:n_districts] + N.COUNTIES[: spec.counties]
    for di, dname in enumerate(names):
        is_county = di >= n_districts
        number = 21 + di - n_districts if is_county else 2 + di
        dcode = f"{city.code}-{di + 1:02d}"
        district = b.add(
            city, dcode, f"{dname}总工会", Level.DISTRICT, region=f"{N.CITY_REGION}{number:02d}"
        )
        d_places = [b.place() for _ in range(b.vary(spec.townships))]
        for i in range(spec.district_direct):
            ind = N.INDUSTRY_BY_KEY[("health", "education", "public", "utilities")[i % 4]]
            b.grassroots(district, f"{dcode}-{i + 1:03d}", ind, dname, d_places, 1.5)
        for ti, place in enumerate(d_places):
            if is_county:
                suffix = "镇" if rng.random() < 0.7 else "乡"
            else:
                suffix = "街道" if rng.random() < 0.85 else "镇"
            town = b.add(
                district,
                f"{dcode}-{ti + 1:02d}",
                f"{place}{suffix}总工会",
                Level.TOWNSHIP,
                region=district.region,
            )
            for gi in range(b.vary(spec.grassroots)):
                b.grassroots(town, f"{town.code}-{gi + 1:03d}", b.industry(), dname, [place], 1.0)
        fed_industries = [i for i in N.INDUSTRIES if i.federation]
        for fi, ind in enumerate(rng.sample(fed_industries, spec.industry_feds)):
            fed = b.add(
                district,
                f"{dcode}-H{fi + 1}",
                f"{dname}{ind.federation}",
                Level.TOWNSHIP,
                kind=Kind.INDUSTRY_FEDERATION,
                region=district.region,
            )
            for gi in range(b.vary(spec.per_federation)):
                b.grassroots(fed, f"{fed.code}-{gi + 1:03d}", ind, dname, d_places, 0.8)
        for ri in range(spec.regional_feds):
            area, industries = rng.choice(N.REGIONAL_KINDS)
            place = rng.choice(d_places)
            name = f"{dname}{place}{area}工会联合会"
            if b.wide and name in b.used_names:  # two of one kind in one place: numbered
                name = f"{dname}{place}{area}第{ri + 1}工会联合会"
            fed = b.add(
                district,
                f"{dcode}-Q{ri + 1}",
                name,
                Level.TOWNSHIP,
                kind=Kind.REGIONAL_FEDERATION,
                region=district.region,
            )
            for gi in range(b.vary(spec.per_federation)):
                ind = N.INDUSTRY_BY_KEY[rng.choice(industries)]
                b.grassroots(fed, f"{fed.code}-{gi + 1:03d}", ind, dname, [place], 0.4)

    # Scale the heavy-tailed raw sizes so the total lands near the target.
    factor = spec.members / sum(b.raw_sizes)
    sizes = iter(b.raw_sizes)
    for node in b.nodes:
        if node.level == Level.GRASSROOTS:
            node.size = max(8, round(next(sizes) * factor))
    return b.nodes


# (lowest age, highest age, weight for men, weight for women): women retire earlier.
_AGE_BANDS = [
    (18, 25, 9, 11),
    (25, 30, 14, 16),
    (30, 35, 16, 17),
    (35, 40, 15, 16),
    (40, 45, 13, 14),
    (45, 50, 12, 12),
    (50, 55, 11, 9),
    (55, 60, 8, 4),
    (60, 62.99, 2, 1),
]
_YEAR = 365.2425
_SENIOR_IND = {"public", "education", "health", "utilities", "finance"}


def _cum(weights: list[int] | tuple[int, ...]) -> list[float]:
    total = sum(weights)
    return [c / total for c in accumulate(weights)]


class MemberGenerator:
    """Member rows (plain values, before protection) for one grassroots union at a time.

    Keeps the set of ID numbers issued so far, so numbers are unique across the run.
    Ages are counted from 1 January of the current year: stable within a year.
    """

    def __init__(self, seed: int, today: dt.date, city_regions: list[str]) -> None:
        self.seed = seed
        self.reference = dt.date(today.year, 1, 1)
        self.ref_ord = self.reference.toordinal()
        self.city_regions = city_regions
        self.seen: set[int] = set()
        self._surnames = [s for s, _ in N.SURNAMES]
        self._surname_cum = _cum([w for _, w in N.SURNAMES])
        self._minorities = [m for m, _ in N.MINORITIES]
        self._minority_cum = _cum([w for _, w in N.MINORITIES])
        self._edu_cum = {k: _cum(v) for k, v in N.EDUCATION_PROFILES.items()}
        self._age_cum = {
            True: _cum([b[2] for b in _AGE_BANDS]),
            False: _cum([b[3] for b in _AGE_BANDS]),
        }
        self._first_m = N.GIVEN_NEUTRAL + N.GIVEN_MALE
        self._first_f = N.GIVEN_NEUTRAL + N.GIVEN_FEMALE
        self._region_sums: dict[str, int] = {}
        self._dates: dict[int, tuple[dt.date, str, int]] = {}

    def _region_sum(self, region: str) -> int:
        if region not in self._region_sums:
            self._region_sums[region] = sum(
                int(c) * w for c, w in zip(region, _WEIGHTS[:6], strict=True)
            )
        return self._region_sums[region]

    def _date(self, ordinal: int) -> tuple[dt.date, str, int]:
        # Birth dates repeat a lot: cache the date, its 8 digits and their weighted sum.
        hit = self._dates.get(ordinal)
        if hit is None:
            day = dt.date.fromordinal(ordinal)
            text = f"{day.year:04d}{day.month:02d}{day.day:02d}"
            total = sum(int(c) * w for c, w in zip(text, _WEIGHTS[6:14], strict=True))
            hit = self._dates[ordinal] = (day, text, total)
        return hit

    def rows(self, node: OrgNode) -> Iterator[dict[str, Any]]:
        rng = rng_for(self.seed, f"members:{node.code}")
        r = rng.random

        def choice(seq: Any) -> Any:  # random.choice is 3x slower and we call it millions of times
            return seq[int(r() * len(seq))]

        ind = N.INDUSTRY_BY_KEY[node.industry]
        senior = ind.key in _SENIOR_IND
        edu_codes = N.EDUCATION_CODES
        seen, ref_ord = self.seen, self.ref_ord
        for _ in range(node.size):
            male = r() < ind.male_rate
            migrant = r() < ind.migrant_rate
            surname = self._surnames[bisect(self._surname_cum, r())]
            pool = N.GIVEN_MALE if male else N.GIVEN_FEMALE
            first = self._first_m if male else self._first_f
            given = choice(first) + choice(pool) if r() < 0.72 else choice(pool)
            lo, hi, _, _ = _AGE_BANDS[bisect(self._age_cum[male], r())]
            age = lo + r() * (hi - lo)
            day, digits, date_sum = self._date(ref_ord - 1 - int(age * _YEAR))
            if migrant:
                region = choice(N.MIGRANT_REGIONS)
            else:
                region = node.region if r() < 0.75 else choice(self.city_regions)
            base = self._region_sum(region) + date_sum
            while True:  # retry the 3-digit sequence until the number is new
                seq = int(r() * 500) * 2 + male  # odd = male (GB 11643)
                first17 = f"{region}{digits}{seq:03d}"
                key = int(first17)
                if key not in seen:
                    seen.add(key)
                    break
            check = _CHECK[(base + 8 * (seq // 100) + 4 * (seq // 10 % 10) + 2 * (seq % 10)) % 11]
            edu = edu_codes[bisect(self._edu_cum["migrant" if migrant else ind.education], r())]
            if age < 24 and edu in ("master", "doctor"):
                edu = "bachelor"
            if age < 21 and edu in ("bachelor", "college"):
                edu = "senior"
            p = r()
            party = (
                0.06
                + (0.10 if senior else 0)
                + (0.08 if edu in ("bachelor", "master", "doctor") else 0)
            )
            if p < party:
                political = "cpc"
            elif p < party + 0.006:
                political = "cpc_probationary"
            elif age < 28 and p < party + 0.35:
                political = "cyl"
            elif senior and p > 0.995:
                political = "democratic"
            else:
                political = "masses"
            tenure = min(age - 18, 30) * r() ** 1.6
            joined = dt.date.fromordinal(ref_ord - 1 - int(tenure * _YEAR))
            s = r()
            status = "active" if s >= 0.04 else "transferred_out" if s < 0.025 else "withdrawn"
            notes = "" if s >= 0.04 else "调往外单位" if s < 0.025 else "本人申请退会"
            if r() < (0.09 if migrant else 0.05):
                ethnicity = self._minorities[bisect(self._minority_cum, r())]
            else:
                ethnicity = "汉族"
            phone = f"{choice(N.PHONE_PREFIXES)}{int(r() * 1e8):08d}" if r() < 0.93 else ""
            yield {
                "name": surname + given,
                "gender": "M" if male else "F",
                "birth_date": day,
                "id_number": first17 + check,
                "phone": phone,
                "ethnicity": ethnicity,
                "education": edu,
                "political_status": political,
                "employer_name": node.employer,
                "occupation": choice(ind.occupations),
                "is_migrant_worker": migrant,
                "joined_on": joined,
                "status": status,
                "notes": notes,
            }
