"""Forms of the assessment pages. They collect text; services judge it in Chinese."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.assessment.design import CONFIDENCES
from kesu.assessment.importing import PERCENT, POINTS
from kesu.assessment.models import LiteracyScheme, SampleDesign
from kesu.assessment.results import METHODS
from kesu.assessment.selectors import scheme_list
from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.quiz.models import Paper

DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.TextInput(attrs={"inputmode": "decimal"})


def usable_papers(user):
    """Assessment papers of the user's subtree or of its ancestors (shared downward)."""
    prefix = access.scope_path(user)
    qs = Paper.objects.filter(purpose=Paper.Purpose.ASSESSMENT).select_related("org")
    if prefix is None:
        return qs
    parts = [p for p in prefix.split("/") if p]
    return qs.filter(Q(org__path__startswith=prefix) | Q(org__code__in=parts))


class AssessmentForm(forms.Form):
    org = OrgPickerField(label=_("组织单位（测评范围含下级）"))
    title = forms.CharField(label=_("测评名称"), required=False)
    paper = forms.ChoiceField(
        label=_("测评试卷"), required=False, help_text=_("用途为“素质测评”、试题标注了维度的试卷")
    )
    scheme = forms.ChoiceField(label=_("测评方案"), required=False)
    period_start = forms.CharField(label=_("开始日期"), required=False, widget=DATE)
    period_end = forms.CharField(label=_("结束日期"), required=False, widget=DATE)
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.CHANGE)
        papers = usable_papers(user).order_by("-created_at")[:300]
        self.fields["paper"].choices = [("", _("请选择"))] + [
            (str(p.pk), f"{p.title}（{p.org.name}）") for p in papers
        ]
        self.fields["scheme"].choices = [(str(s.pk), s.name) for s in scheme_list()]


class ResultsFilterForm(forms.Form):
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("默认"))
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    method = forms.ChoiceField(label=_("加权方法"), required=False, choices=list(METHODS.items()))
    min_n = forms.IntegerField(
        label=_("加权最少样本"), required=False, min_value=1, max_value=10000, initial=30
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.VIEW)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("得分表（.xlsx）"))
    mode = forms.ChoiceField(
        label=_("得分形式"),
        initial=PERCENT,
        choices=[
            (PERCENT, _("百分制（各维度0–100或85%）")),
            (POINTS, _("按分值（填写各维度满分）")),
        ],
    )
    max_knowledge = forms.DecimalField(
        label=_("科学知识满分"), initial=40, min_value=0.01, required=False, widget=NUMBER
    )
    max_method = forms.DecimalField(
        label=_("科学方法满分"), initial=20, min_value=0.01, required=False, widget=NUMBER
    )
    max_spirit = forms.DecimalField(
        label=_("科学精神与思想满分"), initial=20, min_value=0.01, required=False, widget=NUMBER
    )
    max_application = forms.DecimalField(
        label=_("应用科学的能力满分"), initial=20, min_value=0.01, required=False, widget=NUMBER
    )
    dry_run = forms.BooleanField(label=_("仅校验，不导入（试运行）"), required=False, initial=True)


class SchemeForm(forms.Form):
    code = forms.SlugField(label=_("编码"), required=False, help_text=_("新建时填写，如 city-2026"))
    name = forms.CharField(label=_("名称"))
    method = forms.ChoiceField(label=_("计分方法"), choices=LiteracyScheme.Method.choices)
    w_knowledge = forms.DecimalField(label=_("科学知识权重"), required=False, widget=NUMBER)
    w_method = forms.DecimalField(label=_("科学方法权重"), required=False, widget=NUMBER)
    w_spirit = forms.DecimalField(label=_("科学精神与思想权重"), required=False, widget=NUMBER)
    w_application = forms.DecimalField(label=_("应用科学的能力权重"), required=False, widget=NUMBER)
    tiers = forms.CharField(
        label=_("等级"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个等级：分数线,等级名称,是否具备（是/否），如 70,具备科学素质,是"),
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def scheme_data(self) -> dict:
        d = self.cleaned_data
        tiers = []
        for line in d["tiers"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) >= 2 and any(parts):
                tiers.append(
                    {
                        "min": parts[0],
                        "name": parts[1],
                        "literate": len(parts) > 2 and parts[2] in ("是", "yes", "1"),
                    }
                )
        weights = {
            k: str(d[f"w_{k}"] or 0) for k in ("knowledge", "method", "spirit", "application")
        }
        return {
            "code": d.get("code"),
            "name": d["name"],
            "method": d["method"],
            "weights": weights,
            "tiers": tiers,
            "description": d.get("description"),
        }


def scheme_initial(scheme: LiteracyScheme) -> dict:
    tiers = "\n".join(
        f"{t['min']},{t['name']},{'是' if t.get('literate') else '否'}" for t in scheme.tiers
    )
    return {
        "code": scheme.code,
        "name": scheme.name,
        "method": scheme.method,
        "tiers": tiers,
        "description": scheme.description,
        **{f"w_{k}": v for k, v in (scheme.weights or {}).items()},
    }


class CompareForm(forms.Form):
    other = forms.TypedChoiceField(label=_("与哪次测评比较"), coerce=int)
    org = OrgPickerField(label=_("组织（含下级）"), required=False, blank_label=_("默认"))
    min_n = forms.IntegerField(
        label=_("加权最少样本"), required=False, min_value=1, max_value=10000, initial=30
    )

    def __init__(self, *args, user, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, access.VIEW)
        self.fields["other"].choices = [
            (a.pk, f"{a.title}（{a.period_start:%Y-%m-%d} — {a.period_end:%Y-%m-%d}）")
            for a in others
        ]


class SampleForm(forms.Form):
    """The sample design's parameters (the service judges them: sample_services.clean_params)."""

    stratify_by = forms.ChoiceField(label=_("分层方式"), choices=SampleDesign.Stratify.choices)
    allocation = forms.ChoiceField(
        label=_("分配方式"),
        choices=SampleDesign.Allocation.choices,
        help_text=_("最优分配按往期测评各层的比例估计标准差"),
    )
    margin_points = forms.CharField(
        label=_("目标误差（±百分点）"), required=False, widget=NUMBER, initial="3"
    )
    confidence = forms.ChoiceField(
        label=_("置信度"),
        initial="95",
        required=False,
        choices=[(str(c), f"{c}%") for c in CONFIDENCES],
    )
    response_rate = forms.CharField(
        label=_("预计应答率（%）"), required=False, widget=NUMBER, initial="80"
    )
    size = forms.CharField(label=_("样本量（不填则按目标误差估算）"), required=False, widget=NUMBER)
    min_per_stratum = forms.CharField(
        label=_("每层最少人数"), required=False, widget=NUMBER, initial="5"
    )
    reserve_per_stratum = forms.CharField(
        label=_("每层备选人数"), required=False, widget=NUMBER, initial="3"
    )
    seed = forms.CharField(
        label=_("随机种子（不填则随机生成并记录）"), required=False, widget=NUMBER
    )


class ReplaceForm(forms.Form):
    reason = forms.CharField(
        label=_("替换原因"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("如：长期病假")}),
    )
