"""Reading typed values from what people type and what sheets hold: one signature for all.

Every parser takes the raw value and answers the typed value, ``None`` for a blank, or raises
``ValueError`` with a Chinese message. Forms, API payloads, imports and filters use the same
parsers, so "2019年3月" means the same thing in a roster sheet, a form and an API call. Two
adapters cover the usual call shapes: ``parse_field`` collects a field error into an ``errors`` dict
(services), ``lenient`` turns a refusal into ``None`` (list filters in a query string).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, MutableMapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, TypeVar

from django.utils import timezone, translation

T = TypeVar("T")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?\s*月?")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_TIME = re.compile(r"(\d{1,2})\s*[:：时点]\s*(\d{1,2})?(?:\s*[:：分]\s*(\d{1,2}))?\s*[秒分]?")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _excel_serial(value: Any) -> float | None:
    """A number that is an Excel day serial which lost its date format (1954–2119)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return float(value)
    return None


def parse_date(value: Any) -> dt.date | None:
    """Dates, Excel serials and the spellings people use: 2019-03-01, 2019/3/1, 2019.03,
    2019年3月, 2019年3月1日, 20190301, an ISO timestamp. A month alone means its first day."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    serial = _excel_serial(value)
    if serial is not None:
        return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    text = _text(value).replace("日", "").replace("号", "")
    match = _DAY.fullmatch(text) or _COMPACT_DAY.fullmatch(text)
    if match is None:
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[T ].*", text)
    if match is None:
        raise ValueError("日期格式无法识别，请填写如 2019-03-01、2019/3/1 或 2019年3月")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        raise ValueError("日期不存在，请核对年月日") from None


def parse_datetime(value: Any, *, default_time: dt.time = dt.time.min) -> dt.datetime | None:
    """An aware moment: "2026-05-01 09:00", "2026-05-01T09:00:00", "2026/5/1 9:00",
    "2026年5月1日 9时30分", an Excel serial with its fraction; a date alone is taken at
    ``default_time``. Naive values are read in the site's time zone."""
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, default_time)
    elif (serial := _excel_serial(value)) is not None:
        moment = dt.datetime.combine(_EXCEL_EPOCH, dt.time.min) + dt.timedelta(days=serial)
        moment = moment.replace(microsecond=0)
    else:
        moment = _parse_datetime_text(_text(value), default_time)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _parse_datetime_text(text: str, default_time: dt.time) -> dt.datetime:
    if re.search(r"\d[T ]\d{1,2}:", text):  # has a clock: ISO forms first
        try:
            return dt.datetime.fromisoformat(text.replace("/", "-"))
        except ValueError:
            pass
    text = re.sub(r"([日号])\s*(?=\d)", r"\1 ", text)  # "5月1日9:30": the clock apart
    text = re.sub(r"(?<=\d)[T\s]+(?=\d{1,2}\s*[:：时点])", " ", text)
    day_part, _, time_part = text.partition(" ")
    day = parse_date(day_part)
    if not time_part:
        return dt.datetime.combine(day, default_time)  # type: ignore[arg-type]
    match = _TIME.fullmatch(time_part.strip())
    if match is None:
        raise ValueError("时间格式无法识别，请填写如 2026-05-01 09:30")
    try:
        clock = dt.time(int(match[1]), int(match[2] or 0), int(match[3] or 0))
    except ValueError:
        raise ValueError("时间不存在，请核对时分") from None
    return dt.datetime.combine(day, clock)  # type: ignore[arg-type]


def parse_year(value: Any, *, low: int = 1900, high: int = 2999) -> int | None:
    """A year: 2026, "2026", "2026年", 2026.0."""
    if blank(value):
        return None
    text = _text(value).removesuffix("年").strip()
    if not text.isdigit():
        raise ValueError("年份应为四位数字，如 2026")
    year = int(text)
    if not low <= year <= high:
        raise ValueError(f"年份应在{low}至{high}之间")
    return year


def parse_money(value: Any, *, places: int = 2) -> Decimal | None:
    """An amount in 元: 1234.5, "1,234.50", "1234.5元", "¥1234", "12.5万" (万元 → 元)."""
    if blank(value):
        return None
    text = _text(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    scale = Decimal(1)
    if text.endswith("万元") or text.endswith("万"):
        text, scale = text.removesuffix("元").removesuffix("万"), Decimal(10_000)
    text = text.removesuffix("元").strip()
    try:
        amount = Decimal(text) * scale
    except InvalidOperation:
        raise ValueError("金额应为数字，如 1234.50") from None
    if not amount.is_finite():
        raise ValueError("金额应为数字，如 1234.50")
    if amount < 0:
        raise ValueError("金额不能为负数")
    quantum = Decimal(1).scaleb(-places)
    if amount != amount.quantize(quantum):
        raise ValueError(f"金额最多保留{places}位小数")
    return amount.quantize(quantum)


@lru_cache(maxsize=64)
def _choice_table(choices: Any) -> tuple[dict[str, str], str]:
    """{code or source-language label -> code}, and the labels listed for a refusal."""
    pairs = list(choices.choices if hasattr(choices, "choices") else choices)
    with translation.override(None):  # labels are matched in their (Chinese) source spelling
        table = {str(code): str(code) for code, _ in pairs}
        table |= {str(label): str(code) for code, label in pairs}
        allowed = "、".join(str(label) for _, label in pairs)
    return table, allowed


def parse_choice(value: Any, choices: Any, *, words: dict[str, str] | None = None) -> str | None:
    """A code from its code or its Chinese label (or one of ``words``, extra spellings);
    ``choices`` is a TextChoices class or (code, label) pairs."""
    if blank(value):
        return None
    text = _text(value)
    table, allowed = _choice_table(choices if hasattr(choices, "choices") else tuple(choices))
    code = table.get(text)
    if code is None and words:
        code = words.get(text) or words.get(text.lower())
    if code is None:
        raise ValueError(f"“{text}”无法识别，可选：{allowed}")
    return code


def lenient(parser: Callable[..., T | None], value: Any, **options: Any) -> T | None:
    """The parser's answer, or None where it refuses (a filter typed by hand in a URL)."""
    try:
        return parser(value, **options)
    except (ValueError, TypeError):
        return None


def parse_field(
    errors: MutableMapping[str, str],
    key: str,
    parser: Callable[..., T | None],
    value: Any,
    *,
    required: bool = False,
    **options: Any,
) -> T | None:
    """Parse one field of a form or payload; a refusal or a missing required value goes into
    ``errors[key]`` (in Chinese) and the answer is None."""
    try:
        parsed = parser(value, **options)
    except (ValueError, TypeError) as exc:
        errors[key] = str(exc) if isinstance(exc, ValueError) else "取值无效"
        return None
    if parsed is None and required:
        errors[key] = "此项为必填项"
    return parsed


def codes(value: Any, choices: Any, separators: Iterable[str] = ",，、;；") -> list[str]:
    """Several choices in one cell ("讲座、展览"); each parsed with parse_choice, kept once."""
    if blank(value):
        return []
    items = (
        value
        if isinstance(value, list | tuple)
        else re.split("[" + re.escape("".join(separators)) + r"\s]+", _text(value))
    )
    out: list[str] = []
    for item in items:
        code = parse_choice(item, choices)
        if code is not None and code not in out:
            out.append(code)
    return out
