"""Competition, library and culture forms: they only collect text; services judge it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.competitions.models import CompetitionKind, CultureKind, Level, LibraryRecognition
from kesu.competitions.selectors import CompetitionFilters, CultureFilters
from kesu.employers.forms import PicksEmployers
from kesu.web import forms_kit as kit


class CompetitionFilterForm(kit.RecordFilterForm):
    filters = CompetitionFilters
    org_label = _("主办工会（含下级）")
    kind = kit.any_of(_("类型"), CompetitionKind.choices)
    year = kit.number(_("年份"))


class CompetitionForm(PicksEmployers, kit.OrgRecordForm):
    org_label = _("主办工会")
    kind = forms.ChoiceField(label=_("类型"), choices=CompetitionKind.choices)
    title = kit.text(_("名称"))
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices, initial=Level.DISTRICT)
    start_on = kit.date(_("开始日期"))
    end_on = kit.date(_("结束日期"))
    place = kit.text(_("地点"))
    employers = kit.ticks(_("参赛企业"))
    extra_participants = kit.number(
        _("名册外参赛人数"),
        help_text=_("未逐一登记姓名的参赛职工人数，与下方参赛名单合计为参赛总人数"),
    )
    notes = kit.paragraphs(_("备注"))


class EntryForm(forms.Form):
    name = kit.text(_("姓名"))
    member = kit.number(_("会员编号"), help_text=_("名册内会员可填编号，姓名自动带出"))
    employer = forms.ChoiceField(label=_("单位"), required=False)
    score = kit.decimal(_("成绩"))
    rank = kit.number(_("名次"))
    result = kit.text(_("获奖情况"))
    sent_on = forms.BooleanField(label=_("推荐参加上级比赛"), required=False)

    def __init__(self, *args, employer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", "—")] + employer_choices


class LibraryRecordForm(forms.Form):
    year = forms.CharField(label=_("年度"), widget=kit.NUMBER)
    books = kit.number(_("藏书（册）"))
    new_books = kit.number(_("新增图书（册）"))
    borrowings = kit.number(_("借阅（人次）"))
    is_new = forms.BooleanField(label=_("本年新建"), required=False)
    recognition = forms.ChoiceField(
        label=_("示范点级别"), required=False, choices=LibraryRecognition.choices
    )
    notes = kit.text(_("备注"))


class CultureFilterForm(kit.RecordFilterForm):
    filters = CultureFilters
    org_label = _("主办工会（含下级）")
    kind = kit.any_of(_("类型"), CultureKind.choices)
    year = kit.number(_("年份"))


class CultureForm(kit.OrgRecordForm):
    org_label = _("主办工会")
    kind = forms.ChoiceField(label=_("类型"), choices=CultureKind.choices)
    title = kit.text(_("名称"))
    start_on = kit.date(_("开始日期"))
    end_on = kit.date(_("结束日期"))
    teams = kit.number(_("参赛队伍"))
    participants = kit.number(_("参加人数"))
    results = kit.paragraphs(_("比赛结果"))
