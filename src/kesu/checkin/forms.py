"""Forms of the check-in pages: they parse input only; services validate and record."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kesu.checkin.tokens import MAX_HOURS

ALLOWED_SUFFIXES = (".xlsx", ".xls")


class CheckinForm(forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("会员请填写在工会登记的手机号"),
    )


class LinkForm(forms.Form):
    """Which session, and how long the link stays valid around it (GET parameters)."""

    session = forms.TypedChoiceField(label=_("场次"), coerce=int, required=False, empty_value=0)
    before = forms.FloatField(
        label=_("开始前可签到（小时）"), min_value=0, max_value=MAX_HOURS, required=False
    )
    after = forms.FloatField(
        label=_("结束后可签到（小时）"), min_value=0, max_value=MAX_HOURS, required=False
    )

    def __init__(self, *args: Any, sessions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions


class ImportForm(forms.Form):
    session = forms.TypedChoiceField(label=_("场次"), coerce=int, empty_value=0)
    file = forms.FileField(label=_("签到表（.xlsx）"), help_text=_("列：姓名、手机号或身份证号"))

    def __init__(self, *args: Any, sessions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("只支持 Excel 文件（.xlsx 或 .xls）"))
        limit = settings.KESU_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB"
            )
        return upload
