"""Audit entries made readable: Chinese action, target, field and value labels, local dates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.audit import registry

_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")


def local_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def local_datetime(value: dt.datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{local_date(value)} {value:%H:%M}"


def _when(text: str) -> str | None:
    """A stored ISO date or timestamp as a local Chinese date, else None."""
    try:
        if _ISO_DATE.match(text):
            return local_date(dt.date.fromisoformat(text))
        if _ISO_DATETIME.match(text):
            return local_datetime(dt.datetime.fromisoformat(text))
    except ValueError:
        return None
    return None


def value_text(action: str, name: str, value: Any) -> Any:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    label = registry.value_label(action, name, value)
    if label is not None:
        return label
    if isinstance(value, list | tuple):  # e.g. the logins a demo run created
        return "、".join(str(value_text(action, name, item)) for item in value)
    if isinstance(value, dict):
        return "；".join(
            f"{registry.field_label(action, k)}：{value_text(action, k, v)}"
            for k, v in value.items()
        )
    if isinstance(value, dt.datetime):
        return local_datetime(value)
    if isinstance(value, dt.date):
        return local_date(value)
    if isinstance(value, int | float | Decimal):
        return f"{value:,}"
    if isinstance(value, str):
        return _when(value) or value
    return value


def change_rows(action: str, changes: dict[str, Any]) -> list[dict[str, Any]]:
    """[{label, old, new}] for [old, new] pairs, or {label, value} for plain values."""
    rows = []
    for name, value in changes.items():
        row: dict[str, Any] = {"label": registry.field_label(action, name)}
        if isinstance(value, list) and len(value) == 2:
            row |= {
                "old": value_text(action, name, value[0]),
                "new": value_text(action, name, value[1]),
            }
        else:
            row["value"] = value_text(action, name, value)
        rows.append(row)
    return rows


def with_change_rows(entries: list) -> list:
    """The entries, each given `rows`, `action_label`, `type_label` and `when` to show."""
    for entry in entries:
        entry.rows = change_rows(entry.action, entry.changes or {})
        entry.action_label = registry.action_label(entry.action)
        entry.type_label = registry.target_label(entry.target_type)
        entry.when = local_datetime(entry.created_at)
    return entries
