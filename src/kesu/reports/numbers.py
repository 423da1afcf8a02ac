"""How figures are written in work summaries: exact or in the customary approximate style.

fmt_exact(value, unit)
    * counts: the integer and its unit ("6532份", "0场");
    * money (元): below 10,000 元 as 元 ("800元", "1250.50元" when not whole); from 10,000 元
      in 万元 with two decimals ("11.36万元");
    * rates (%): one decimal ("122.3%").

fmt_approx(value, unit) — deterministic rules, applied in this order to a count n:
    1. n < 10: exact ("9人").
    2. From 100,000 on, the figure is written in 万 and the rules below apply to whole 万
       ("120多万人", "近100万人").
    3. "近R": R is the next multiple of the leading place (10 for 2 digits, 100 for 3 digits,
       1000 for 4 digits…) above n; when n is within 5% under R ((R - n) ≤ 5% of R):
       96 → "近100", 480 → "近500", 1950 → "近2000".
    4. Otherwise n is cut down to two significant figures (one for 2-digit numbers): if that
       changes nothing the figure is exact ("100人", "6500份"); if not, the suffix is "余"
       when the cut figure has a single significant digit ("200余场", "4000余人次",
       "100余人", "30余人") and "多" otherwise ("6500多份", "4300多份").
    * money (元): from 10,000 元 in 万元, rounded half-up to whole 万 from 10万元 and to one
      decimal below, prefixed "约" unless the rounding is exact ("约11万元", "约1.3万元",
      "11万元"); below 10,000 元 the count rules apply to whole 元 ("1200余元").
    * rates (%): always exact ("122.3%"), as "占年任务的122.3%" is written exactly.
    * negative or non-finite values are written exactly.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

WAN = 10_000


def _decimal(value: int | float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _plain(value: Decimal, places: int) -> str:
    """`value` with `places` decimals, or as an integer when it is whole."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def fmt_exact(value: int | float | Decimal, unit: str) -> str:
    """The exact figure with its unit (see the module docstring)."""
    v = _decimal(value)
    if unit == "%":
        return f"{v.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}%"
    if unit == "元":
        if v >= WAN:
            return f"{(v / WAN).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}万元"
        return f"{_plain(v, 2)}元"
    return f"{_plain(v, 2)}{unit}"


def _approx_count(n: int) -> str:
    """Rules 1–4 of the module docstring for a whole number n ≥ 0, without the unit."""
    if n < 10:
        return str(n)
    scale, wan = (WAN, "万") if n >= 100_000 else (1, "")
    digits = len(str(n // scale))
    lead = 10 ** (digits - 1) * scale
    upper = (n // lead + 1) * lead
    if (upper - n) * 20 <= upper:
        return f"近{upper // scale}{wan}"
    step = (10 ** (digits - 2) if digits >= 3 else 10 ** (digits - 1)) * scale
    cut = n // step * step
    if cut == n:
        return f"{n // scale}{wan}"
    word = "余" if cut % lead == 0 else "多"
    return f"{cut // scale}{word}{wan}"


def fmt_approx(value: int | float | Decimal, unit: str) -> str:
    """The figure in the customary approximate style (see the module docstring)."""
    v = _decimal(value)
    if unit == "%" or not v.is_finite() or v < 0:
        return fmt_exact(v, unit)
    if unit == "元":
        if v >= WAN:
            wan = v / WAN
            places = Decimal(1) if wan >= 10 else Decimal("0.1")
            rounded = wan.quantize(places, rounding=ROUND_HALF_UP)
            prefix = "" if rounded * WAN == v else "约"
            return f"{prefix}{_plain(rounded, 1)}万元"
        if v < 10:
            return fmt_exact(v, unit)
    whole = int(v.to_integral_value(rounding=ROUND_DOWN))
    if whole < 10 and whole != v:
        return fmt_exact(v, unit)
    return f"{_approx_count(whole)}{unit}"


def fmt(value: int | float | Decimal, unit: str, style: str = "exact") -> str:
    """fmt_exact or fmt_approx by `style` ("exact" or "approx")."""
    if style == "approx":
        return fmt_approx(value, unit)
    if style == "exact":
        return fmt_exact(value, unit)
    raise ValueError(f"数字写法无效：{style}（可选：exact、approx）")
