"""Forms of the question-bank pages. They collect text; kesu.quiz.bank.services judges it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.orgs import access
from kesu.orgs.forms import OrgPickerField
from kesu.quiz.bank.services import DIFFICULTY, LETTERS
from kesu.quiz.models import Dimension, Question, QuestionType
from kesu.web import forms_kit as kit

ALL = [("", _("全部"))]


class BankForm(forms.Form):
    org = OrgPickerField(label=_("所属组织"), help_text=_("本组织及全部下级单位都可以使用该题库"))
    name = kit.text(_("题库名称"), max_length=120)
    description = kit.paragraphs(_("说明"))

    def __init__(self, *args, user, with_org: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_org:
            self.fields["org"].set_scope(user, access.CHANGE)
        else:
            del self.fields["org"]


class QuestionForm(forms.Form):
    type = forms.ChoiceField(label=_("题型"), choices=QuestionType.choices)
    stem = kit.paragraphs(_("题干"))
    option_A = kit.text(_("选项A"))
    option_B = kit.text(_("选项B"))
    option_C = kit.text(_("选项C"))
    option_D = kit.text(_("选项D"))
    option_E = kit.text(_("选项E"))
    option_F = kit.text(_("选项F"))
    answer = kit.text(
        _("正确答案"),
        max_length=12,
        help_text=_(
            "单选填一个字母（如 A），多选填多个字母（如 ABD），判断题填“对”或“错”；判断题不用填选项"
        ),
    )
    explanation = kit.paragraphs(_("解析"))
    topic = kit.text(
        _("主题"),
        max_length=60,
        help_text=_("如 健康生活、安全生产、环境保护、科技知识、应急避险、防范谣言/伪科学"),
    )
    difficulty = forms.TypedChoiceField(
        label=_("难度"), coerce=int, initial=2, choices=list(DIFFICULTY.items())
    )
    dimension = forms.ChoiceField(label=_("维度"), choices=Dimension.choices)
    benchmark_code = kit.text(
        _("基准点"), max_length=20, help_text=_("《中国公民科学素质基准》的基准序号，如 基准24")
    )
    source = kit.text(_("来源"), max_length=200)
    status = forms.ChoiceField(
        label=_("状态"), choices=Question.Status.choices, initial=Question.Status.ACTIVE
    )

    @staticmethod
    def initial_for(q: Question) -> dict:
        # the form's fields the question has, as they are (options and answer: as typed)
        initial = {f: getattr(q, f) for f in QuestionForm.base_fields if hasattr(q, f)}
        if q.type != "judge":
            for letter, text in zip(LETTERS, q.options, strict=False):
                initial[f"option_{letter}"] = text
            initial["answer"] = "".join(LETTERS[i] for i in q.answer if i < len(LETTERS))
        else:
            initial["answer"] = "对" if q.answer == [0] else "错"
        return initial

    def service_data(self) -> dict:
        """The cleaned text in the shape kesu.quiz.bank.services expects."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("option_")}
        data["options"] = [self.cleaned_data[f"option_{ch}"] for ch in LETTERS]
        if data.get("type") == "judge":
            data["options"] = []  # hidden on the page; always 正确/错误
        while data["options"] and not data["options"][-1].strip():
            data["options"].pop()
        return data


class QuestionFilterForm(forms.Form):
    q = kit.text(_("题干"))
    type = forms.ChoiceField(label=_("题型"), required=False, choices=ALL + QuestionType.choices)
    dimension = forms.ChoiceField(label=_("维度"), required=False, choices=ALL + Dimension.choices)
    topic = forms.ChoiceField(label=_("主题"), required=False, choices=ALL)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=ALL + Question.Status.choices
    )

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = ALL + [(t, t) for t in topics]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件"))
    dry_run = forms.BooleanField(
        label=_("仅校验（不写入题库，可先检查错误）"), required=False, initial=True
    )
    all_or_nothing = forms.BooleanField(
        label=_("全部正确才导入（有任何错误行时一行也不导入）"), required=False
    )
