"""Papers (试卷) for staff: list, create/edit, fixed items or drawing rules, publish/close,
results with per-item correct rates and .xlsx export, paper-sitting import.

Views parse input, call one selector or service and render; scope and roles come from the
access layer (out-of-scope ids answer 404, read-only roles 403 on writes).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.orgs import access
from kesu.quiz import selectors
from kesu.quiz.attempts import importing
from kesu.quiz.models import Dimension, Paper, QuestionType
from kesu.quiz.papers import drawing, exporting, forms
from kesu.quiz.papers import services as papers
from kesu.web.pages import outcome, post_action
from kesu.web.records import submit_new, submit_service
from kesu.web.views import paginate, web_view

RULE_ROWS = 6


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@login_required
def index(request: HttpRequest) -> HttpResponse:
    staff = access.can(request.user, access.VIEW)
    links = {
        "banks": _url("quiz:banks"),
        "contests": _url("contests:index"),
        "assessment": _url("assessment:index"),
    }
    # "我的答题" only for a login linked to a roster member: the page refuses anyone else.
    member = selectors.member_of(request.user) is not None
    return render(request, "quiz/index.html", {"staff": staff, "links": links, "member": member})


@web_view(access.VIEW, methods=["GET"])
def paper_list(request):
    rows = selectors.paper_list(
        user=request.user,
        q=request.GET.get("q", "").strip(),
        status=request.GET.get("status", ""),
        purpose=request.GET.get("purpose", ""),
    )
    return render(
        request,
        "quiz/paper_list.html",
        {
            "page": paginate(request, rows),
            "statuses": Paper.Status.choices,
            "purposes": Paper.Purpose.choices,
            "can_change": access.can(request.user, access.CHANGE),
        },
    )


def _initial(paper: Paper) -> dict:
    def local(value):
        return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""

    return {
        "org": paper.org.code,
        "title": paper.title,
        "purpose": paper.purpose,
        "mode": paper.mode,
        "multiple_rule": paper.multiple_rule,
        "shuffle_options": paper.shuffle_options,
        "time_limit_minutes": paper.time_limit_seconds // 60 if paper.time_limit_seconds else "",
        "attempts_per_day": paper.attempts_per_day or "",
        "attempts_total": paper.attempts_total or "",
        "opens_at": local(paper.opens_at),
        "closes_at": local(paper.closes_at),
        "pass_mark": paper.pass_mark if paper.pass_mark is not None else "",
        "show_answers": paper.show_answers,
        "description": paper.description,
    }


@web_view(access.CHANGE)
def paper_create(request):
    form = forms.PaperForm(
        request.POST or None,
        user=request.user,
        initial={"org": request.user.org.code if request.user.org else ""},
    )
    success = _("已创建试卷，请继续选择试题或设置抽题规则。")
    done = submit_new(request, form, papers.paper_create, success=success, to="quiz:paper_detail")
    return done or render(request, "quiz/paper_form.html", {"form": form, "title": _("新建试卷")})


@web_view(access.CHANGE)
def paper_edit(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.PaperForm(request.POST or None, user=request.user, initial=_initial(paper))
    done = submit_service(request, form, "quiz:paper_detail", papers.paper_update, paper=paper)
    return done or render(
        request, "quiz/paper_form.html", {"form": form, "title": _("编辑试卷"), "paper": paper}
    )


@web_view(access.VIEW, methods=["GET"])
def paper_detail(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk)
    return render(
        request,
        "quiz/paper_detail.html",
        {
            "paper": paper,
            "rows": selectors.paper_questions(paper),
            "problems": papers.publish_problems(paper)
            if paper.status == Paper.Status.DRAFT
            else [],
            "max_score": drawing.paper_max_score(paper),
            "summary": selectors.paper_summary(paper),
            "frozen": papers.has_attempts(paper),
            "can_change": access.can(request.user, access.CHANGE),
        },
    )


@web_view(access.CHANGE)
def paper_items(request, pk: int):
    """Choose fixed questions from the usable banks, with points each."""
    paper = selectors.paper_get(user=request.user, pk=pk, action=access.CHANGE)
    pool = drawing.usable_questions(paper.org).select_related("bank").order_by("bank_id", "family")
    qtype, topic = request.GET.get("type", ""), request.GET.get("topic", "").strip()
    if qtype:
        pool = pool.filter(type=qtype)
    if topic:
        pool = pool.filter(topic__contains=topic)
    current = {i.question_id: i.points for i in paper.items.all()}
    error = ""
    if request.method == "POST":
        chosen = request.POST.getlist("q")
        items = [(qid, request.POST.get(f"points-{qid}", "1")) for qid in chosen]
        _done, error = outcome(
            lambda: papers.paper_set_items(
                actor=request.user, paper=paper, items=items, request=request
            )
        )
        if not error:
            messages.success(request, _("已保存试题：共%(n)d题。") % {"n": len(items)})
            return redirect("quiz:paper_detail", pk=paper.pk)
    chosen_rows = [q for q in pool if q.pk in current]
    others = [q for q in pool[:500] if q.pk not in current]
    for q in chosen_rows + others:
        q.current_points = current.get(q.pk, 1)
    return render(
        request,
        "quiz/paper_items.html",
        {
            "paper": paper,
            "chosen": chosen_rows,
            "others": others,
            "current": current,
            "types": QuestionType.choices,
            "qtype": qtype,
            "topic": topic,
            "error": error,
        },
        status=400 if error else 200,
    )


@web_view(access.CHANGE)
def paper_rules(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk, action=access.CHANGE)
    error = ""
    if request.method == "POST":
        rows = []
        for n in range(RULE_ROWS):
            row = {
                f: request.POST.get(f"rule-{n}-{f}", "").strip()
                for f in ("type", "count", "points", "topic", "dimension", "bank")
            }
            if row["count"]:
                rows.append(row)
        _done, error = outcome(
            lambda: papers.paper_set_rules(
                actor=request.user, paper=paper, rules=rows, request=request
            )
        )
        if not error:
            messages.success(request, _("已保存抽题规则。"))
            return redirect("quiz:paper_detail", pk=paper.pk)
        posted = rows
    else:
        posted = [
            {
                "type": r.type,
                "count": r.count,
                "points": r.points,
                "topic": r.topic,
                "dimension": r.dimension,
                "bank": r.bank_id or "",
            }
            for r in paper.rules.all()
        ]
    posted = list(posted) + [{}] * (RULE_ROWS - len(posted))
    return render(
        request,
        "quiz/paper_rules.html",
        {
            "paper": paper,
            "rows": posted[:RULE_ROWS],
            "types": QuestionType.choices,
            "dimensions": Dimension.choices,
            "banks": drawing.usable_banks(paper.org),
            "error": error,
        },
        status=400 if error else 200,
    )


@web_view(access.CHANGE, methods=["POST"])
def paper_status(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk, action=access.CHANGE)
    acts = {
        "publish": (papers.paper_publish, _("试卷已发布。")),
        "close": (papers.paper_close, _("试卷已结束。")),
    }
    back = reverse("quiz:paper_detail", args=[paper.pk])
    if request.POST.get("action") not in acts:
        return redirect(back)
    service, done = acts[request.POST["action"]]
    return post_action(
        request,
        lambda: service(actor=request.user, paper=paper, request=request),
        success=done,
        to=back,
    )


@web_view(access.VIEW, methods=["GET"])
def paper_results(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk)
    return render(
        request,
        "quiz/paper_results.html",
        {
            "paper": paper,
            "summary": selectors.paper_summary(paper),
            "page": paginate(request, selectors.attempts_for_paper(paper)),
            "rates": selectors.item_rates(paper),
        },
    )


@web_view(access.VIEW, methods=["GET"])
def paper_export(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk)
    return exporting.results_response(paper, actor=request.user, request=request)


@web_view(access.CHANGE)
def paper_import(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = importing.import_sittings(
            actor=request.user,
            paper=paper,
            source=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            request=request,
        )
        if report.created:
            messages.success(request, _("已导入%(n)d份纸质答卷。") % {"n": report.created})
    return render(
        request,
        "quiz/paper_import.html",
        {
            "paper": paper,
            "form": form,
            "report": report,
            "columns": importing.template_headers(paper),
        },
        status=400 if report is not None and report.file_error else 200,
    )


@web_view(access.CHANGE, methods=["GET"])
def paper_import_template(request, pk: int):
    paper = selectors.paper_get(user=request.user, pk=pk, action=access.CHANGE)
    return importing.template_response(paper)
