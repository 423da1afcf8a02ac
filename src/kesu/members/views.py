"""Roster pages: list with filters (htmx), detail with audited reveal, create, edit, transfer."""

from __future__ import annotations

from dataclasses import asdict

from django.shortcuts import render
from django.utils.translation import gettext as _

from kesu.audit.display import with_change_rows
from kesu.audit.selectors import audit_list
from kesu.members import selectors, services
from kesu.members.forms import MemberCreateForm, MemberEditForm, MemberFilterForm, TransferForm
from kesu.members.validation import PLAIN_FIELDS
from kesu.orgs import access
from kesu.web.pages import live_list, page_of, submit_form
from kesu.web.records import submit_new
from kesu.web.views import paginate, querystring, web_view

RESULTS = "member-results"
EDITABLE = ("name", *PLAIN_FIELDS, "status", "notes")


@web_view(access.VIEW, methods=["GET"])
def member_list(request):
    filters = selectors.MemberFilters.from_mapping(request.GET)
    members = selectors.member_list(user=request.user, filters=filters)
    # Without filters beyond the roster tally's columns, both totals are read from it.
    counts = selectors.member_list_counts(user=request.user, filters=filters)
    if filters.status:
        current = None
    elif counts is None:
        current = selectors.current_members(members).count()
    else:
        current = counts.current
    context = {
        "page": paginate(request, members, count=None if counts is None else counts.listed),
        # Listed with every status; the dashboard's 会员人数 counts current members only,
        # so the list says how many of its rows those are.
        "current_count": current,
        "export_query": querystring(asdict(filters)),
        "can_change": access.can(request.user, access.CHANGE),
    }
    return live_list(request, "members", RESULTS, context, MemberFilterForm)


def _detail_context(request, member, revealed=None):
    user = request.user
    entries = None
    if access.can(user, access.MANAGE):
        qs = audit_list(user=user, target_type="member").filter(target_id=str(member.pk))
        entries = with_change_rows(list(qs[:10]))
    return {
        "member": member,
        "transfers": selectors.member_transfers(member=member),
        "can_reveal": access.can_view_pii(user),
        "can_change": access.can(user, access.CHANGE),
        "can_manage": access.can(user, access.MANAGE),
        "entries": entries,
        "revealed": revealed,
    }


@web_view(access.VIEW, methods=["GET"])
def member_detail(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    return render(request, "members/detail.html", _detail_context(request, member))


@web_view(access.VIEW, methods=["POST"])
def member_reveal(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    revealed = services.member_reveal(actor=request.user, member=member, request=request)
    if request.htmx:
        response = render(request, "members/_pii.html", {"member": member, "revealed": revealed})
    else:
        response = render(
            request, "members/detail.html", _detail_context(request, member, revealed)
        )
    response["Cache-Control"] = "no-store"
    return response


@web_view(access.CHANGE)
def member_create(request):
    form = MemberCreateForm(
        request.POST or None, user=request.user, initial={"org": request.GET.get("org", "")}
    )
    success = _("已登记会员 %(name)s。")
    done = submit_new(request, form, services.member_create, success=success, to="members:detail")
    return done or render(request, "members/form.html", {"form": form, "creating": True})


@web_view(access.CHANGE)
def member_edit(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk, action=access.CHANGE)
    initial = {field: getattr(member, field) for field in EDITABLE}
    initial["joined_on"] = member.joined_on.isoformat() if member.joined_on else ""
    form = MemberEditForm(request.POST or None, initial=initial)

    def save():
        return services.member_update(
            actor=request.user, member=member, data=form.changes(), request=request
        )

    back = page_of("members:detail", member.pk)
    done = submit_form(request, form, save, success=_("已保存。"), to=back)
    return done or render(request, "members/form.html", {"form": form, "member": member})


@web_view(access.CHANGE)
def member_transfer(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk, action=access.CHANGE)
    form = TransferForm(request.POST or None, user=request.user)

    def save():
        data = form.cleaned_data
        to_org = access.get_org_for_user(request.user, data["to_org"], access.CHANGE)
        services.member_transfer(
            actor=request.user,
            member=member,
            to_org=to_org,
            on=data["transferred_on"],
            reason=data["reason"],
            request=request,
        )
        return to_org

    back = page_of("members:detail", member.pk)
    done = submit_form(
        request,
        form,
        save,
        success=lambda to_org: _("已转入“%(name)s”。") % {"name": to_org.name},
        to=back,
    )
    return done or render(request, "members/transfer.html", {"form": form, "member": member})
