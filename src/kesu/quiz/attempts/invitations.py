"""Invitations to answer a paper, as told by the apps above the quiz (the assessment app's
sampled members): they register a provider in their AppConfig.ready(), and the member's
"我的答题" page shows what they return without the quiz app importing those apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kesu.members.models import Member

Provider = Callable[[Member], list[Any]]
_providers: list[Provider] = []


def register_invitations(provider: Provider) -> None:
    """`provider(member)` returns rows with title, org_name, period_end, url and reminders
    (the dates the member was reminded, newest first)."""
    if provider not in _providers:
        _providers.append(provider)


def invitations_for(member: Member) -> list[Any]:
    rows: list[Any] = []
    for provider in _providers:
        rows.extend(provider(member))
    return rows
