"""Paper forms. They only collect text; kesu.quiz.papers.services validates and answers in Chinese."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.quiz.models import Paper

NUMERIC = forms.TextInput(attrs={"inputmode": "numeric"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PaperForm(forms.Form):
    org = OrgPickerField(label=_("组织单位"), help_text=_("本单位及下级的会员可以答题"))
    title = forms.CharField(label=_("试卷名称"), required=False)
    purpose = forms.ChoiceField(label=_("用途"), choices=Paper.Purpose.choices)
    mode = forms.ChoiceField(label=_("组卷方式"), choices=Paper.Mode.choices)
    multiple_rule = forms.ChoiceField(label=_("多选题计分"), choices=Paper.MultipleRule.choices)
    shuffle_options = forms.BooleanField(label=_("选项乱序"), required=False, initial=True)
    time_limit_minutes = forms.CharField(
        label=_("限时（分钟）"), required=False, widget=NUMERIC, help_text=_("留空为不限时")
    )
    attempts_per_day = forms.CharField(
        label=_("每日可答次数"), required=False, widget=NUMERIC, help_text=_("留空为不限")
    )
    attempts_total = forms.CharField(
        label=_("总可答次数"), required=False, widget=NUMERIC, help_text=_("留空为不限")
    )
    opens_at = forms.CharField(label=_("开始时间"), required=False, widget=DATETIME)
    closes_at = forms.CharField(label=_("截止时间"), required=False, widget=DATETIME)
    pass_mark = forms.CharField(
        label=_("及格分"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    show_answers = forms.ChoiceField(label=_("答案与解析"), choices=Paper.ShowAnswers.choices)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("纸质答卷结果（.xlsx）"))
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False, initial=True)
