"""Member rows for the demo: plausible people for one grassroots union at a time, from a
seed (the rows are plain values, before protection; nothing here touches the database)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from kesu.demo import industries as I
from kesu.demo import names as N
from kesu.demo.generator import OrgNode, rng_for
from kesu.members.idnumber import _CHECK, _WEIGHTS

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

        ind = I.INDUSTRY_BY_KEY[node.industry]
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
