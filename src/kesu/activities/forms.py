"""Activity forms. They only collect text; activities.services judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.activities.campaigns.services import campaign_list
from kesu.activities.choices import TARGET_GROUPS, TOPICS, Kind, Outreach
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.web import forms_kit as kit

ALL = [("", _("全部"))]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"})
# Above this many organisations in scope, co-organisers are typed as codes.
CO_ORG_CHOICES_LIMIT = 200


class ActivityFilterForm(forms.Form):
    """Shown above the list; the selector reads the same GET keys (ActivityFilters)."""

    q = kit.search(_("活动名称"))
    org = kit.org_filter(_("主办组织（含下级）"))
    kind = forms.ChoiceField(label=_("活动形式"), required=False, choices=ALL + Kind.choices)
    outreach = forms.ChoiceField(
        label=_("进校园/社区/企业/农村"),
        required=False,
        choices=ALL + [(c, label) for c, label in Outreach.choices if c],
    )
    topic = forms.ChoiceField(label=_("主题"), required=False, choices=ALL + TOPICS)
    campaign = forms.ChoiceField(label=_("主题活动"), required=False)
    date_from = forms.DateField(label=_("开始日期从"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("至"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.VIEW)
        self.fields["campaign"].choices = ALL + campaign_choices(user)


def campaign_choices(user) -> list[tuple[str, str]]:
    """The campaigns the user can see (campaigns.campaign_list), most recent first."""
    qs = campaign_list(user=user).order_by("-year", "name")
    return [(str(c.pk), f"{c.name}（{c.org.name}）") for c in qs[:300]]


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("活动名称"), max_length=200)
    kind = forms.ChoiceField(label=_("活动形式"), choices=[("", "—")] + Kind.choices)
    outreach = forms.ChoiceField(
        label=_("进校园/社区/企业/农村"), required=False, choices=Outreach.choices
    )
    org = OrgPickerField(label=_("主办组织"))
    co_orgs = kit.ticks(_("协办组织"))
    campaign = forms.ChoiceField(label=_("所属主题活动"), required=False)
    start = forms.CharField(label=_("开始时间"), widget=DATETIME)
    end = kit.text(_("结束时间"), DATETIME, help_text=_("留空表示与开始时间相同"))
    place = kit.text(_("地点"), max_length=200)
    topics = kit.ticks(_("主题"), TOPICS)
    target_groups = kit.ticks(_("面向人群"), TARGET_GROUPS)
    partners = kit.text(_("合作单位"), max_length=300, help_text=_("如 某职业技术学院、区科协"))
    responsible = kit.text(_("负责人"), max_length=60)
    description = kit.paragraphs(_("活动内容"), 4)
    person_times = kit.text(_("参与人次（填报）"), NUMBER, help_text=_("留空则按签到人次统计"))
    materials_distributed = kit.text(_("发放资料（份）"), NUMBER)
    consultations = kit.text(_("接受咨询（人次）"), NUMBER)
    display_boards = kit.text(_("展板（块）"), NUMBER)
    beneficiaries = kit.text(_("受益（人次）"), NUMBER)
    media_reports = kit.text(_("媒体报道（篇）"), NUMBER)
    new_followers = kit.text(_("新增关注（人）"), NUMBER)
    spending = kit.text(
        _("经费（元）"),
        forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}),
    )
    funding_source = kit.text(_("经费来源"), max_length=120)
    review_note = kit.paragraphs(_("成效/回头看"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)
        self.fields["campaign"].choices = [("", "—")] + campaign_choices(user)
        orgs = access.orgs_for(user, access.CHANGE)
        if orgs.count() > CO_ORG_CHOICES_LIMIT:
            self.fields["co_orgs"] = kit.text(
                _("协办组织"), help_text=_("填写组织编码，用逗号分隔")
            )
        else:
            rows = orgs.order_by("path").values_list("code", "name")
            self.fields["co_orgs"].choices = [(code, f"{name}（{code}）") for code, name in rows]

    def activity_data(self) -> tuple[str, list[str] | str, dict]:
        """(organiser code, co-organiser codes, the rest) for the services."""
        data = dict(self.cleaned_data)
        return data.pop("org"), data.pop("co_orgs"), data
