"""Reads of the organisation tree, always through the access layer."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from kesu.core.actors import Actor
from kesu.core.filters import TitleKindYear, in_year, where_given
from kesu.orgs import access
from kesu.orgs.models import Organization


def in_subtree(qs: QuerySet, *, user: Actor, code: str, org_field: str = "org") -> QuerySet:
    """Narrow a list to the subtree of the organisation `code` (a filter typed by the user);
    an unknown or out-of-scope code gives nothing, and no code leaves the list as it is."""
    if not code:
        return qs
    org = Organization.objects.filter(code=code).first()
    if org is None or not access.orgs_for(user).filter(pk=org.pk).exists():
        return qs.none()
    return qs.filter(**{f"{org_field}__path__startswith": org.path})


def visible_in_subtree(qs: QuerySet, *, user: Actor, code: str, org_field: str = "org") -> QuerySet:
    """The records of `qs` the user may see (access.restrict), narrowed to the subtree of the
    organisation `code` typed in a list filter (in_subtree): how every list page starts."""
    return in_subtree(
        access.restrict(qs, user, org_field=org_field), user=user, code=code, org_field=org_field
    )


def titled_list(qs: QuerySet, *, user: Actor, filters: TitleKindYear, date_field: str) -> QuerySet:
    """A list of dated records with a title as the user may see it, narrowed by the
    TitleKindYear filters, newest first."""
    qs = visible_in_subtree(qs, user=user, code=filters.org)
    qs = where_given(qs, title__contains=filters.q, kind=filters.kind)
    return in_year(qs, f"{date_field}__year", filters.year).order_by(f"-{date_field}", "-id")


def org_list(*, user: Actor, q: str = "", level: str = "") -> QuerySet[Organization]:
    qs = access.orgs_for(user).select_related("parent")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if level:
        qs = qs.filter(level=level)
    return qs


def org_roots(*, user: Actor) -> QuerySet[Organization]:
    """The top of what the user sees: their own organisation, or the real roots."""
    if user.is_superuser:
        return Organization.objects.filter(parent__isnull=True)
    return access.orgs_for(user).filter(pk=user.org_id)


def org_children(*, user: Actor, org: Organization) -> QuerySet[Organization]:
    qs = access.orgs_for(user).filter(parent=org)
    return qs.annotate(child_count=Count("children", distinct=True)).order_by("code")


def org_subtree(*, user: Actor, org: Organization) -> QuerySet[Organization]:
    return access.orgs_for(user).filter(path__startswith=org.path)


def org_tree(
    *, user: Actor, root: Organization | None = None, max_depth: int | None = None
) -> list[dict[str, Any]]:
    """Nested dicts {code, name, level, kind, children} of the visible tree (API and CLI)."""
    qs = access.orgs_for(user).select_related("parent").order_by("path")
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
        if max_depth is not None:
            qs = qs.filter(depth__lte=root.depth + max_depth)
    nodes: dict[int, dict[str, Any]] = {}
    tops: list[dict[str, Any]] = []
    for org in qs.only(
        "id", "code", "name", "level", "kind", "parent_id", "path", "depth", "is_active"
    ):
        node = {
            "code": org.code,
            "name": org.name,
            "level": org.level,
            "kind": org.kind,
            "is_active": org.is_active,
            "children": [],
        }
        nodes[org.pk] = node
        parent = nodes.get(org.parent_id) if org.parent_id else None
        (parent["children"] if parent is not None else tops).append(node)
    return tops


def org_ancestors(*, user: Actor, org: Organization) -> QuerySet[Organization]:
    """The ancestors of `org` that the user may see, top first (breadcrumbs)."""
    codes = [code for code in org.path.strip("/").split("/")[:-1] if code]
    return access.orgs_for(user).filter(code__in=codes).order_by("depth")


# Which roster rows count as members on the organisation pages: every row until the roster app
# installs its definition of a current member (not withdrawn, not transferred out) at start-up,
# so the tree shows the same 会员人数 as the roster and the dashboard.
_counted = {"members": Q()}


def install_member_count(condition: Q) -> None:
    """Called by the roster app: the condition (on `members__…`) a counted member meets."""
    _counted["members"] = condition


def _members() -> Count:
    return Count("members", filter=_counted["members"])


def org_member_total(*, user: Actor, org: Organization) -> int:
    """Current members anywhere in `org`'s subtree that the user may see."""
    qs = access.orgs_for(user).filter(path__startswith=org.path)
    return qs.aggregate(n=_members())["n"] or 0


def org_child_member_counts(*, user: Actor, org: Organization) -> dict[str, int]:
    """{child code: members in that child's whole subtree}, from one grouped query."""
    rows = (
        access.orgs_for(user)
        .filter(path__startswith=org.path, depth__gt=org.depth)
        .annotate(n=_members())
        .filter(n__gt=0)
        .values_list("path", "n")
    )
    counts: dict[str, int] = {}
    for path, n in rows:
        child = path[len(org.path) :].split("/", 1)[0]
        counts[child] = counts.get(child, 0) + n
    return counts


def tree_stamp() -> str:
    """Changes whenever the organisation tree does (an organisation added, deleted, moved or
    renamed): what is kept per subtree is kept under it."""
    tree = Organization.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    at = tree["at"].isoformat() if tree["at"] else ""
    return f"{tree['n']}|{at}"
