"""Competition, library and culture forms: they only collect text; services judge it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.competitions.models import CompetitionKind, CultureKind, Level, LibraryRecognition
from kesu.employers.forms import ALL, DATE, DECIMAL, NUMBER
from kesu.orgs.forms import OrgPickerField, ScopedForm

NOTES = forms.Textarea(attrs={"rows": 3})


class CompetitionFilterForm(ScopedForm):
    q = forms.CharField(label=_("名称"), required=False)
    org = OrgPickerField(label=_("主办工会（含下级）"), required=False, blank_label=_("全部组织"))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=ALL + CompetitionKind.choices)
    year = forms.CharField(label=_("年份"), required=False, widget=NUMBER)


class CompetitionForm(ScopedForm):
    org = OrgPickerField(label=_("主办工会"))
    kind = forms.ChoiceField(label=_("类型"), choices=CompetitionKind.choices)
    title = forms.CharField(label=_("名称"), required=False)
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices, initial=Level.DISTRICT)
    start_on = forms.CharField(label=_("开始日期"), required=False, widget=DATE)
    end_on = forms.CharField(label=_("结束日期"), required=False, widget=DATE)
    place = forms.CharField(label=_("地点"), required=False)
    employers = forms.MultipleChoiceField(
        label=_("参赛企业"), required=False, widget=forms.CheckboxSelectMultiple
    )
    extra_participants = forms.CharField(
        label=_("名册外参赛人数"),
        required=False,
        widget=NUMBER,
        help_text=_("未逐一登记姓名的参赛职工人数，与下方参赛名单合计为参赛总人数"),
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=NOTES)

    def __init__(self, *args, employer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employers"].choices = employer_choices


class EntryForm(forms.Form):
    name = forms.CharField(label=_("姓名"), required=False)
    member = forms.CharField(
        label=_("会员编号"),
        required=False,
        widget=NUMBER,
        help_text=_("名册内会员可填编号，姓名自动带出"),
    )
    employer = forms.ChoiceField(label=_("单位"), required=False)
    score = forms.CharField(label=_("成绩"), required=False, widget=DECIMAL)
    rank = forms.CharField(label=_("名次"), required=False, widget=NUMBER)
    result = forms.CharField(label=_("获奖情况"), required=False)
    sent_on = forms.BooleanField(label=_("推荐参加上级比赛"), required=False)

    def __init__(self, *args, employer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", "—")] + employer_choices


class LibraryRecordForm(forms.Form):
    year = forms.CharField(label=_("年度"), widget=NUMBER)
    books = forms.CharField(label=_("藏书（册）"), required=False, widget=NUMBER)
    new_books = forms.CharField(label=_("新增图书（册）"), required=False, widget=NUMBER)
    borrowings = forms.CharField(label=_("借阅（人次）"), required=False, widget=NUMBER)
    is_new = forms.BooleanField(label=_("本年新建"), required=False)
    recognition = forms.ChoiceField(
        label=_("示范点级别"), required=False, choices=LibraryRecognition.choices
    )
    notes = forms.CharField(label=_("备注"), required=False)


class CultureFilterForm(ScopedForm):
    q = forms.CharField(label=_("名称"), required=False)
    org = OrgPickerField(label=_("主办工会（含下级）"), required=False, blank_label=_("全部组织"))
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=ALL + CultureKind.choices)
    year = forms.CharField(label=_("年份"), required=False, widget=NUMBER)


class CultureForm(ScopedForm):
    org = OrgPickerField(label=_("主办工会"))
    kind = forms.ChoiceField(label=_("类型"), choices=CultureKind.choices)
    title = forms.CharField(label=_("名称"), required=False)
    start_on = forms.CharField(label=_("开始日期"), required=False, widget=DATE)
    end_on = forms.CharField(label=_("结束日期"), required=False, widget=DATE)
    teams = forms.CharField(label=_("参赛队伍"), required=False, widget=NUMBER)
    participants = forms.CharField(label=_("参加人数"), required=False, widget=NUMBER)
    results = forms.CharField(label=_("比赛结果"), required=False, widget=NOTES)
