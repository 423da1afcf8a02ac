"""Achievement and honour forms. They only collect text; validation (via services) judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.achievements.selectors import Filters
from kesu.web import forms_kit as kit

MEMBERS_HELP = _("填写姓名或会员编号，多人用逗号分隔；须为所属组织（含下级）名册中的会员")


class FilterForm(kit.RecordFilterForm):
    filters = Filters
    search_label = _("名称或姓名")
    kind = forms.ChoiceField(label=_("类型"), required=False)
    level = kit.any_of(_("级别"), Level.choices)
    year = kit.number(_("年度"))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kit.ALL + kinds


class AchievementFilterForm(FilterForm):
    status = kit.any_of(_("认定状态"), ReviewStatus.choices)


class AchievementForm(kit.OrgRecordForm):
    kind = forms.ChoiceField(label=_("成果类型"), choices=AchievementKind.choices)
    title = kit.text(_("成果名称"))
    achieved_on = kit.date(_("取得日期"))
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    members = kit.text(_("完成人"), help_text=MEMBERS_HELP)
    description = kit.paragraphs(_("简介"))


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[(ReviewStatus.VERIFIED, _("认定")), (ReviewStatus.RETURNED, _("退回"))],
    )
    note = kit.text(_("审核意见"), help_text=_("退回时必填"))


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("证明材料"),
        help_text=_("文档（PDF、Word、Excel、PPT）或图片（JPG、PNG、GIF、WebP）"),
    )


class HonourForm(kit.OrgRecordForm):
    kind = forms.ChoiceField(label=_("荣誉类型"), choices=HonourKind.choices)
    title = kit.text(_("荣誉名称"), help_text=_("类型为“其他”时填写"))
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices)
    year = kit.number(_("年度"))
    members = kit.text(_("获奖会员"), help_text=MEMBERS_HELP)
    team_name = kit.text(_("获奖集体"), help_text=_("授予班组、车间或单位时填写"))
    awarding_body = kit.text(_("授予单位"))
    notes = kit.paragraphs(_("备注"))
