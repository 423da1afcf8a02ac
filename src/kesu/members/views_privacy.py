"""Anonymising a member who left (PIPL): a confirmation page, then the irreversible write."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kesu.members import privacy, selectors
from kesu.orgs import access
from kesu.web.pages import submit_form
from kesu.web.views import web_view


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
    done = submit_form(
        request,
        form,
        lambda: privacy.member_anonymise(
            actor=request.user,
            member=member,
            confirm_name=form.cleaned_data["confirm_name"],
            request=request,
        ),
        success=_("已注销该会员的个人信息。"),
        to="members:detail",
        pk=member.pk,
    )
    return done or render(request, "members/anonymise.html", {"form": form, "member": member})
