"""Forms of the plan pages: they only parse input; plans.services validates and writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.indicators import registry
from kesu.indicators.forms import default_range
from kesu.plans.models import TaskStatus


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.name}（{i.unit}）") for i in registry.all_indicators()]


class PlanFilterForm(forms.Form):
    org = forms.CharField(label="组织编码", required=False, max_length=60)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def values(self, user: Actor) -> tuple[str, int]:
        """(org code, year), defaulting to the user's org (a platform administrator: the
        root, as on the dashboard) and the current year."""
        data = self.cleaned_data if self.is_valid() else {}
        code = (data.get("org") or "").strip() or default_range(user)["org"]
        return code, data.get("year") or timezone.localdate().year


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label="指标", choices=())
    value = forms.CharField(label="目标值", max_length=20)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()


class TaskForm(forms.Form):
    title = forms.CharField(label="任务名称", max_length=200)
    responsible = forms.ChoiceField(label="负责人", choices=())
    deadline = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="状态", choices=TaskStatus.choices, initial=TaskStatus.TODO)
    target = forms.ChoiceField(label="对应目标", choices=(), required=False)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, plan_org: Any, targets: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(is_active=True, org__path__startswith=plan_org.path)
            .order_by("username")
        )
        self.fields["responsible"].choices = [
            ("", "—"),
            *((u.username, u.display_name or u.username) for u in users),
        ]
        self.fields["target"].choices = [("", "—"), *((t.indicator, t.name) for t in targets)]
