"""Members picked from the roster for a bulk write (attendance, enrolment)."""

from __future__ import annotations

from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.orgs import access


def picked_ids(actor: Actor, members: list[Member]) -> set[int]:
    """The picked members' ids, once every one is inside the actor's scope; otherwise the
    same NotFound as a missing member (a page never learns who is outside)."""
    ids = {m.pk for m in members}
    visible = access.restrict(Member.objects.filter(pk__in=ids), actor).values_list("pk", flat=True)
    if set(visible) != ids:
        raise access.NotFound()
    return ids
