"""Roster forms. They only collect text; members.validation (via the services) judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.members.choices import (
    AGE_BANDS,
    ETHNICITY_CHOICES,
    Education,
    Gender,
    MemberStatus,
    PoliticalStatus,
)
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.web import forms_kit as kit

ALL = [("", _("全部"))]
NONE = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"})


class MemberFilterForm(forms.Form):
    """Shown above the roster; the selector reads the same GET keys (MemberFilters)."""

    q = kit.search(_("姓名开头、证件或手机号后4位、完整证件号或手机号"))
    org = kit.org_filter()
    gender = forms.ChoiceField(label=_("性别"), required=False, choices=ALL + Gender.choices)
    age_band = forms.ChoiceField(
        label=_("年龄段"),
        required=False,
        choices=ALL + [(c, label) for c, label, _lo, _hi in AGE_BANDS],
    )
    education = forms.ChoiceField(
        label=_("文化程度"), required=False, choices=ALL + Education.choices
    )
    migrant = forms.ChoiceField(
        label=_("农民工"), required=False, choices=ALL + [("yes", _("是")), ("no", _("否"))]
    )
    status = forms.ChoiceField(
        label=_("会籍状态"), required=False, choices=ALL + MemberStatus.choices
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.VIEW)


class MemberForm(forms.Form):
    # Checked by the service (its messages), so not `required` here, but marked with a star.
    marked_required: tuple[str, ...] = ("name", "id_number")

    name = forms.CharField(label=_("姓名"), required=False)
    id_number = forms.CharField(
        label=_("身份证号"),
        required=False,
        help_text=_("18位居民身份证号，性别和出生日期由此自动识别"),
    )
    phone = forms.CharField(
        label=_("手机号"), required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    ethnicity = forms.ChoiceField(label=_("民族"), choices=ETHNICITY_CHOICES, initial="汉族")
    education = forms.ChoiceField(
        label=_("文化程度"), required=False, choices=NONE + Education.choices
    )
    political_status = forms.ChoiceField(
        label=_("政治面貌"), required=False, choices=NONE + PoliticalStatus.choices
    )
    employer_name = forms.CharField(label=_("工作单位"), required=False)
    occupation = forms.CharField(label=_("职业/行业"), required=False)
    is_migrant_worker = forms.BooleanField(label=_("农民工"), required=False)
    joined_on = forms.CharField(label=_("入会时间"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("会籍状态"), choices=MemberStatus.choices, initial="active")
    notes = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberCreateForm(MemberForm):
    org = OrgPickerField(label=_("所属工会"))
    field_order = ["org"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)


class MemberEditForm(MemberForm):
    marked_required = ("name",)  # a blank ID number keeps the stored one
    clear_phone = forms.BooleanField(label=_("清除手机号"), required=False)
    field_order = ["name", "id_number", "phone", "clear_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].help_text = _("留空表示不修改；如需更正请填写完整的18位号码")
        self.fields["phone"].help_text = _("留空表示不修改")

    def changes(self) -> dict:
        """The data for member_update: blank ID number / phone mean "unchanged"."""
        data = dict(self.cleaned_data)
        clear_phone = data.pop("clear_phone")
        if not data["id_number"].strip():
            del data["id_number"]
        if clear_phone:
            data["phone"] = ""
        elif not data["phone"].strip():
            del data["phone"]
        return data


class TransferForm(forms.Form):
    to_org = OrgPickerField(label=_("转入组织"))
    transferred_on = forms.DateField(label=_("转会日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("原因"), required=False, max_length=200)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].set_scope(user, access.CHANGE)
