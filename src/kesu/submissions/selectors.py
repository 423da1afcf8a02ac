"""Reads of upward reports: a unit's own, and its children's status for a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.submissions.models import Submission

NOT_SUBMITTED = "未报"


@dataclass(frozen=True)
class ChildStatus:
    org: Organization
    submission: Submission | None

    @property
    def label(self) -> str:
        return self.submission.get_status_display() if self.submission else NOT_SUBMITTED

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "missing"


def submission_get(*, user: Actor, pk: int) -> Submission:
    """A submission visible to the user: its unit is in the user's subtree."""
    return access.get_for_user(Submission.objects.select_related("org", "parent"), user, pk=pk)


def own_submission(
    *, user: Actor, org: Organization, start: dt.date, end: dt.date
) -> Submission | None:
    access.require(user, access.VIEW)
    return access.restrict(Submission.objects.filter(org=org, start=start, end=end), user).first()


def children_status(
    *, user: Actor, parent: Organization, start: dt.date, end: dt.date
) -> list[ChildStatus]:
    """Each direct child of `parent` with its report for exactly this period (or none)."""
    if not access.orgs_for(user).filter(pk=parent.pk).exists():
        raise access.NotFound()
    children = list(access.orgs_for(user).filter(parent=parent, is_active=True).order_by("code"))
    reports = {
        s.org_id: s
        for s in Submission.objects.filter(parent=parent, start=start, end=end).select_related(
            "submitted_by"
        )
    }
    return [ChildStatus(child, reports.get(child.pk)) for child in children]
