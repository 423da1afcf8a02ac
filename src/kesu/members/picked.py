"""Members picked from the roster for a bulk write (attendance, enrolment)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.members.models import Member
from kesu.members.selectors import not_current_message
from kesu.orgs import access


def picked_ids(actor: Actor, members: list[Member]) -> set[int]:
    """The picked members' ids, once every one is inside the actor's scope; otherwise the
    same NotFound as a missing member (a page never learns who is outside)."""
    ids = {m.pk for m in members}
    visible = access.restrict(Member.objects.filter(pk__in=ids), actor).values_list("pk", flat=True)
    if set(visible) != ids:
        raise access.NotFound()
    return ids


def picked_current(
    actor: Actor, members: list[Member], doing: str, error: type[ServiceError]
) -> set[int]:
    """The picked members' ids (see `picked_ids`); `error` at the field "member" names any
    who is no longer a current member (`doing`: what they were picked for, 报名…)."""
    ids = picked_ids(actor, members)
    refused = not_current_message(members, doing)
    if refused:
        raise error({"member": refused})
    return ids


def members_picked(*, user: Actor, ids: Collection[int]) -> list[Member]:
    """The members ticked on a page (`ids`); NotFound if any is missing or outside the user's
    scope (the same answer for both)."""
    picked = list(access.restrict(Member.objects.filter(pk__in=ids), user))
    if len(picked) != len(set(ids)):
        raise access.NotFound()
    return picked


@dataclass
class MembersAdded:
    """What a bulk write of picked (or imported) members did: how many it added, how many
    were already there, the rows it read and the rows it refused."""

    added: int = 0
    already: int = 0
    rows: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
