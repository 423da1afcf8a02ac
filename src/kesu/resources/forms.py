"""Resource forms. They only collect text; kesu.resources.validation (via services) judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.orgs.forms import OrgPickerField, ScopedForm
from kesu.resources.models import Channel, ExpertField, VenueKind

ALL = [("", _("全部"))]
DATE = forms.DateInput(attrs={"type": "date"})
NOTES = forms.Textarea(attrs={"rows": 3})


class VenueFilterForm(ScopedForm):
    q = forms.CharField(label=_("名称"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=ALL + VenueKind.choices)
    new_in = forms.CharField(
        label=_("新建年份"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    active = forms.ChoiceField(
        label=_("状态"), required=False, choices=ALL + [("yes", _("在用")), ("no", _("停用"))]
    )


class VenueForm(ScopedForm):
    org = OrgPickerField(label=_("所属组织"))
    name = forms.CharField(label=_("名称"), required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=VenueKind.choices)
    address = forms.CharField(label=_("地址"), required=False)
    opened_on = forms.CharField(label=_("建成/启用日期"), required=False, widget=DATE)
    books_held = forms.CharField(
        label=_("藏书（册）"),
        required=False,
        help_text=_("职工书屋填写"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    area_m2 = forms.CharField(
        label=_("面积（平方米）"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    is_active = forms.BooleanField(label=_("在用"), required=False, initial=True)
    notes = forms.CharField(label=_("备注"), required=False, widget=NOTES)


class VisitForm(forms.Form):
    period_start = forms.CharField(label=_("开始日期"), required=False, widget=DATE)
    period_end = forms.CharField(label=_("结束日期"), required=False, widget=DATE)
    visitors = forms.CharField(
        label=_("参观人次"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    notes = forms.CharField(label=_("备注"), required=False)


class ExpertFilterForm(ScopedForm):
    q = forms.CharField(label=_("姓名"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    field = forms.ChoiceField(
        label=_("专业领域"), required=False, choices=ALL + ExpertField.choices
    )


class ExpertForm(ScopedForm):
    org = OrgPickerField(label=_("所属组织"))
    name = forms.CharField(label=_("姓名"), required=False)
    fields_ = forms.MultipleChoiceField(
        label=_("专业领域"),
        required=False,
        choices=ExpertField.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("职称"), required=False)
    employer = forms.CharField(label=_("工作单位"), required=False)
    phone = forms.CharField(
        label=_("联系电话"), required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    lectures = forms.CharField(
        label=_("讲座活动编号"), required=False, help_text=_("活动编号，多个用逗号分隔")
    )
    is_active = forms.BooleanField(label=_("在库"), required=False, initial=True)
    notes = forms.CharField(label=_("备注"), required=False, widget=NOTES)

    def data_for_service(self, *, editing: bool) -> dict:
        data = dict(self.cleaned_data)
        data["fields"] = data.pop("fields_")
        data.pop("org", None)
        if editing and not data["phone"].strip():
            del data["phone"]  # blank means "unchanged" when editing
        return data


class PublicationFilterForm(ScopedForm):
    q = forms.CharField(label=_("标题"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=ALL + Channel.choices)
    date_from = forms.CharField(label=_("发布日期起"), required=False, widget=DATE)
    date_to = forms.CharField(label=_("发布日期止"), required=False, widget=DATE)


class PublicationForm(ScopedForm):
    org = OrgPickerField(label=_("发布组织"))
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    title = forms.CharField(label=_("标题"), required=False)
    published_on = forms.CharField(label=_("发布日期"), required=False, widget=DATE)
    link = forms.CharField(
        label=_("链接"), required=False, help_text=_("以 http:// 或 https:// 开头")
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=NOTES)
