"""Age bands of the roster (18–29, 30–39, 40–49, 50–59, 60+, and -17 for minors), as the
national literacy survey reports them; one definition for Python and SQL."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Q, Value, When

from kesu.members.choices import AGE_BANDS

# The roster's bands (members.choices.AGE_BANDS) as limits, youngest first: (age reached,
# band of those younger); born after years_before(on, age) ⇒ younger than age.
BAND_LIMITS = sorted((high + 1, code) for code, _label, _low, high in AGE_BANDS if high < 200)
OLDEST = max(AGE_BANDS, key=lambda band: band[2])[0]


def years_before(day: dt.date, years: int) -> dt.date:
    """The date `years` before `day` (29 Feb → 28 Feb): born on or before it ⇒ aged ≥ years."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band(birth: dt.date, on: dt.date) -> str:
    """The band of someone born on `birth`, by age at `on`."""
    for years, band in BAND_LIMITS:
        if birth > years_before(on, years):
            return band
    return OLDEST


def band_expression(on: dt.date, field: str = "birth_date") -> Case:
    """age_band as a query expression over `field`."""
    whens = [When(**{f"{field}__gt": years_before(on, y)}, then=Value(b)) for y, b in BAND_LIMITS]
    return Case(*whens, default=Value(OLDEST), output_field=CharField())


def band_filter(band: str, on: dt.date, field: str = "birth_date") -> Q | None:
    """Those whose age band at `on` is `band` (as age_band judges), or None for an unknown
    band: the roster filter, so that it and the roll-up's bands agree to the day."""
    limits = [years for years, _band in BAND_LIMITS]
    bands = [code for _years, code in BAND_LIMITS] + [OLDEST]
    if band not in bands:
        return None
    i = bands.index(band)
    where = Q()
    if i < len(limits):  # younger than the band's upper limit
        where &= Q(**{f"{field}__gt": years_before(on, limits[i])})
    if i > 0:  # at least the band's lower limit
        where &= Q(**{f"{field}__lte": years_before(on, limits[i - 1])})
    return where
