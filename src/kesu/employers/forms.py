"""Employer pages' forms. They only collect text; kesu.employers.validation (via services)
judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.employers.models import AgreementKind, HomeRating, Ownership
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField, ScopedForm

ALL = [("", _("全部"))]
DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})


class EmployerFilterForm(ScopedForm):
    q = forms.CharField(label=_("名称或信用代码"), required=False)
    org = OrgPickerField(label=_("服务工会（含下级）"), required=False, blank_label=_("全部组织"))
    ownership = forms.ChoiceField(
        label=_("所有制"), required=False, choices=ALL + Ownership.choices
    )
    size = forms.ChoiceField(
        label=_("规模"), required=False, choices=ALL + [("25plus", _("职工25人以上"))]
    )
    union = forms.ChoiceField(
        label=_("建会"), required=False, choices=ALL + [("yes", _("已建会")), ("no", _("未建会"))]
    )
    township = forms.CharField(label=_("乡镇/街道"), required=False)
    park = forms.CharField(label=_("园区"), required=False)


class EmployerForm(ScopedForm):
    org = OrgPickerField(label=_("服务工会"))
    name = forms.CharField(label=_("单位名称"), required=False)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        required=False,
        help_text=_("18位，可含小写或全角字符，保存时自动规范"),
    )
    ownership = forms.ChoiceField(label=_("所有制"), choices=Ownership.choices)
    industry = forms.CharField(label=_("行业"), required=False)
    staff_count = forms.CharField(label=_("职工人数"), required=False, widget=NUMBER)
    township = forms.CharField(label=_("所在乡镇/街道"), required=False)
    industrial_park = forms.CharField(label=_("所在园区"), required=False)
    is_active = forms.BooleanField(label=_("在册"), required=False, initial=True)
    has_union = forms.BooleanField(label=_("已建会"), required=False)
    founded_on = forms.CharField(label=_("建会日期"), required=False, widget=DATE)
    union = OrgPickerField(label=_("所属工会"), required=False, blank_label=_("同服务工会"))
    sign_hung = forms.BooleanField(label=_("牌子挂起来"), required=False)
    identity_shown = forms.BooleanField(label=_("身份亮出来"), required=False)
    duties_shown = forms.BooleanField(label=_("职责显出来"), required=False)
    home_rating = forms.ChoiceField(label=_("职工之家"), required=False, choices=HomeRating.choices)

    FOUNDING = ("founded_on", "union", "sign_hung", "identity_shown", "duties_shown", "home_rating")

    def employer_data(self) -> dict:
        skip = {"has_union", *self.FOUNDING}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def founding_data(self) -> dict | None:
        if not self.cleaned_data.get("has_union"):
            return None
        data = {k: self.cleaned_data[k] for k in self.FOUNDING}
        if not data["union"]:
            data.pop("union")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    org = OrgPickerField(
        label=_("默认服务工会"), required=False, blank_label=_("按表中“服务工会编码”列")
    )
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)


class AgreementFilterForm(ScopedForm):
    q = forms.CharField(label=_("协议名称"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    kind = forms.ChoiceField(
        label=_("协商类型"), required=False, choices=ALL + AgreementKind.choices
    )
    year = forms.CharField(label=_("签订年份"), required=False, widget=NUMBER)


class AgreementForm(ScopedForm):
    org = OrgPickerField(label=_("协商工会"))
    kind = forms.ChoiceField(label=_("协商类型"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("协议名称"), required=False)
    signed_on = forms.CharField(label=_("签订日期"), required=False, widget=DATE)
    term_start = forms.CharField(label=_("期限起"), required=False, widget=DATE)
    term_end = forms.CharField(label=_("期限止"), required=False, widget=DATE)
    workers_covered = forms.CharField(label=_("覆盖职工人数"), required=False, widget=NUMBER)
    wage_increase_pct = forms.CharField(
        label=_("工资增长幅度（%）"), required=False, widget=DECIMAL
    )
    employers = forms.MultipleChoiceField(
        label=_("覆盖企业"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, employer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employers"].choices = employer_choices


class CompletionForm(ScopedForm):
    org = OrgPickerField(label=_("组织（含下级）"))
    year = forms.CharField(label=_("年度"), widget=NUMBER)


class MedicalImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("列：统一社会信用代码或单位名称、年度、参保份数、金额"),
    )
    year = forms.CharField(label=_("年度（表中无年度列时）"), required=False, widget=NUMBER)
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False, initial=True)
