"""The organisation tree (lazily expanded with htmx), detail, create, edit and move."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kesu.accounts.models import User
from kesu.orgs import access, selectors, services
from kesu.orgs.forms import OrgCreateForm, OrgEditForm, OrgMoveForm
from kesu.web.pages import submit_form
from kesu.web.views import web_view

LOOKUP_LIMIT = 20
SEARCH_LIMIT = 50


def _with_counts(user, parent, children):
    counts = selectors.org_child_member_counts(user=user, org=parent)
    for child in children:
        child.member_count = counts.get(child.code, 0)
    return children


@web_view(access.VIEW)
def tree(request):
    q = request.GET.get("q", "").strip()
    roots = list(selectors.org_roots(user=request.user))
    nodes = [
        (
            root,
            _with_counts(
                request.user, root, list(selectors.org_children(user=request.user, org=root))
            ),
        )
        for root in roots
    ]
    found = list(selectors.org_list(user=request.user, q=q)[:SEARCH_LIMIT]) if q else None
    return render(request, "orgs/tree.html", {"nodes": nodes, "q": q, "found": found})


@web_view(access.VIEW, methods=["GET"])
def children(request, code: str):
    org = access.get_org_for_user(request.user, code)
    kids = _with_counts(request.user, org, list(selectors.org_children(user=request.user, org=org)))
    return render(request, "orgs/_children.html", {"children": kids, "parent": org})


@web_view(access.VIEW, methods=["GET"])
def lookup(request):
    """<option> suggestions for the organisation picker (the input sends its own name)."""
    q = request.GET.get(request.GET.get("param", "q"), "").strip()
    orgs = selectors.org_list(user=request.user, q=q)[:LOOKUP_LIMIT] if q else []
    return render(request, "orgs/_lookup.html", {"orgs": orgs})


@web_view(access.VIEW, methods=["GET"])
def detail(request, code: str):
    user = request.user
    org = access.get_org_for_user(user, code)
    kids = _with_counts(user, org, list(selectors.org_children(user=user, org=org)))
    can_manage = access.can(user, access.MANAGE)
    context = {
        "org": org,
        "ancestors": selectors.org_ancestors(user=user, org=org),
        "children": kids,
        "member_total": selectors.org_member_total(user=user, org=org),
        "can_manage": can_manage,
        "can_change": access.can(user, access.CHANGE),
        "org_users": (
            access.restrict(User.objects.filter(org=org), user, access.MANAGE).order_by("username")
            if can_manage
            else None
        ),
        "is_scope_top": org.pk == user.org_id,
    }
    return render(request, "orgs/detail.html", context)


def _org_page(org) -> str:
    return reverse("orgs:detail", kwargs={"code": org.code})


@web_view(access.MANAGE)
def create(request, code: str):
    parent = access.get_org_for_user(request.user, code, access.MANAGE)
    form = OrgCreateForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda: services.org_create(
            actor=request.user, parent=parent, request=request, **form.cleaned_data
        ),
        success=lambda org: _("已创建组织“%(name)s”。") % {"name": org.name},
        to=_org_page,
    )
    return done or render(
        request, "orgs/form.html", {"form": form, "parent": parent, "creating": True}
    )


@web_view(access.MANAGE)
def edit(request, code: str):
    org = access.get_org_for_user(request.user, code, access.MANAGE)
    initial = {"name": org.name, "level": org.level, "kind": org.kind, "is_active": org.is_active}
    form = OrgEditForm(request.POST or None, initial=initial)
    done = submit_form(
        request,
        form,
        lambda: services.org_update(
            actor=request.user, org=org, request=request, **form.cleaned_data
        ),
        success=_("已保存。"),
        to=lambda _saved: _org_page(org),
    )
    return done or render(request, "orgs/form.html", {"form": form, "org": org})


@web_view(access.MANAGE)
def move(request, code: str):
    org = access.get_org_for_user(request.user, code, access.MANAGE)
    form = OrgMoveForm(request.POST or None, user=request.user)

    def save():
        new_parent = access.get_org_for_user(
            request.user, form.cleaned_data["parent"], access.MANAGE
        )
        services.org_move(actor=request.user, org=org, new_parent=new_parent, request=request)
        return new_parent

    done = submit_form(
        request,
        form,
        save,
        success=lambda new_parent: _("已移动到“%(name)s”之下。") % {"name": new_parent.name},
        to=lambda _new_parent: _org_page(org),
    )
    return done or render(request, "orgs/move.html", {"form": form, "org": org})
