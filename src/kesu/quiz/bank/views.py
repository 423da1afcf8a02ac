"""题库 pages: bank list and detail (filters), question form, version history, Excel
import/export and the starter bank. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.orgs import access
from kesu.quiz.bank import selectors as sel
from kesu.quiz.bank import services as svc
from kesu.quiz.bank import sheets, starter, usage
from kesu.quiz.bank.forms import BankForm, ImportForm, QuestionFilterForm, QuestionForm
from kesu.web.pages import post_action, save_or_show
from kesu.web.records import submit_new, submit_service
from kesu.web.views import paginate, querystring, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _warn_duplicates(request, saved: svc.SavedQuestion) -> None:
    for dup in saved.duplicates:
        messages.warning(
            request,
            _("题干与题库“%(bank)s”中的试题（编号%(family)s）重复，请确认是否需要保留。")
            % {"bank": dup.bank.name, "family": dup.family},
        )
    if saved.new_version:
        messages.info(
            request,
            _("该题已有人作答，已保存为第%(v)s版；原版本保留，已答题记录不受影响。")
            % {"v": saved.question.version},
        )


@web_view(access.VIEW, methods=["GET"])
def bank_list(request):
    rows = sel.bank_list(request.user, q=request.GET.get("q", "").strip())
    page = paginate(request, rows)
    for bank in page:
        bank.editable = sel.can_edit_bank(request.user, bank)
    return render(
        request,
        "quiz/bank/bank_list.html",
        {
            "page": page,
            "q": request.GET.get("q", ""),
            "can_change": access.can(request.user, access.CHANGE),
        },
    )


@web_view(access.CHANGE)
def bank_create(request):
    form = BankForm(request.POST or None, user=request.user)
    success = _("已创建题库 %(name)s。")
    done = submit_new(request, form, svc.bank_create, success=success, to="quiz:bank_detail")
    return done or render(request, "quiz/bank/form.html", {"form": form, "title": _("新建题库")})


@web_view(access.CHANGE)
def bank_edit(request, pk: int):
    bank = sel.bank_get(request.user, pk, access.CHANGE)
    form = BankForm(
        request.POST or None,
        user=request.user,
        with_org=False,
        initial={"name": bank.name, "description": bank.description},
    )
    done = submit_service(request, form, "quiz:bank_detail", svc.bank_update, bank=bank)
    return done or render(
        request, "quiz/bank/form.html", {"form": form, "title": _("编辑题库"), "bank": bank}
    )


@web_view(access.VIEW, methods=["GET"])
def bank_detail(request, pk: int):
    bank = sel.bank_get(request.user, pk)
    filters = sel.QuestionFilters.from_mapping(request.GET)
    rows = sel.question_list(request.user, bank=bank, filters=filters)
    form = QuestionFilterForm(request.GET, topics=sel.bank_topics(bank))
    query = querystring(
        {k: request.GET.get(k, "") for k in ("q", "type", "dimension", "topic", "status")}
    )
    return render(
        request,
        "quiz/bank/bank_detail.html",
        {
            "bank": bank,
            "page": paginate(request, rows),
            "form": form,
            "export_query": query,
            "editable": sel.can_edit_bank(request.user, bank),
            "show_answers": access.can(request.user, access.CHANGE),
        },
    )


@web_view(access.VIEW, methods=["GET"])
def bank_export(request, pk: int):
    bank = sel.bank_get(request.user, pk)
    filters = sel.QuestionFilters.from_mapping(request.GET)
    rows = sel.question_list(request.user, bank=bank, filters=filters)
    if not access.can(request.user, access.CHANGE):
        raise access.Forbidden("导出含正确答案，仅工作人员可以导出")
    data = sheets.export_questions(
        actor=request.user, rows=rows, label=bank.name, org_path=bank.org.path, request=request
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _xlsx(data, f"question-bank-{bank.pk}-{stamp}.xlsx")


@web_view(access.VIEW, methods=["GET"])
def bank_template(request):
    return _xlsx(sheets.build_template(), "question-import-template.xlsx")


@web_view(access.CHANGE)
def bank_import(request, pk: int):
    bank = sel.bank_get(request.user, pk, access.CHANGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = sheets.import_questions(
            actor=request.user,
            bank=bank,
            source=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            all_or_nothing=form.cleaned_data["all_or_nothing"],
            request=request,
        )
        if report.applied:
            messages.success(request, _("已导入 %(n)s 道试题。") % {"n": report.created})
    return render(request, "quiz/bank/import.html", {"bank": bank, "form": form, "report": report})


@web_view(access.CHANGE, methods=["POST"])
def bank_starter(request):
    """载入入门题库 into an organisation of the user's scope (idempotent)."""
    code = request.POST.get("org") or (request.user.org.code if request.user.org else "")
    org = access.get_org_for_user(request.user, code, access.CHANGE)
    shared = sel.starter_bank_above(org, starter.starter_items()["name"])
    if shared is not None:  # an upper level already shares it: no second copy below
        messages.info(
            request, _("上级“%(org)s”已共享入门题库，可直接使用。") % {"org": shared.org.name}
        )
        return redirect("quiz:bank_detail", pk=shared.pk)
    bank = starter.load_starter_bank(org, actor=request.user)
    messages.success(request, _("入门题库已就绪：%(name)s。") % {"name": bank.name})
    return redirect("quiz:bank_detail", pk=bank.pk)


@web_view(access.CHANGE)
def question_create(request, pk: int):
    bank = sel.bank_get(request.user, pk, access.CHANGE)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_or_show(
            form,
            lambda: svc.question_create(
                actor=request.user, bank=bank, data=form.service_data(), request=request
            ),
        )
        if saved is not None:
            messages.success(request, _("已添加试题。"))
            _warn_duplicates(request, saved)
            if "another" in request.POST:
                return redirect("quiz:question_create", pk=bank.pk)
            return redirect("quiz:question_detail", pk=saved.question.pk)
    return render(
        request,
        "quiz/bank/question_form.html",
        {"form": form, "bank": bank, "title": _("添加试题")},
    )


@web_view(access.CHANGE)
def question_edit(request, pk: int):
    question = sel.question_get(request.user, pk, access.CHANGE)
    if not question.is_current:
        messages.warning(request, _("这是历史版本，只能修改当前版本。"))
        return redirect("quiz:question_detail", pk=pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        saved = save_or_show(
            form,
            lambda: svc.question_update(
                actor=request.user, question=question, data=form.service_data(), request=request
            ),
        )
        if saved is not None:
            messages.success(request, _("已保存。"))
            _warn_duplicates(request, saved)
            return redirect("quiz:question_detail", pk=saved.question.pk)
    return render(
        request,
        "quiz/bank/question_form.html",
        {
            "form": form,
            "bank": question.bank,
            "question": question,
            "title": _("修改试题"),
            "used": svc.is_used(question),
        },
    )


@web_view(access.VIEW, methods=["GET"])
def question_detail(request, pk: int):
    question = sel.question_get(request.user, pk)
    return render(
        request,
        "quiz/bank/question_detail.html",
        {
            "q": question,
            "bank": question.bank,
            "versions": sel.question_versions(question),
            "editable": sel.can_edit_bank(request.user, question.bank),
            "show_answers": access.can(request.user, access.CHANGE),
            "letters": svc.LETTERS,
            "uses": usage.question_usage(user=request.user, question=question),
        },
    )


@web_view(access.CHANGE, methods=["POST"])
def question_retire(request, pk: int):
    question = sel.question_get(request.user, pk, access.CHANGE)
    return post_action(
        request,
        lambda: svc.question_retire(actor=request.user, question=question, request=request),
        success=_("已停用，新组卷不再抽取该题。"),
        to=reverse("quiz:question_detail", args=[pk]),
    )
