"""Shared pieces of the operator commands that take an organisation and a period
(`kesu indicators`, `kesu report …`): the same options, the same Chinese errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError

from kesu.core.parsing import parse_date
from kesu.orgs.models import Organization


def add_scope_arguments(parser: Any) -> None:
    parser.add_argument("--org", required=True, help="组织编码")
    parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")


def _date(text: str) -> dt.date:
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise CommandError(f"{exc}：{text}") from None
    if day is None:
        raise CommandError("请填写日期，如 2026-01-01")
    return day


def scope_from_options(opts: dict[str, Any]) -> tuple[Organization, dt.date, dt.date]:
    """(organisation, start, end) from --org/--from/--to, or a CommandError in Chinese."""
    start, end = _date(opts["start"]), _date(opts["end"])
    if start > end:
        raise CommandError("截止日期不能早于开始日期")
    org = Organization.objects.filter(code=opts["org"]).first()
    if org is None:
        raise CommandError(f"组织编码不存在：{opts['org']}")
    return org, start, end
