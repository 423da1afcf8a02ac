"""Named database constraints the records of every app declare alike: one row per key (per
roster member, per year), a range whose end is not before its start, an amount that is not
negative; and the Meta pieces (order, index, constraint) that whole families of records share.

Each helper builds exactly the constraint a model would have spelled out (migrations see no
change); the message, when given, is what a form shows for a row that breaks it.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

END_BEFORE_START = _("结束日期不能早于开始日期")
YEAR_MIN, YEAR_MAX = 2000, 2100


def _message(message: Any) -> dict[str, Any]:
    return {} if message is None else {"violation_error_message": message}


def unique(
    fields: list[str], name: str, message: Any = None, *, condition: Q | None = None
) -> models.UniqueConstraint:
    """At most one row per value of `fields` (among the rows matching `condition`)."""
    extra = {} if condition is None else {"condition": condition}
    return models.UniqueConstraint(fields=fields, name=name, **extra, **_message(message))


def once_per_member(scope: list[str], name: str, message: Any = None) -> models.UniqueConstraint:
    """A roster member stands at most once per `scope` (an entry list, a team, a session);
    rows without a member (outsiders, guests) are not limited."""
    return unique([*scope, "member"], name, message, condition=Q(member__isnull=False))


def ordered(
    start: str, end: str, name: str, message: Any = None, *, strict: bool = False
) -> models.CheckConstraint:
    """`end` is not before `start` (strictly after it with `strict`)."""
    condition = Q(**{f"{end}__{'gt' if strict else 'gte'}": F(start)})
    return models.CheckConstraint(condition=condition, name=name, **_message(message))


def at_least(
    field: str, bound: int = 0, *, name: str, message: Any = None, strict: bool = False
) -> models.CheckConstraint:
    """`field` is at least `bound` (more than it with `strict`): amounts, counts, hours."""
    condition = Q(**{f"{field}__{'gt' if strict else 'gte'}": bound})
    return models.CheckConstraint(condition=condition, name=name, **_message(message))


def year_in_range(*, name: str) -> models.CheckConstraint:
    """The year of a plan or a scheme is a plausible calendar year."""
    return models.CheckConstraint(
        condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
        name=name,
        violation_error_message=_("年度应在2000至2100之间"),
    )


def newest_by_org(date: str, index: str) -> type:
    """Meta pieces of an organisation's dated records (activities, meetings, honours…): newest
    first, and the (org, `date`) index that per-organisation, per-period reads use. The model's
    Meta inherits them: `class Meta(newest_by_org("held_on", "meeting_org_date")):`."""

    class DatedByOrg:
        ordering = [f"-{date}", "-id"]
        indexes = [models.Index(fields=["org", date], name=index)]

    return DatedByOrg


def yearly(owner: str, name: str, message: Any = None, *, per: tuple[str, ...] = ()) -> type:
    """Meta pieces of a record kept once a year for each `owner` (an organisation, a venue;
    and each value of `per`): the latest year first, one row per owner and year."""

    class Yearly:
        ordering = ["-year", f"{owner}_id", *per]
        constraints = [unique([owner, "year", *per], name, message)]

    return Yearly
