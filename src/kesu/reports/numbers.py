"""How figures are written in work summaries: exact or in the customary approximate style.

fmt_exact(value, unit)
    * counts: the integer and its unit ("6532份", "0场");
    * money (元): below 10,000 元 as 元 ("800元", "1250.50元" when not whole); from 10,000 元
      in 万元 with two decimals ("11.36万元");
    * rates (%): one decimal ("122.3%").

fmt_approx(value, unit) — deterministic rules, applied in this order to a whole number n
(a fraction is cut off first and the figure then never passes for exact):
    1. n < 10: exact ("9人").
    2. "近R": R is the next multiple of the leading place (10 for 2 digits, 100 for 3 digits…)
       above n, when n is within 5% under R ((R - n) ≤ 5% of R): 96 → "近100",
       480 → "近500", 98,765 → "近10万".
    3. Otherwise n is cut down to two significant figures from 100 on (one for 2-digit
       numbers): if that changes nothing the figure is exact ("100人", "6500份", "18万人");
       if not, the suffix is "余" when the cut figure has a single significant digit
       ("200余场", "4000余人次", "30余人") and "多" otherwise ("6500多份").
    4. From 100,000 on (money: from 10,000 元) the figure is written in 万 with the same two
       significant figures: the remainder below the last kept digit goes after 万 when that
       digit is a whole 万 or less ("12万余人" for 123,456, "1.2万余元" for 12,500 元), before
       it when larger ("120多万人" for 1,234,567, "100余万人" for 1,003,000).
    So a written figure always implies a range holding the true value: "近R" a value a little
    under R, "X余"/"X多" a value above X by less than X's last significant place
    ("6500多" 6500–6600, "12万余" 120,000–130,000), a bare figure the value itself.
    * money (元): the same rules on whole 元 ("近7万元", "11万余元", "1200多元"; below 10 元
      exact).
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


def _wan(n: int) -> str:
    """n in 万, without trailing zeros: 120000 → "12", 12000 → "1.2"."""
    return f"{Decimal(n).scaleb(-4).normalize():f}"


def _written(n: int, wan_from: int) -> str:
    return f"{_wan(n)}万" if n >= wan_from else str(n)


def _approx_count(n: int, *, fraction: bool = False, wan_from: int = 10 * WAN) -> str:
    """Rules 1–4 of the module docstring for a whole number n ≥ 0, without the unit;
    `fraction`: the true value is a little above n (never written as exactly n)."""
    if n < 10:
        return str(n)
    digits = len(str(n))
    lead = 10 ** (digits - 1)
    upper = (n // lead + 1) * lead
    if (upper - n) * 20 <= upper:
        return f"近{_written(upper, wan_from)}"
    step = 10 ** (digits - 2) if digits >= 3 else lead
    cut = n // step * step
    if cut == n and not fraction:
        return _written(n, wan_from)
    word = "余" if cut % lead == 0 else "多"
    if n < wan_from:
        return f"{cut}{word}"
    if step >= 10 * WAN:  # the remainder spans whole 万: "120多万", "100余万"
        return f"{_wan(cut)}{word}万"
    return f"{_wan(cut)}万余"  # the remainder is below 万's last kept place: "12万余"


def fmt_approx(value: int | float | Decimal, unit: str) -> str:
    """The figure in the customary approximate style (see the module docstring)."""
    v = _decimal(value)
    if unit == "%" or not v.is_finite() or v < 0:
        return fmt_exact(v, unit)
    whole = int(v.to_integral_value(rounding=ROUND_DOWN))
    if whole < 10 and whole != v:
        return fmt_exact(v, unit)
    wan_from = WAN if unit == "元" else 10 * WAN
    return f"{_approx_count(whole, fraction=whole != v, wan_from=wan_from)}{unit}"


def fmt(value: int | float | Decimal, unit: str, style: str = "exact") -> str:
    """fmt_exact or fmt_approx by `style` ("exact" or "approx")."""
    if style == "approx":
        return fmt_approx(value, unit)
    if style == "exact":
        return fmt_exact(value, unit)
    raise ValueError(f"数字写法无效：{style}（可选：exact、approx）")
