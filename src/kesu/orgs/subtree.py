"""Narrowing records to an organisation's subtree (paths are codes: /JN/JN-01/…).

Within one view (kesu.core.oneview) the subtree of an organisation that lies over every
other one (a city's root) is the whole table: its records are read without joining the
tree, which is most of the cost of a city-wide figure.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from kesu.core import oneview
from kesu.orgs.models import Organization

M = TypeVar("M", bound=Model)


def under(qs: QuerySet[M], org_field: str, path: str) -> QuerySet[M]:
    """Records whose organisation (reached through `org_field`; "" when the records are
    organisations) has a path starting with `path`."""
    if covers_everything(path):
        if org_field and _nullable(qs.model, org_field):
            return qs.filter(**{f"{org_field}__isnull": False})
        return qs
    key = f"{org_field}__path__startswith" if org_field else "path__startswith"
    return qs.filter(**{key: path})


def _nullable(model: type[Model], org_field: str) -> bool:
    """Some link on the way from the record to its organisation may be empty (such a record
    lies under no organisation; without the join it must be left out explicitly)."""
    for name in org_field.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


def covers_everything(path: str) -> bool:
    """Every organisation lies under `path` (asked once per view; outside a view the answer
    is not kept, so it is taken as no and the tree is joined)."""
    if oneview.current() is None or not path.startswith("/"):
        return False
    return oneview.recall(
        ("covers everything", path),
        lambda: not Organization.objects.exclude(path__startswith=path).exists(),
    )
