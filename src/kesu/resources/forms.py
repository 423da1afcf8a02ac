"""Resource forms. They only collect text; kesu.resources.validation (via services) judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.resources.models import Channel, ExpertField, VenueKind
from kesu.resources.selectors import ExpertFilters, VenueFilters
from kesu.web import forms_kit as kit


class VenueFilterForm(kit.RecordFilterForm):
    filters = VenueFilters
    kind = kit.any_of(_("类型"), VenueKind.choices)
    new_in = kit.number(_("新建年份"))
    active = kit.any_of(_("状态"), [("yes", _("在用")), ("no", _("停用"))])


class VenueForm(kit.OrgRecordForm):
    name = kit.text(_("名称"))
    kind = forms.ChoiceField(label=_("类型"), choices=VenueKind.choices)
    address = kit.text(_("地址"))
    opened_on = kit.date(_("建成/启用日期"))
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
    notes = kit.paragraphs(_("备注"))


class VisitForm(forms.Form):
    period_start = kit.date(_("开始日期"))
    period_end = kit.date(_("结束日期"))
    visitors = forms.CharField(
        label=_("参观人次"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    notes = kit.text(_("备注"))


class ExpertFilterForm(kit.RecordFilterForm):
    filters = ExpertFilters
    search_label = _("姓名")
    field = kit.any_of(_("专业领域"), ExpertField.choices)


class ExpertForm(kit.OrgRecordForm):
    name = kit.text(_("姓名"))
    fields_ = kit.ticks(_("专业领域"), ExpertField.choices)
    title = kit.text(_("职称"))
    employer = kit.text(_("工作单位"))
    phone = forms.CharField(
        label=_("联系电话"), required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    lectures = kit.text(_("讲座活动编号"), help_text=_("活动编号，多个用逗号分隔"))
    is_active = forms.BooleanField(label=_("在库"), required=False, initial=True)
    notes = kit.paragraphs(_("备注"))

    def data_for_service(self, *, editing: bool) -> dict:
        data = dict(self.cleaned_data)
        data["fields"] = data.pop("fields_")
        data.pop("org", None)
        if editing and not data["phone"].strip():
            del data["phone"]  # blank means "unchanged" when editing
        return data


class PublicationFilterForm(kit.RecordFilterForm):
    search_label = _("标题")
    channel = kit.any_of(_("渠道"), Channel.choices)
    date_from = kit.date(_("发布日期起"))
    date_to = kit.date(_("发布日期止"))


class PublicationForm(kit.OrgRecordForm):
    org_label = _("发布组织")
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices)
    title = kit.text(_("标题"))
    published_on = kit.date(_("发布日期"))
    link = kit.text(_("链接"), help_text=_("以 http:// 或 https:// 开头"))
    notes = kit.paragraphs(_("备注"))
