"""工作台: the first page after login — what the user has to do today."""

from __future__ import annotations

from django.shortcuts import render

from kesu.orgs import access
from kesu.web.views import web_view
from kesu.workbench import member as member_items
from kesu.workbench.selectors import cadre_sections


@web_view(None, methods=["GET"])
def home(request):
    user = request.user
    is_cadre = access.can(user, access.VIEW)
    member = member_items.member_of(user)
    context = {
        "is_cadre": is_cadre,
        "member": member,
        "sections": cadre_sections(user) if is_cadre else [],
        "member_sections": member_items.member_sections(member) if member else [],
    }
    return render(request, "workbench/home.html", context)
