"""Pure demo-data generation: the organisation tree, from a seed (member rows:
kesu.demo.people).

Nothing here touches the database. Every random choice comes from a `random.Random`
seeded with the run's seed plus a topic ("tree", "members:<org code>"), so the same seed
gives the same tree, names and ID numbers, and later modules can add their own topics
without shifting the ones that exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from kesu.demo import industries as I
from kesu.demo import names as N
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

    def employer(self, industry: I.Industry, d: str, places: list[str]) -> str:
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
        industry: I.Industry,
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

    def industry(self) -> I.Industry:
        return self.rng.choices(I.INDUSTRIES, [i.weight for i in I.INDUSTRIES])[0]


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
        I.INDUSTRY_BY_KEY[k]
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
            ind = I.INDUSTRY_BY_KEY[("health", "education", "public", "utilities")[i % 4]]
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
        fed_industries = [i for i in I.INDUSTRIES if i.federation]
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
            area, industries = rng.choice(I.REGIONAL_KINDS)
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
                ind = I.INDUSTRY_BY_KEY[rng.choice(industries)]
                b.grassroots(fed, f"{fed.code}-{gi + 1:03d}", ind, dname, [place], 0.4)

    # Scale the heavy-tailed raw sizes so the total lands near the target.
    factor = spec.members / sum(b.raw_sizes)
    sizes = iter(b.raw_sizes)
    for node in b.nodes:
        if node.level == Level.GRASSROOTS:
            node.size = max(8, round(next(sizes) * factor))
    return b.nodes
