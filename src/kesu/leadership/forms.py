"""Forms of the leadership and funds records: model forms for the fields a user types, an
organisation picker where a record belongs to one, plain phone/ID inputs for outside
volunteers. The services judge the values again (scope, constraints)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from kesu.activities.models import Activity
from kesu.core.actors import Actor
from kesu.leadership.models import GroupMember, Meeting, Volunteer, VolunteerService
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.web import forms_kit as kit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WIDGETS = {
    "held_on": DATE,
    "founded_on": DATE,
    "joined_on": DATE,
    "served_on": DATE,
    "spent_on": DATE,
    "notes": forms.Textarea(attrs={"rows": 3}),
    "decisions": forms.Textarea(attrs={"rows": 4}),
    "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
    "amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    "hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
}
RECENT_ACTIVITIES = 300


class RecordForm(forms.ModelForm):
    """Base: `org` picker for organisation-owned records, `service_data()` for services."""

    owned_by_org = False

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.owned_by_org and self.instance.pk is None:
            self.fields["org"] = OrgPickerField(label=_("所属组织"))
            self.fields["org"].set_scope(user, access.CHANGE)
            self.order_fields(["org"])

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("minutes_file",)}


class GroupMemberForm(RecordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = self.fields["user"]
        users.queryset = access.restrict(
            users.queryset.model.objects.filter(is_active=True), self.user
        ).order_by("username")
        users.required = False


class MeetingForm(RecordForm):
    owned_by_org = True
    minutes_file = forms.FileField(
        label=_("会议纪要"), required=False, help_text=_("PDF 或 Word 文件；再次上传将替换原纪要")
    )


class VolunteerForm(RecordForm):
    member_id = forms.IntegerField(
        label=_("会员编号"),
        required=False,
        min_value=1,
        help_text=_("花名册中的会员填编号；外部人员留空并填写姓名"),
    )
    phone = kit.text(_("手机号"), max_length=20, help_text=_("加密保存，页面显示为掩码"))
    id_number = kit.text(
        _("身份证号"), max_length=24, help_text=_("可选；加密保存，页面显示为掩码")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        if self.instance.pk:
            self.fields["member_id"].initial = self.instance.member_id

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["member"] = data.pop("member_id", None)
        for secret in ("phone", "id_number"):  # empty on an edit: keep what is stored
            if not data.get(secret) and self.instance.pk:
                data.pop(secret, None)
        return data


class ServiceForm(RecordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recent = access.restrict(Activity.objects.all(), self.user).order_by("-start")
        ids = list(recent.values_list("pk", flat=True)[:RECENT_ACTIVITIES])
        self.fields["activity"].queryset = Activity.objects.filter(pk__in=ids).order_by("-start")
        self.fields["activity"].required = False


class OrgRecordForm(RecordForm):
    owned_by_org = True


def form_class(model: Any, fields: tuple[str, ...], base: type[RecordForm] = OrgRecordForm) -> Any:
    """A model form of `fields` (those a user types: no stored secrets) on `base`."""
    typed = [f for f in fields if not f.endswith(("_enc", "_hash", "_masked")) and f != "member"]
    return modelform_factory(
        model, form=base, fields=typed, widgets={k: v for k, v in WIDGETS.items() if k in typed}
    )


BASES: dict[Any, type[RecordForm]] = {
    GroupMember: GroupMemberForm,
    Meeting: MeetingForm,
    Volunteer: VolunteerForm,
    VolunteerService: ServiceForm,
}
