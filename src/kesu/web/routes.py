"""The usual routes of a record type, built in one call instead of a block of `path()` lines.

A record type has a list, a page to record a new one, its page and its edit page. Its views
follow one naming pattern, the way the admin finds an app's `admin` module: for the stem
"venue", `venue_list`, `venue_create`, `venue_detail` and `venue_edit` (or one `venue_form`
for both new and edit); an app's own record type (stem "") uses `index`, `create`, `detail`
and `edit`. The route names follow one pattern too, so templates and redirects rely on them.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.urls import URLPattern, path

PAGES = (("", "list"), ("new/", "create"), ("<int:pk>/", "detail"), ("<int:pk>/edit/", "edit"))


def _view_name(stem: str, page: str) -> str:
    if not stem:
        return "index" if page == "list" else page
    return f"{stem}_{page}"


def record_routes(
    prefix: str,
    views: ModuleType,
    stem: str = "",
    *,
    name: str | None = None,
    list_name: str | None = None,
) -> list[URLPattern]:
    """`prefix` (the list), `prefix`new/, `prefix`<int:pk>/ and `prefix`<int:pk>/edit/, each
    to the view of `views` named after `stem` (see above); a view the module lacks, no route.

    The routes are named `name` + create, detail, edit (`name` by default "<stem>_", or ""
    without a stem) and the list `list_name` (by default `prefix` without its slash, or
    "index" without a prefix).
    """
    prefix_name = (f"{stem}_" if stem else "") if name is None else name
    names = {page: prefix_name + page for _tail, page in PAGES}
    names["list"] = list_name or prefix.strip("/") or "index"
    routes = []
    for tail, page in PAGES:
        view = getattr(views, _view_name(stem, page), None)
        if view is None and page in ("create", "edit"):
            view = getattr(views, _view_name(stem, "form"), None)
        if view is not None:
            routes.append(path(prefix + tail, view, name=names[page]))
    return routes


def record_actions(prefix: str, actions: dict[str, Any], key: str = "<int:pk>") -> list[URLPattern]:
    """The routes of actions on one record, `prefix<key>/<action>/`, each named after its
    action: `{"status": views.set_status}` gives "<int:pk>/status/" named "status"."""
    return [path(f"{prefix}{key}/{action}/", view, name=action) for action, view in actions.items()]
