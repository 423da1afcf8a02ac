"""Roster denominators of the contest figures: today's active members of a subtree (or of
one organisation), whatever their join date — read from the members app's roll-up
(`kesu.members.tally`, exact, tens of milliseconds at city scale) instead of counting up to a
million member rows per figure."""

from __future__ import annotations

from django.db.models import Count

from kesu.members.choices import MemberStatus
from kesu.members.models import Member
from kesu.orgs.models import Organization

try:  # the roll-up lands with the members app; until then the direct count (same figures)
    from kesu.members import tally
except ImportError:  # pragma: no cover
    tally = None


def roster_total(org: Organization, *, only_org: bool = False) -> int:
    """Active members of `org`'s subtree (of `org` itself with only_org)."""
    if tally is not None:
        return tally.roster_total(org, only_org=only_org, joined_by=False)
    members = Member.objects.filter(status=MemberStatus.ACTIVE)  # pragma: no cover
    if only_org:  # pragma: no cover
        return members.filter(org_id=org.pk).count()
    return members.filter(org__path__startswith=org.path).count()  # pragma: no cover


def roster_everyone() -> int:
    """Active members of every tree (a figure narrowed to no subtree)."""
    return sum(roster_total(root) for root in Organization.objects.filter(parent__isnull=True))


def roster_by_segment(parent: Organization) -> dict[str, int]:
    """Active members per child-of-`parent` step of their organisation's path: "" for
    `parent` itself, "CODE/" for each child's whole subtree (the keys of
    `ranking.path_segment`); children without members are left out."""
    children = list(Organization.objects.filter(parent=parent).only("pk", "code", "path"))
    if tally is not None:
        totals = tally.roster_totals_by_org(children, joined_by=False)
        out = {f"{c.code}/": totals[c.pk] for c in children}
        out[""] = tally.roster_total(parent, only_org=True, joined_by=False)
        return {seg: n for seg, n in out.items() if n}
    from kesu.contests.ranking import path_segment  # pragma: no cover

    rows = (  # pragma: no cover
        Member.objects.filter(org__path__startswith=parent.path, status=MemberStatus.ACTIVE)
        .annotate(seg=path_segment("org__path", parent.path))
        .values("seg")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["seg"]: r["n"] for r in rows}  # pragma: no cover
