from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.orgs.models import Organization


def default_range(user: Actor) -> dict[str, str]:
    """The user's organisation (a superuser: the first root), 1 January → today."""
    today = timezone.localdate()
    org = user.org if user.org_id else Organization.objects.filter(parent__isnull=True).first()
    return {
        "org": org.code if org else "",
        "from": dt.date(today.year, 1, 1).isoformat(),
        "to": today.isoformat(),
    }


def bound_range(
    request: Any, form_class: type[RangeForm] | None = None, **defaults: str
) -> tuple[RangeForm, Organization | None]:
    """The range form bound to the query (the user's defaults, then `defaults`, fill what it
    leaves out) and, when valid, its organisation — NotFound when outside the user's scope."""
    data = {**default_range(request.user), **defaults, **request.GET.dict()}
    form = (form_class or RangeForm)(data, user=request.user)
    if not form.is_valid():
        return form, None
    return form, access.get_org_for_user(request.user, form.cleaned_data["org"])


class RangeForm(forms.Form):
    """org / from / to, the same names as the API's query parameters."""

    org = OrgPickerField(label=_("组织（含下级）"))

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.VIEW)
        self.fields["from"] = forms.DateField(label=_("开始日期"), widget=_DateInput())
        self.fields["to"] = forms.DateField(label=_("截止日期"), widget=_DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("截止日期不能早于开始日期"))
        return data


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")
