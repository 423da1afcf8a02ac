"""Contest forms. They only collect text; kesu.contests.validation (via services) judges it."""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.contests import selectors
from kesu.contests.models import Contest
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.quiz.bank.selectors import bank_list
from kesu.web import forms_kit as kit

DRAW_FIELDS = (
    "bank",
    "single_count",
    "multiple_count",
    "judge_count",
    "points",
    "time_limit_minutes",
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.Form):
    title = kit.text(_("竞赛名称"))
    org = OrgPickerField(
        label=_("主办组织"),
        required=False,
        blank_label=_("与试卷的组织单位相同"),
        help_text=_("参赛范围：主办组织及其全部下级；须与试卷的组织单位一致"),
    )
    paper = forms.ChoiceField(label=_("竞赛试卷"), required=False)
    starts_at = forms.CharField(label=_("开始时间"), required=False, widget=DATETIME)
    ends_at = forms.CharField(label=_("结束时间"), required=False, widget=DATETIME)
    status = forms.ChoiceField(label=_("状态"), choices=Contest.Status.choices)
    description = kit.paragraphs(_("说明"))
    prize_rules = kit.paragraphs(
        _("奖项规则"),
        4,
        help_text=_("每行一项，按顺序取第一个符合的奖项：“一等奖=前3名”或“优秀奖=90%”（得分率）"),
    )
    weight_participation = kit.number(_("参与率权重"))
    weight_average = kit.number(_("平均分权重"))
    weight_high_score = kit.number(_("高分率权重"))
    high_score_percent = kit.number(
        _("高分线（得分率%）"),
        help_text=_(
            "单位排名：参与率＝参赛人数/在册会员数，平均分与高分率按每人最好成绩计，按权重折算为百分制"
        ),
    )

    source = forms.ChoiceField(
        label=_("竞赛试卷"),
        required=False,
        widget=forms.RadioSelect,
        initial="draw",
        choices=[
            ("draw", _("按规则从题库抽题，同时生成竞赛试卷")),
            ("paper", _("使用已有的竞赛试卷")),
        ],
    )
    bank = forms.ChoiceField(label=_("题库"), required=False)
    single_count = kit.number(_("单选题（道）"))
    multiple_count = kit.number(_("多选题（道）"))
    judge_count = kit.number(_("判断题（道）"))
    points = kit.number(_("每题分值"), initial="1")
    time_limit_minutes = kit.number(_("限时（分钟）"), help_text=_("不填为不限时"))

    GROUPS = (
        (_("基本信息"), ("title", "org", "starts_at", "ends_at", "status", "description")),
        (
            _("抽题规则（每人随机抽题）"),
            DRAW_FIELDS,
        ),
        (_("已有试卷"), ("paper",)),
        (
            _("奖项与单位排名"),
            (
                "prize_rules",
                "weight_participation",
                "weight_average",
                "weight_high_score",
                "high_score_percent",
            ),
        ),
    )

    def __init__(self, *args, user, contest: Contest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = contest is None
        if contest is not None:  # organisation and paper are fixed once created
            for name in ("org", "paper", "source", *DRAW_FIELDS):
                del self.fields[name]
            return
        self.fields["org"].set_scope(user, access.CHANGE)
        papers = list(selectors.contest_papers(user=user)[:200])
        self.fields["paper"].choices = [("", _("请选择"))] + [
            (str(p.pk), f"{p.title}（{p.org.name}·{p.get_status_display()}）") for p in papers
        ]
        banks = list(bank_list(user)[:200])
        self.fields["bank"].choices = [("", _("请选择"))] + [
            (str(b.pk), f"{b.name}（{b.org.name}，{b.active_count}道题）") for b in banks
        ]
        self.no_papers, self.no_banks = not papers, not banks

    def groups(self) -> list[tuple[str, str, SimpleNamespace]]:
        """(legend, key, fields) for the template: each group rendered as a fieldset."""
        out = []
        for (legend, names), key in zip(
            self.GROUPS, ("main", "draw", "paper", "rules"), strict=True
        ):
            fields = [self[n] for n in names if n in self.fields]
            if fields:
                out.append((legend, key, SimpleNamespace(visible_fields=fields, hidden_fields=[])))
        return out


class ContestFilterForm(forms.Form):
    q = kit.text(_("名称"))
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + Contest.Status.choices
    )
