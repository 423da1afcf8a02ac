"""Archive forms: member search, org/year pickers, the yearly rule."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField

NUMERIC = forms.TextInput(attrs={"inputmode": "numeric"})


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("姓名或身份证号/手机号后4位"),
        required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class OrgYearForm(forms.Form):
    org = OrgPickerField(label=_("组织（含下级）"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, widget=NUMERIC)

    def __init__(self, *args, user, action=access.VIEW, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("year", timezone.localdate().year)
        if user.org_id:
            kwargs["initial"].setdefault("org", user.org.code)
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, action)


class RuleForm(forms.Form):
    org = OrgPickerField(
        label=_("制定组织"), help_text=_("规则适用于该组织及全部下级，下级另定的以下级为准")
    )
    year = forms.CharField(label=_("年度"), widget=NUMERIC)
    min_hours = forms.CharField(
        label=_("最低学时"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    min_activities = forms.CharField(label=_("最少参加活动（场）"), required=False, widget=NUMERIC)
    assessment_required = forms.BooleanField(label=_("须参加科学素质测评"), required=False)
    min_achievements = forms.CharField(
        label=_("最少创新成果（项）"), required=False, widget=NUMERIC, help_text=_("不要求则留空")
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)
