"""Training forms. They only collect text; kesu.training.validation (via services) judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.activities.choices import TARGET_GROUPS, TOPICS
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField, ScopedForm
from kesu.quiz.models import Paper
from kesu.resources.models import Expert
from kesu.web import forms_kit as kit

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
CHOICES_LIMIT = 300


class CourseFilterForm(ScopedForm):
    q = kit.search(_("课程名称或承办单位"))
    org = kit.org_filter(_("主办组织（含下级）"))
    year = kit.number(_("年度"))
    teacher_training = forms.BooleanField(label=_("只看科普教师/宣讲员培训"), required=False)


class CourseForm(forms.Form):
    org = OrgPickerField(label=_("主办组织"))
    title = kit.text(_("课程名称"))
    topics = kit.ticks(_("主题"), TOPICS)
    provider = kit.text(_("承办/合作单位"))
    experts = kit.ticks(_("授课专家（专家库）"))
    teachers = kit.text(_("其他授课教师"), help_text=_("不在专家库中的教师，自由填写"))
    planned_hours = kit.decimal(_("计划学时"))
    target_groups = kit.ticks(_("面向人群"), TARGET_GROUPS)
    is_teacher_training = forms.BooleanField(
        label=_("科普教师/宣讲员培训"),
        required=False,
        help_text=_("单独统计为“培训科普教师/宣讲员”"),
    )
    capacity = kit.number(_("名额"), help_text=_("留空为不限"))
    enrol_deadline = kit.date(_("报名截止日期"))
    self_enrol = forms.BooleanField(label=_("允许会员自行报名"), required=False, initial=True)
    pass_percent = kit.number(_("结业要求：出勤学时比例（%）"), initial="80")
    quiz_paper = forms.ChoiceField(label=_("结业测试试卷（须通过）"), required=False)
    description = kit.paragraphs(_("课程介绍"), 4)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)
        experts = access.restrict(Expert.objects.filter(is_active=True), user)
        self.fields["experts"].choices = [
            (str(e.pk), f"{e.name}（{e.title}）" if getattr(e, "title", "") else e.name)
            for e in experts.order_by("name")[:CHOICES_LIMIT]
        ]
        papers = access.restrict(Paper.objects.all(), user).order_by("-id")[:CHOICES_LIMIT]
        self.fields["quiz_paper"].choices = [("", "—")] + [(str(p.pk), p.title) for p in papers]

    def course_data(self) -> tuple[str, dict]:
        data = dict(self.cleaned_data)
        return data.pop("org"), data


class SessionForm(forms.Form):
    start = forms.CharField(label=_("开始时间"), required=False, widget=DATETIME)
    end = forms.CharField(label=_("结束时间"), required=False, widget=DATETIME)
    hours = kit.decimal(_("记学时"), help_text=_("不能超过本讲时长，如 1.5"))
    place = kit.text(_("地点"))
    online_url = kit.text(_("线上链接"), help_text=_("线上课程填写"))


class LedgerForm(forms.Form):
    """The 培训台账 download (GET /training/ledger.xlsx?org=&start=&end=, or from=&to=)."""

    org = OrgPickerField(label=_("组织（含下级）"))
    start = forms.CharField(label=_("开始日期"), widget=kit.DATE)
    end = forms.CharField(label=_("截止日期"), widget=kit.DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.VIEW)


class EnrolImportForm(forms.Form):
    file = forms.FileField(
        label=_("报名表（.xlsx）"),
        help_text=_("列：姓名、身份证号（或手机号）；有错误时整表不导入"),
    )
