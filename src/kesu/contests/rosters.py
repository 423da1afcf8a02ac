"""Roster denominators of the contest figures: today's active members of a subtree (or of
one organisation), whatever their join date — read from the members app's roll-up
(`kesu.members.tally`, exact, tens of milliseconds at city scale) instead of counting up to a
million member rows per figure."""

from __future__ import annotations

from kesu.members import tally
from kesu.orgs.models import Organization


def roster_total(org: Organization, *, only_org: bool = False) -> int:
    """Active members of `org`'s subtree (of `org` itself with only_org)."""
    return tally.roster_total(org, only_org=only_org, joined_by=False)


def roster_everyone() -> int:
    """Active members of every tree (a figure narrowed to no subtree)."""
    return sum(roster_total(root) for root in Organization.objects.filter(parent__isnull=True))


def roster_by_segment(parent: Organization) -> dict[str, int]:
    """Active members per child-of-`parent` step of their organisation's path: "" for
    `parent` itself, "CODE/" for each child's whole subtree (the keys of
    `ranking.path_segment`); children without members are left out."""
    children = list(Organization.objects.filter(parent=parent).only("pk", "code", "path"))
    totals = tally.roster_totals_by_org(children, joined_by=False)
    out = {f"{c.code}/": totals[c.pk] for c in children}
    out[""] = tally.roster_total(parent, only_org=True, joined_by=False)
    return {seg: n for seg, n in out.items() if n}
