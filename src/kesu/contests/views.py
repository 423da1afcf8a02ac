"""知识竞赛 pages. Staff (view role and up): list, create/edit, detail with both live boards,
drill-down, export, anyone's certificates in scope. Members: the contests open to their
unit, the masked live board with their own rank, and their own certificates.

Views parse input, call one selector or service and render; scope and roles are the access
layer's (out-of-scope ids answer 404, read-only roles 403 on writes).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.contests import certificates, exports, forms, ranking, selectors, services, setup
from kesu.contests.models import Certificate, Contest
from kesu.contests.validation import rules_to_text
from kesu.core.qr import qr_png_response
from kesu.core.text import mask_name
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.web.pages import post_action, submit_form
from kesu.web.records import submit_service
from kesu.web.views import web_view

BOARD_SIZE = 50
BOARD_SECONDS = 8  # boards are shared this long by everyone polling them (every 10 s)
MEMBER_BOARD_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _take_url(contest: Contest) -> str:
    try:
        return reverse("quiz:take", args=[contest.paper_id])
    except NoReverseMatch:  # the answering pages are provided by the quiz app
        return ""


def _is_staff(request) -> bool:
    return access.can(request.user, access.VIEW)


def _member_or_404(request) -> Member:
    member = selectors.own_member(request.user)
    if member is None:
        raise access.NotFound()
    return member


# ---------------------------------------------------------------- lists


@web_view(None, methods=["GET"])
def index(request):
    if _is_staff(request):
        form = forms.ContestFilterForm(request.GET)
        q = request.GET.get("q", "").strip()
        status = request.GET.get("status", "")
        rows = selectors.contest_list(user=request.user, q=q, status=status)
        page = Paginator(rows, BOARD_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "contests/index.html",
            {
                "page": page,
                "form": form,
                "can_change": access.can(request.user, access.CHANGE),
            },
        )
    member = selectors.own_member(request.user)
    contests = list(selectors.member_contests(member=member)[:50]) if member else []
    for contest in contests:
        contest.phase = selectors.contest_phase(contest)
    return render(request, "contests/member_index.html", {"contests": contests, "member": member})


# ---------------------------------------------------------------- create / edit


def _form_page(request, form, *, title: str, contest: Contest | None = None, status: int = 200):
    return render(
        request,
        "contests/form.html",
        {"form": form, "title": title, "contest": contest},
        status=status,
    )


def _draw_org(request, org: Organization | None) -> Organization:
    """The organiser of a contest whose paper is made here: the one chosen, else the
    user's own organisation."""
    if org is not None:
        return org
    if request.user.org is None:
        raise services.ContestError({"org": "请选择主办组织"})
    return request.user.org


@web_view(access.CHANGE)
def create(request):
    initial = {
        "status": Contest.Status.PUBLISHED,
        "weight_participation": 40,
        "weight_average": 40,
        "weight_high_score": 20,
        "high_score_percent": 90,
        "prize_rules": rules_to_text(Contest._meta.get_field("prize_rules").default()),
        "paper": request.GET.get("paper", ""),
    }
    initial["source"] = "paper" if initial["paper"] else "draw"
    form = forms.ContestForm(request.POST or None, user=request.user, initial=initial)

    def save():
        data = dict(form.cleaned_data)
        code = data.pop("org", "")
        org = access.get_org_for_user(request.user, code, access.CHANGE) if code else None
        source = data.pop("source", "") or ("paper" if data.get("paper") else "draw")
        if source == "paper":
            return services.contest_create(actor=request.user, org=org, data=data, request=request)
        return setup.contest_create_with_paper(
            actor=request.user, org=_draw_org(request, org), data=data, request=request
        )

    done = submit_form(
        request,
        form,
        save,
        success=lambda contest: _("已创建知识竞赛 %(t)s。") % {"t": contest.title},
        to="contests:detail",
    )
    return done or _form_page(
        request, form, title=_("新建知识竞赛"), status=400 if request.method == "POST" else 200
    )


@web_view(access.CHANGE)
def edit(request, pk: int):
    contest = selectors.contest_get(user=request.user, pk=pk, action=access.CHANGE)
    local = timezone.localtime
    initial = {
        f: getattr(contest, f)
        for f in (
            "title",
            "description",
            "status",
            "weight_participation",
            "weight_average",
            "weight_high_score",
            "high_score_percent",
        )
    }
    initial |= {
        "starts_at": local(contest.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(contest.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "prize_rules": rules_to_text(contest.prize_rules),
    }
    form = forms.ContestForm(
        request.POST or None, user=request.user, contest=contest, initial=initial
    )
    done = submit_service(
        request, form, "contests:detail", services.contest_update, contest=contest
    )
    return done or _form_page(
        request,
        form,
        title=_("编辑知识竞赛"),
        contest=contest,
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------- detail and boards


def _board_org(request, contest: Contest):
    """The organisation whose children the org board ranks: ?org=CODE inside both the
    contest's subtree and the user's scope, else the contest's organisation."""
    code = request.GET.get("org", "").strip()
    if not code or code == contest.org.code:
        return contest.org
    org = access.get_org_for_user(request.user, code)
    if not org.path.startswith(contest.org.path):
        raise access.NotFound()
    return org


def _people_context(request, contest: Contest) -> dict:
    board = ranking.Board(contest, seconds=BOARD_SECONDS)
    page = Paginator(board, BOARD_SIZE).get_page(request.GET.get("page"))
    rows = []
    for i, attempt in enumerate(page.object_list, page.start_index()):
        percent = ranking.percent_of(attempt)
        rows.append(
            {
                "rank": i,
                "attempt": attempt,
                "percent": percent,
                "prize": ranking.prize_for(contest, i, percent),
            }
        )
    return {"contest": contest, "page": page, "rows": rows, "final": ranking.is_final(contest)}


def _orgs_context(request, contest: Contest) -> dict:
    parent = _board_org(request, contest)
    children = access.orgs_for(request.user).filter(parent=parent)
    trail = []
    if parent != contest.org:
        trail = list(
            Organization.objects.filter(
                path__in=selectors.ancestor_paths(parent.path),
                depth__gte=contest.org.depth,
            ).order_by("depth")
        )
    scope = access.scope_path(request.user) or ""
    rows = ranking.cached(
        contest,
        f"orgs:{parent.pk}:{scope}",
        lambda: ranking.org_board(contest, parent, children=children),
        BOARD_SECONDS,
    )
    unranked = [r for r in rows if not r.rank]
    return {
        "contest": contest,
        "parent": parent,
        "trail": trail,
        "org_rows": rows,
        "unranked": unranked,
    }


@web_view(None, methods=["GET"])
def detail(request, pk: int):
    if not _is_staff(request):
        return _member_detail(request, pk)
    contest = selectors.contest_get(user=request.user, pk=pk)
    summary = ranking.cached(
        contest, "summary", lambda: ranking.contest_summary(contest), BOARD_SECONDS
    )
    ctx = {
        "contest": contest,
        "summary": summary,
        "phase": selectors.contest_phase(contest),
        "take_url": _take_url(contest),
        "can_change": access.may(request.user, contest.org, access.CHANGE),
        "share_url": _share_url(request, contest),
    }
    ctx |= _people_context(request, contest) | _orgs_context(request, contest)
    return render(request, "contests/detail.html", ctx)


def _share_url(request, contest: Contest) -> str:
    """The link members open (in WeChat): the contest page, after logging in."""
    return request.build_absolute_uri(reverse("contests:detail", args=[contest.pk]))


@web_view(access.CHANGE, methods=["POST"])
def set_status(request, pk: int):
    """发布 / 结束: the contest (and its paper) published or closed."""
    contest = selectors.contest_get(user=request.user, pk=pk, action=access.CHANGE)
    status = request.POST.get("status", "")
    return post_action(
        request,
        lambda: services.contest_set_status(
            actor=request.user, contest=contest, status=status, request=request
        ),
        success=(
            _("已发布，可分享链接或二维码。")
            if status == Contest.Status.PUBLISHED
            else _("竞赛已结束，名次和奖项已确定。")
        ),
        to=reverse("contests:detail", args=[contest.pk]),
    )


@web_view(access.VIEW, methods=["GET"])
def qr(request, pk: int):
    contest = selectors.contest_get(user=request.user, pk=pk)
    return qr_png_response(_share_url(request, contest))


@web_view(access.VIEW, methods=["GET"])
def poster(request, pk: int):
    """A4 poster with the contest's QR code, to print or send in a WeChat group."""
    contest = selectors.contest_get(user=request.user, pk=pk)
    local = timezone.localtime
    when = f"{local(contest.starts_at):%Y-%m-%d %H:%M} 至 {local(contest.ends_at):%Y-%m-%d %H:%M}"
    return render(
        request,
        "core/qr_poster.html",
        {
            "title": contest.title,
            "lines": [f"竞赛时间：{when}"],
            "qr_src": reverse("contests:qr", args=[contest.pk]),
            "qr_alt": _("竞赛二维码"),
            "call": _("微信扫一扫 · 登录后参加答题"),
            "org": contest.org.name,
            "url": _share_url(request, contest),
            "back_url": reverse("contests:detail", args=[contest.pk]),
            "back_label": _("返回竞赛"),
        },
    )


@web_view(None, methods=["GET"])
def board_people(request, pk: int):
    if not _is_staff(request):
        return _member_board(request, pk)
    contest = selectors.contest_get(user=request.user, pk=pk)
    return render(request, "contests/_board_people.html", _people_context(request, contest))


@web_view(access.VIEW, methods=["GET"])
def board_orgs(request, pk: int):
    contest = selectors.contest_get(user=request.user, pk=pk)
    return render(request, "contests/_board_orgs.html", _orgs_context(request, contest))


@web_view(access.VIEW, methods=["GET"])
def export(request, pk: int):
    contest = selectors.contest_get(user=request.user, pk=pk)
    parent = _board_org(request, contest)
    body = exports.contest_workbook(
        user=request.user, contest=contest, parent=parent, request=request
    )
    response = HttpResponse(body, content_type=XLSX)
    name = f"contest-{contest.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdf(body: bytes, cert: Certificate) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.code}.pdf"'
    return response


@web_view(access.VIEW, methods=["GET"])
def certificate(request, pk: int, member_id: int, kind: str):
    """Staff: the certificate of any participant whose record is in their scope."""
    contest = selectors.contest_get(user=request.user, pk=pk)
    member = access.get_for_user(Member.objects.select_related("org"), request.user, pk=member_id)
    body, cert = certificates.certificate_for(contest, member, kind)
    return _pdf(body, cert)


# ---------------------------------------------------------------- members


def _member_board_context(contest: Contest, member: Member) -> dict:
    rows = []
    top = ranking.Board(contest, seconds=BOARD_SECONDS)[0:MEMBER_BOARD_SIZE]
    for i, attempt in enumerate(top, 1):
        rows.append(
            {
                "rank": i,
                "name": mask_name(attempt.member.name),
                "org": attempt.org.name,
                "score": attempt.score,
                "is_me": attempt.member_id == member.pk,
            }
        )
    return {"contest": contest, "rows": rows, "standing": certificates.standing(contest, member)}


def _member_detail(request, pk: int):
    member = _member_or_404(request)
    contest = selectors.member_contest_get(member=member, pk=pk)
    ctx = _member_board_context(contest, member)
    ctx |= {"phase": selectors.contest_phase(contest), "take_url": _take_url(contest)}
    return render(request, "contests/member_detail.html", ctx)


def _member_board(request, pk: int):
    member = _member_or_404(request)
    contest = selectors.member_contest_get(member=member, pk=pk)
    return render(request, "contests/_board_member.html", _member_board_context(contest, member))


@web_view(None, methods=["GET"])
def my_certificate(request, pk: int, kind: str):
    member = _member_or_404(request)
    contest = selectors.member_contest_get(member=member, pk=pk)
    body, cert = certificates.certificate_for(contest, member, kind)
    return _pdf(body, cert)
