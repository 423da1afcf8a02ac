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
from kesu.orgs.forms import OrgPickerField, ScopedForm

ALL = [("", _("全部"))]
DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.TextInput(attrs={"inputmode": "decimal"})
NOTES = forms.Textarea(attrs={"rows": 3})


class CaseFilterForm(ScopedForm):
    q = forms.CharField(label=_("姓名"), required=False)
    id_number = forms.CharField(label=_("身份证号（完整）"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=ALL + [("open", _("未销档"))] + Status.choices
    )
    tier = forms.ChoiceField(label=_("困难类别"), required=False, choices=ALL + Tier.choices)
    flag = forms.ChoiceField(
        label=_("专项查询"),
        required=False,
        choices=ALL
        + [
            ("overdue", _("复核逾期")),
            ("unreviewed", _("一年未复核")),
            ("never_helped", _("从未帮扶")),
        ],
    )


class CaseForm(ScopedForm):
    org = OrgPickerField(label=_("建档组织"))
    applicant_id_number = forms.CharField(
        label=_("申请人身份证号"), required=False, help_text=_("申请人须为本组织范围内的会员")
    )
    household_size = forms.CharField(
        label=_("家庭人口"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    income_per_head = forms.CharField(
        label=_("家庭月人均收入（元）"), required=False, widget=NUMBER
    )
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
    filed_on = forms.CharField(label=_("建档日期"), required=False, widget=DATE)
    phone = forms.CharField(label=_("联系电话"), required=False)
    address = forms.CharField(label=_("家庭住址"), required=False)
    notes = forms.CharField(label=_("困难情况说明"), required=False, widget=NOTES)


class CaseEditForm(forms.Form):
    household_size = CaseForm.base_fields["household_size"]
    income_per_head = CaseForm.base_fields["income_per_head"]
    cause = CaseForm.base_fields["cause"]
    tier = CaseForm.base_fields["tier"]
    address = CaseForm.base_fields["address"]
    notes = CaseForm.base_fields["notes"]


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("姓名"), required=False)
    relation = forms.CharField(label=_("与申请人关系"), required=False)
    id_number = forms.CharField(label=_("身份证号"), required=False)


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
    reason = forms.CharField(label=_("原因"), required=False)
    on = forms.CharField(label=_("日期"), required=False, widget=DATE)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:  # offer the moves the life cycle allows from here
            from kesu.hardship.services_lifecycle import TRANSITIONS

            allowed = set(TRANSITIONS[case.status]) | ({"regular"} if case.is_temporary else set())
            field = self.fields["status"]
            field.choices = [(code, label) for code, label in field.choices if code in allowed]


class ReviewForm(forms.Form):
    reviewed_on = forms.CharField(label=_("复核日期"), required=False, widget=DATE)
    conclusion = forms.ChoiceField(label=_("复核结论"), choices=Review.Conclusion.choices)
    income_per_head = forms.CharField(
        label=_("复核时月人均收入（元）"), required=False, widget=NUMBER
    )
    notes = forms.CharField(label=_("说明"), required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("材料（图片或PDF）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf"}),
    )


class AssistanceFilterForm(ScopedForm):
    q = forms.CharField(label=_("关键词"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    kind = forms.ChoiceField(
        label=_("帮扶类型"), required=False, choices=ALL + AssistanceKind.choices
    )
    recipient_kind = forms.ChoiceField(
        label=_("对象类型"), required=False, choices=ALL + RecipientKind.choices
    )
    date_from = forms.CharField(label=_("日期起"), required=False, widget=DATE)
    date_to = forms.CharField(label=_("日期止"), required=False, widget=DATE)


class AssistanceForm(ScopedForm):
    org = OrgPickerField(label=_("实施组织"))
    kind = forms.ChoiceField(label=_("帮扶类型"), choices=AssistanceKind.choices)
    date = forms.CharField(label=_("日期"), required=False, widget=DATE)
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
    group_name = forms.CharField(
        label=_("群体名称"), required=False, help_text=_("如困难乡村保洁员、孤儿/五保户、困难劳模")
    )
    amount = forms.CharField(label=_("金额（元）"), required=False, widget=NUMBER)
    goods = forms.CharField(label=_("物资"), required=False)
    goods_value = forms.CharField(label=_("物资折价（元）"), required=False, widget=NUMBER)
    funding_source = forms.ChoiceField(label=_("资金来源"), required=False)
    student_name = forms.CharField(label=_("学生姓名（金秋助学）"), required=False)
    school = forms.CharField(label=_("录取学校"), required=False)
    admission_level = forms.ChoiceField(
        label=_("录取层次"), required=False, choices=[("", "—")] + AdmissionLevel.choices
    )
    description = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].choices = [("", "—")] + [
            (str(s.pk), f"{s.name}（{s.org.name}）") for s in sources
        ]


class StandardForm(ScopedForm):
    org = OrgPickerField(label=_("地区（组织）"))
    year = forms.CharField(label=_("年度"), required=False)
    monthly_amount = forms.CharField(label=_("低保标准（元/人·月）"), required=False, widget=NUMBER)
    relative_multiplier = forms.CharField(
        label=_("相对困难上限倍数"), required=False, initial="1.5", widget=NUMBER
    )


class SourceForm(ScopedForm):
    org = OrgPickerField(label=_("所属组织"))
    name = forms.CharField(label=_("名称"), required=False)
    kind = forms.ChoiceField(label=_("来源类型"), choices=FundKind.choices)
    notes = forms.CharField(label=_("备注"), required=False)


class ReceiptForm(forms.Form):
    source = forms.ChoiceField(label=_("资金来源"))
    received_on = forms.CharField(label=_("到账日期"), required=False, widget=DATE)
    amount = forms.CharField(label=_("金额（元）"), required=False, widget=NUMBER)
    notes = forms.CharField(label=_("备注"), required=False)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(str(s.pk), f"{s.name}（{s.org.name}）") for s in sources]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), required=False)
