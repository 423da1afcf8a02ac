"""Forms of the evaluation pages: they only parse input; evaluations.services validates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kesu.evaluations.models import Rule
from kesu.orgs.models import Level
from kesu.plans.forms import indicator_choices


class SchemeForm(forms.Form):
    year = forms.CharField(label="年度", max_length=4)
    level = forms.ChoiceField(label="被考评层级", choices=Level.choices)
    title = forms.CharField(label="标题", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class ItemForm(forms.Form):
    indicator = forms.ChoiceField(label="指标", choices=())
    points = forms.CharField(label="分值", max_length=12)
    rule = forms.ChoiceField(label="计分规则", choices=Rule.choices)
    cap = forms.CharField(label="封顶完成率(%)", required=False, max_length=8, initial="120")
    steps = forms.CharField(
        label="分档",
        required=False,
        max_length=200,
        help_text="分档计分时填写“完成率:分值”，用逗号分隔，如 60:4,80:7,100:10",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()

    def parsed_steps(self) -> Any:
        text = (self.cleaned_data.get("steps") or "").replace("，", ",").replace("：", ":")
        pairs = [p.strip() for p in text.split(",") if p.strip()]
        return [p.split(":", 1) if ":" in p else [p] for p in pairs]


class AdjustmentForm(forms.Form):
    unit = forms.ChoiceField(label="被考评单位", choices=())
    points = forms.CharField(label="加减分", max_length=12, help_text="加分填正数，扣分填负数")
    reason = forms.CharField(label="理由", max_length=500)
    evidence = forms.CharField(
        label="佐证材料", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
