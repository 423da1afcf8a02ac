"""The member's phone pages: my quizzes, start/resume, the question page (autosaved), the
result. Plain forms work without JavaScript; static/quiz/quiz.js adds autosave and the
countdown (no inline scripts: strict CSP, WeChat in-app browser)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kesu.orgs import access
from kesu.quiz import selectors
from kesu.quiz.attempts import extensions, invitations
from kesu.quiz.attempts import services as attempts
from kesu.quiz.attempts.services import AttemptError
from kesu.quiz.models import Attempt, Paper
from kesu.web.pages import outcome, post_action


def _member_or_page(request: HttpRequest):
    member = selectors.member_of(request.user)
    if member is None:
        page = render(request, "quiz/no_member.html", status=403)
        return None, page
    return member, None


def _form_answers(request: HttpRequest, attempt: Attempt) -> dict[str, list[str]]:
    """Every question of the attempt as posted by the question form (unticked = [])."""
    return {str(i["q"]): request.POST.getlist(f"q-{i['q']}") for i in attempt.layout}


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_http_methods(["GET"])
def my(request):
    member, page = _member_or_page(request)
    if page:
        return page
    papers = selectors.open_papers_for(member)
    done = list(selectors.member_attempts(member)[:50])
    extensions.label_papers([row["paper"] for row in papers] + [a.paper for a in done])
    return render(
        request,
        "quiz/my.html",
        {
            "member": member,
            "papers": papers,
            "done": done,
            "invitations": invitations.invitations_for(member),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def take(request, pk: int):
    member, page = _member_or_page(request)
    if page:
        return page
    try:
        paper = Paper.objects.select_related("org").get(pk=pk, status__in=("published", "closed"))
    except Paper.DoesNotExist:
        raise access.NotFound() from None
    if not attempts.in_audience(paper, member):
        raise access.NotFound()
    current = Attempt.objects.filter(
        paper=paper, member=member, status=Attempt.Status.IN_PROGRESS
    ).first()
    if current is not None:
        current = attempts.expire_if_due(current)
        if current.status == Attempt.Status.IN_PROGRESS:
            return redirect("quiz:attempt", pk=current.pk)
    if request.method == "POST":
        started, refused = outcome(lambda: attempts.start_attempt(member=member, paper=paper))
        if started is not None:
            return redirect("quiz:attempt", pk=started.pk)
        messages.error(request, refused)
    problem = attempts.start_problem(paper, member, timezone.now())
    extensions.label_papers([paper])
    return render(request, "quiz/take.html", {"paper": paper, "problem": problem})


@login_required
@require_http_methods(["GET"])
def attempt_page(request, pk: int):
    member, page = _member_or_page(request)
    if page:
        return page
    attempt = attempts.expire_if_due(selectors.attempt_for_member(member, pk))
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return redirect("quiz:attempt_result", pk=attempt.pk)
    remaining = None
    if attempt.deadline:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    extensions.label_papers([attempt.paper])
    return render(
        request,
        "quiz/attempt.html",
        {
            "attempt": attempt,
            "paper": attempt.paper,
            "items": selectors.attempt_view(attempt),
            "remaining": remaining,
        },
    )


@login_required
@require_POST
def attempt_save(request, pk: int):
    member, page = _member_or_page(request)
    if page:
        return page
    attempt = selectors.attempt_for_member(member, pk)
    result_url = reverse("quiz:attempt_result", args=[attempt.pk])
    try:
        attempts.save_answers(attempt=attempt, payload=_form_answers(request, attempt))
    # The page's script autosaves and reads JSON (409 once the attempt is closed, so that it
    # goes to the result); the plain form gets a message.
    except AttemptError as exc:
        if _wants_json(request):
            done = exc.code == "attempt_closed"
            return JsonResponse(
                {"ok": False, "message": exc.message, "redirect": result_url if done else ""},
                status=409 if done else 400,
                json_dumps_params={"ensure_ascii": False},
            )
        messages.error(request, exc.message)
        return redirect("quiz:attempt", pk=attempt.pk)
    if _wants_json(request):
        return JsonResponse({"ok": True, "saved": len(attempt.answers)})
    messages.success(request, "已保存作答进度。")
    return redirect("quiz:attempt", pk=attempt.pk)


@login_required
@require_POST
def attempt_submit(request, pk: int):
    member, page = _member_or_page(request)
    if page:
        return page
    attempt = selectors.attempt_for_member(member, pk)
    return post_action(
        request,
        lambda: attempts.submit_attempt(attempt=attempt, payload=_form_answers(request, attempt)),
        success=None,
        to=reverse("quiz:attempt_result", args=[attempt.pk]),
        refused_to=reverse("quiz:attempt", args=[attempt.pk]),
    )


@login_required
@require_http_methods(["GET"])
def attempt_result(request, pk: int) -> HttpResponse:
    member, page = _member_or_page(request)
    if page:
        return page
    attempt = attempts.expire_if_due(selectors.attempt_for_member(member, pk))
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return redirect("quiz:attempt", pk=attempt.pk)
    show = attempts.answers_visible(attempt)
    extensions.label_papers([attempt.paper])
    return render(
        request,
        "quiz/result.html",
        {
            "attempt": attempt,
            "paper": attempt.paper,
            "show": show,
            "panels": extensions.result_panels(attempt),
            "items": selectors.attempt_view(attempt) if show else [],
        },
    )
