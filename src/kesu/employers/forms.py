"""Employer pages' forms. They only collect text; kesu.employers.validation (via services)
judges it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kesu.core.actors import Actor
from kesu.employers.models import AgreementKind, HomeRating, Ownership
from kesu.employers.selectors import AgreementFilters, employer_list
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.web import forms_kit as kit
from kesu.web.records import initial_of


def employer_choices(user: Actor) -> list[tuple[str, str]]:
    """The employers a record may name: those in the user's scope, by name (at most 500)."""
    rows = employer_list(user=user).order_by("name")[:500]
    return [(str(e.pk), f"{e.name}（{e.org.name}）") for e in rows]


def employer_field(request: HttpRequest) -> dict[str, Any]:
    """The form's choice of employers (RecordForm's `form_kwargs`): those in the user's scope."""
    return {"employer_choices": employer_choices(request.user)}


def initial_with_employers(record: Any, fields: Iterable[str], dates: Iterable[str]) -> dict:
    """An edit form's initial values (see `initial_of`), with the record's employers ticked."""
    employers = [str(pk) for pk in record.employers.values_list("pk", flat=True)]
    return initial_of(record, fields, dates) | {"employers": employers}


class PicksEmployers:
    """A record form whose `employers` field offers the `employer_choices` it is given."""

    def __init__(self, *args: Any, employer_choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employers"].choices = employer_choices  # type: ignore[attr-defined]


class EmployerFilterForm(kit.RecordFilterForm):
    search_label = _("名称或信用代码")
    org_label = _("服务工会（含下级）")
    ownership = kit.any_of(_("所有制"), Ownership.choices)
    size = kit.any_of(_("规模"), [("25plus", _("职工25人以上"))])
    union = kit.any_of(_("建会"), [("yes", _("已建会")), ("no", _("未建会"))])
    township = kit.text(_("乡镇/街道"))
    park = kit.text(_("园区"))


class EmployerForm(kit.OrgRecordForm):
    org_label = _("服务工会")
    name = kit.text(_("单位名称"))
    credit_code = kit.text(
        _("统一社会信用代码"), help_text=_("18位，可含小写或全角字符，保存时自动规范")
    )
    ownership = forms.ChoiceField(label=_("所有制"), choices=Ownership.choices)
    industry = kit.text(_("行业"))
    staff_count = kit.number(_("职工人数"))
    township = kit.text(_("所在乡镇/街道"))
    industrial_park = kit.text(_("所在园区"))
    is_active = forms.BooleanField(label=_("在册"), required=False, initial=True)
    has_union = forms.BooleanField(label=_("已建会"), required=False)
    founded_on = kit.date(_("建会日期"))
    union = OrgPickerField(label=_("所属工会"), required=False, blank_label=_("同服务工会"))
    sign_hung = forms.BooleanField(label=_("牌子挂起来"), required=False)
    identity_shown = forms.BooleanField(label=_("身份亮出来"), required=False)
    duties_shown = forms.BooleanField(label=_("职责显出来"), required=False)
    home_rating = forms.ChoiceField(label=_("职工之家"), required=False, choices=HomeRating.choices)

    FOUNDING = ("founded_on", "union", "sign_hung", "identity_shown", "duties_shown", "home_rating")

    def employer_data(self) -> dict:
        skip = {"has_union", *self.FOUNDING}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def founding_data(self) -> dict | None:
        if not self.cleaned_data.get("has_union"):
            return None
        data = {k: self.cleaned_data[k] for k in self.FOUNDING}
        if not data["union"]:
            data.pop("union")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    org = OrgPickerField(
        label=_("默认服务工会"), required=False, blank_label=_("按表中“服务工会编码”列")
    )
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)


class AgreementFilterForm(kit.RecordFilterForm):
    filters = AgreementFilters
    search_label = _("协议名称")
    kind = kit.any_of(_("协商类型"), AgreementKind.choices)
    year = kit.number(_("签订年份"))


class AgreementForm(PicksEmployers, kit.OrgRecordForm):
    org_label = _("协商工会")
    kind = forms.ChoiceField(label=_("协商类型"), choices=AgreementKind.choices)
    title = kit.text(_("协议名称"))
    signed_on = kit.date(_("签订日期"))
    term_start = kit.date(_("期限起"))
    term_end = kit.date(_("期限止"))
    workers_covered = kit.number(_("覆盖职工人数"))
    wage_increase_pct = kit.decimal(_("工资增长幅度（%）"))
    employers = kit.ticks(_("覆盖企业"))
    notes = kit.paragraphs(_("备注"))


class CompletionForm(kit.OrgRecordForm):
    org_label = _("组织（含下级）")
    year = forms.CharField(label=_("年度"), widget=kit.NUMBER)


class MedicalImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        help_text=_("列：统一社会信用代码或单位名称、年度、参保份数、金额"),
    )
    year = kit.number(_("年度（表中无年度列时）"))
    dry_run = forms.BooleanField(label=_("仅校验，不保存"), required=False, initial=True)
