"""Anonymising a member who left (PIPL): a confirmation page, then the irreversible write."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kesu.members import privacy, selectors
from kesu.members.services import MemberError
from kesu.orgs import access
from kesu.web.views import apply_errors, web_view


class AnonymiseForm(forms.Form):
    confirm_name = forms.CharField(
        label=gettext_lazy("请输入该会员的姓名以确认"),
        max_length=60,
        help_text=gettext_lazy("注销后姓名、身份证号、手机号等个人信息将被清除，不可恢复。"),
    )


@web_view(access.MANAGE)
def member_anonymise(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk, action=access.MANAGE)
    form = AnonymiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.member_anonymise(
                actor=request.user,
                member=member,
                confirm_name=form.cleaned_data["confirm_name"],
                request=request,
            )
        except MemberError as exc:
            apply_errors(form, exc.errors)
        else:
            messages.success(request, _("已注销该会员的个人信息。"))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/anonymise.html", {"form": form, "member": member})
