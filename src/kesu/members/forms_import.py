"""Upload form for roster imports: target organisation (within the user's scope), file, dry run."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization

ALLOWED_SUFFIXES = (".xlsx", ".xls")


class ImportForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("导入到组织"), queryset=Organization.objects.none(), empty_label=None
    )
    file = forms.FileField(label=_("Excel文件（.xlsx / .xls）"))
    dry_run = forms.BooleanField(label=_("仅校验，不写入名册"), required=False, initial=True)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = access.orgs_for(user, access.CHANGE).order_by("path")
        self.fields["org"].label_from_instance = lambda o: f"{'　' * o.depth}{o.name}（{o.code}）"
        if user.org_id:
            self.fields["org"].initial = user.org_id

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("只支持 Excel 文件（.xlsx 或 .xls），请另存为 Excel 格式后上传")
            )
        limit = settings.KESU_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB"
            )
        return upload
