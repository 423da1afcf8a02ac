"""The report range form: the same org / from / to as the indicator pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.core.actors import Actor
from kesu.indicators.forms import RangeForm, default_range
from kesu.web import forms_kit as kit

__all__ = ["NarrativeForm", "ReportForm", "SummaryForm", "TemplateUploadForm", "default_range"]

STYLE_CHOICES = [("exact", _("精确数字（6532份）")), ("approx", _("习惯写法（6500多份）"))]


class ReportForm(RangeForm):
    """Organisation (whole subtree, within the user's scope) and an inclusive date range."""


class SummaryForm(RangeForm):
    """The report range plus the number style and (optionally) a saved draft version."""

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["style"] = forms.ChoiceField(
            label=_("数字写法"), choices=STYLE_CHOICES, initial="exact"
        )
        self.fields["version"] = forms.IntegerField(
            label=_("草稿版本"), required=False, min_value=1, widget=forms.HiddenInput
        )


class NarrativeForm(forms.Form):
    opening = kit.paragraphs(_("开篇段落（留空则用系统生成的开篇）"), 4)
    extra = kit.paragraphs(_("其他工作（每行一段，可留空）"), 4)
    problems = kit.paragraphs(_("存在的问题（每行一段）"), 4)
    next_plan = kit.paragraphs(_("下一步工作计划（每行一段）"), 4)
    note = kit.text(_("版本说明"), max_length=200)


class TemplateUploadForm(forms.Form):
    name = forms.CharField(label=_("模板名称"), max_length=120)
    file = forms.FileField(label=_("Word 模板（.docx）"))
