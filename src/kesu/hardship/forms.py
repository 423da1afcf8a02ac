"""Hardship forms. They only collect text; the services judge it (Chinese messages)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.hardship.models import (
    AdmissionLevel,
    AssistanceKind,
    Cause,
    FundKind,
    RecipientKind,
    Review,
    Status,
    Tier,
)
from kesu.orgs.forms import ScopedForm
from kesu.web import forms_kit as kit


class CaseFilterForm(ScopedForm):
    q = kit.text(_("姓名"))
    id_number = kit.text(_("身份证号（完整）"))
    org = kit.org_filter()
    status = kit.any_of(_("状态"), [("open", _("未销档"))] + Status.choices)
    tier = kit.any_of(_("困难类别"), Tier.choices)
    flag = kit.any_of(
        _("专项查询"),
        [
            ("overdue", _("复核逾期")),
            ("unreviewed", _("一年未复核")),
            ("never_helped", _("从未帮扶")),
        ],
    )


class CaseForm(kit.OrgRecordForm):
    org_label = _("建档组织")
    applicant_id_number = kit.text(_("申请人身份证号"), help_text=_("申请人须为本组织范围内的会员"))
    household_size = forms.CharField(
        label=_("家庭人口"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    income_per_head = kit.decimal(_("家庭月人均收入（元）"))
    cause = forms.ChoiceField(label=_("致困原因"), choices=Cause.choices)
    tier = forms.ChoiceField(
        label=_("困难类别"),
        choices=Tier.choices,
        help_text=_(
            "深度困难：月人均收入不高于低保标准；相对困难：不高于低保标准的1.5倍（可按地区设置）；"
            "意外致困：因突发事件致困，不设收入上限"
        ),
    )
    is_temporary = forms.BooleanField(label=_("临时档案"), required=False)
    filed_on = kit.date(_("建档日期"))
    phone = kit.text(_("联系电话"))
    address = kit.text(_("家庭住址"))
    notes = kit.paragraphs(_("困难情况说明"))


class CaseEditForm(forms.Form):
    household_size = CaseForm.base_fields["household_size"]
    income_per_head = CaseForm.base_fields["income_per_head"]
    cause = CaseForm.base_fields["cause"]
    tier = CaseForm.base_fields["tier"]
    address = CaseForm.base_fields["address"]
    notes = CaseForm.base_fields["notes"]


class HouseholdForm(forms.Form):
    name = kit.text(_("姓名"))
    relation = kit.text(_("与申请人关系"))
    id_number = kit.text(_("身份证号"))


class TransitionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("转为"),
        choices=[
            (Status.ASSISTING, _("帮扶中")),
            (Status.OUT, _("解困脱困")),
            (Status.CLOSED, _("销档")),
            ("regular", _("临时档案转正式")),
        ],
    )
    reason = kit.text(_("原因"))
    on = kit.date(_("日期"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:  # offer the moves the life cycle allows from here
            from kesu.hardship.services_lifecycle import TRANSITIONS

            allowed = set(TRANSITIONS[case.status]) | ({"regular"} if case.is_temporary else set())
            field = self.fields["status"]
            field.choices = [(code, label) for code, label in field.choices if code in allowed]


class ReviewForm(forms.Form):
    reviewed_on = kit.date(_("复核日期"))
    conclusion = forms.ChoiceField(label=_("复核结论"), choices=Review.Conclusion.choices)
    income_per_head = kit.decimal(_("复核时月人均收入（元）"))
    notes = kit.text(_("说明"))


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("材料（图片或PDF）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf"}),
    )


class AssistanceFilterForm(kit.RecordFilterForm):
    search_label = _("关键词")
    kind = kit.any_of(_("帮扶类型"), AssistanceKind.choices)
    recipient_kind = kit.any_of(_("对象类型"), RecipientKind.choices)
    date_from = kit.date(_("日期起"))
    date_to = kit.date(_("日期止"))


class AssistanceForm(kit.OrgRecordForm):
    org_label = _("实施组织")
    kind = forms.ChoiceField(label=_("帮扶类型"), choices=AssistanceKind.choices)
    date = kit.date(_("日期"))
    recipient_kind = forms.ChoiceField(label=_("对象类型"), choices=RecipientKind.choices)
    recipients = forms.CharField(
        label=_("对象数（户/家/人）"),
        required=False,
        initial="1",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    case = forms.CharField(
        label=_("困难档案编号"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    employer = forms.CharField(
        label=_("企业编号"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    group_name = kit.text(_("群体名称"), help_text=_("如困难乡村保洁员、孤儿/五保户、困难劳模"))
    amount = kit.decimal(_("金额（元）"))
    goods = kit.text(_("物资"))
    goods_value = kit.decimal(_("物资折价（元）"))
    funding_source = forms.ChoiceField(label=_("资金来源"), required=False)
    student_name = kit.text(_("学生姓名（金秋助学）"))
    school = kit.text(_("录取学校"))
    admission_level = forms.ChoiceField(
        label=_("录取层次"), required=False, choices=[("", "—")] + AdmissionLevel.choices
    )
    description = kit.text(_("说明"))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].choices = [("", "—")] + [
            (str(s.pk), f"{s.name}（{s.org.name}）") for s in sources
        ]


class StandardForm(kit.OrgRecordForm):
    org_label = _("地区（组织）")
    year = kit.text(_("年度"))
    monthly_amount = kit.decimal(_("低保标准（元/人·月）"))
    relative_multiplier = kit.decimal(_("相对困难上限倍数"), initial="1.5")


class SourceForm(kit.OrgRecordForm):
    name = kit.text(_("名称"))
    kind = forms.ChoiceField(label=_("来源类型"), choices=FundKind.choices)
    notes = kit.text(_("备注"))


class ReceiptForm(forms.Form):
    source = forms.ChoiceField(label=_("资金来源"))
    received_on = kit.date(_("到账日期"))
    amount = kit.decimal(_("金额（元）"))
    notes = kit.text(_("备注"))

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(str(s.pk), f"{s.name}（{s.org.name}）") for s in sources]


class WithdrawForm(forms.Form):
    reason = kit.text(_("撤销原因"))
