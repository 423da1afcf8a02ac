"""Forms for campaigns, the theme-day calendar and attachments. They only collect input;
kesu.activities.campaigns.services / themedays / attachments judge it."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kesu.activities.campaigns.themedays import WEEKDAYS, YEAR_MAX, YEAR_MIN
from kesu.activities.models import ThemeDay
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _theme_day_field(required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("主题日"),
        required=required,
        queryset=ThemeDay.objects.filter(active=True),
        empty_label=_("（不关联主题日）") if not required else _("请选择主题日"),
    )


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("年度"),
        initial=lambda: timezone.localdate().year,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "min_value": _("年度应在2000至2100之间"),
            "max_value": _("年度应在2000至2100之间"),
            "invalid": _("请输入年份"),
        },
    )


class CampaignForm(forms.Form):
    org = OrgPickerField(label=_("发起组织"))
    name = forms.CharField(label=_("名称"), max_length=120)
    year = _year_field()
    start = forms.DateField(label=_("开始日期"), widget=DATE)
    end = forms.DateField(label=_("结束日期"), widget=DATE)
    theme_day = _theme_day_field(required=False)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]
        else:
            self.fields["org"].set_scope(user, access.CHANGE)


class FromThemeDayForm(forms.Form):
    org = OrgPickerField(label=_("发起组织"))
    theme_day = _theme_day_field(required=True)
    year = _year_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)


class ThemeDayForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    rule = forms.ChoiceField(label=_("日期规则"), choices=ThemeDay.Rule.choices)
    month = forms.TypedChoiceField(
        label=_("月份"), coerce=int, choices=[(m, f"{m}月") for m in range(1, 13)]
    )
    day = forms.IntegerField(
        label=_("日"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("固定日期时填写"),
    )
    nth = forms.TypedChoiceField(
        label=_("第几个"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "—"),
            (1, "第1个"),
            (2, "第2个"),
            (3, "第3个"),
            (4, "第4个"),
            (-1, "最后一个"),
        ],
        help_text=_("按星期计算时填写"),
    )
    weekday = forms.TypedChoiceField(
        label=_("星期"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + list(enumerate(WEEKDAYS)),
    )
    duration_days = forms.IntegerField(label=_("持续天数"), min_value=1, max_value=31)
    active = forms.BooleanField(label=_("启用"), required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767)
    description = forms.CharField(label=_("说明"), required=False, max_length=200)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("照片或文档"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.pptx"}
        ),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件为空")},
    )
