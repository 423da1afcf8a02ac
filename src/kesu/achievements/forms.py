"""Achievement and honour forms. They only collect text; validation (via services) judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.orgs.forms import OrgPickerField, ScopedForm

ALL = [("", _("全部"))]
DATE = forms.DateInput(attrs={"type": "date"})
NOTES = forms.Textarea(attrs={"rows": 3})
MEMBERS_HELP = _("填写姓名或会员编号，多人用逗号分隔；须为所属组织（含下级）名册中的会员")


class FilterForm(ScopedForm):
    q = forms.CharField(label=_("名称或姓名"), required=False)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("全部组织"))
    kind = forms.ChoiceField(label=_("类型"), required=False)
    level = forms.ChoiceField(label=_("级别"), required=False, choices=ALL + Level.choices)
    year = forms.CharField(
        label=_("年度"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ALL + kinds


class AchievementFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("认定状态"), required=False, choices=ALL + ReviewStatus.choices
    )


class AchievementForm(ScopedForm):
    org = OrgPickerField(label=_("所属组织"))
    kind = forms.ChoiceField(label=_("成果类型"), choices=AchievementKind.choices)
    title = forms.CharField(label=_("成果名称"), required=False)
    achieved_on = forms.CharField(label=_("取得日期"), required=False, widget=DATE)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    members = forms.CharField(label=_("完成人"), required=False, help_text=MEMBERS_HELP)
    description = forms.CharField(label=_("简介"), required=False, widget=NOTES)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[(ReviewStatus.VERIFIED, _("认定")), (ReviewStatus.RETURNED, _("退回"))],
    )
    note = forms.CharField(label=_("审核意见"), required=False, help_text=_("退回时必填"))


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("证明材料"),
        help_text=_("文档（PDF、Word、Excel、PPT）或图片（JPG、PNG、GIF、WebP）"),
    )


class HonourForm(ScopedForm):
    org = OrgPickerField(label=_("所属组织"))
    kind = forms.ChoiceField(label=_("荣誉类型"), choices=HonourKind.choices)
    title = forms.CharField(label=_("荣誉名称"), required=False, help_text=_("类型为“其他”时填写"))
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    year = forms.CharField(
        label=_("年度"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    members = forms.CharField(label=_("获奖会员"), required=False, help_text=MEMBERS_HELP)
    team_name = forms.CharField(
        label=_("获奖集体"), required=False, help_text=_("授予班组、车间或单位时填写")
    )
    awarding_body = forms.CharField(label=_("授予单位"), required=False)
    notes = forms.CharField(label=_("备注"), required=False, widget=NOTES)
