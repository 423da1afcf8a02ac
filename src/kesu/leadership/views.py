"""Pages of the leadership and funds records, one set of views for every kind (see
kesu.leadership.pages): list with filters, detail with its child records, create, edit,
delete. Views parse input, call one selector or service and render; scope and roles are the
access layer's (out-of-scope ids answer 404, read-only roles 403 on writes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kesu.leadership import selectors
from kesu.leadership.pages import PAGES, TABS, Page, shown
from kesu.leadership.services import meeting_minutes_attach
from kesu.orgs import access
from kesu.web.pages import submit_form
from kesu.web.views import paginate, web_view


def _page(request: HttpRequest, kind: str) -> Page:
    page = PAGES.get(kind)
    if page is None or page.app != request.resolver_match.namespace:
        raise Http404()
    return page


def _ctx(request: HttpRequest, page: Page, **extra: Any) -> dict[str, Any]:
    return {
        "page_spec": page,
        "tabs": TABS[page.app],
        "app": page.app,
        "can_change": access.can(request.user, access.CHANGE),
        **extra,
    }


def _rows(page: Page, objects: Any) -> list[tuple[Any, list[Any]]]:
    return [(obj, page.cells(obj)) for obj in objects]


def _detail_url(page: Page, obj: Any) -> str:
    """Where a saved record is shown: its own page, or its parent's for a leaf."""
    if page.child:
        return reverse(f"{page.app}:detail", args=[page.kind, obj.pk])
    if page.parent:
        return reverse(f"{page.app}:detail", args=[page.parent, _parent_of(page, obj).pk])
    return reverse(f"{page.app}:list", args=[page.kind])


@web_view(access.VIEW, methods=["GET"])
def index(request: HttpRequest) -> HttpResponse:
    return redirect("leadership:list", kind="leading_group")


@web_view(access.VIEW, methods=["GET"])
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    page = _page(request, kind)
    if page.parent:
        raise Http404()
    filters = {k: request.GET.get(k, "").strip() for k in ("org", *page.list_filters)}
    if filters.get("year") and not filters["year"].isdigit():
        filters["year"] = "0"
    rows = selectors.record_list(kind=kind, user=request.user, filters=filters)
    paged = paginate(request, rows)
    return render(
        request,
        "leadership/list.html",
        _ctx(
            request,
            page,
            paged=paged,
            rows=_rows(page, paged),
            filters=filters,
            choices=_filter_choices(page, filters),
        ),
    )


def _filter_choices(page: Page, filters: dict[str, str]) -> list[tuple[str, str, list[Any]]]:
    """(name, label, [(value, label, selected)]) for each choice filter of the list."""
    out = []
    for name in page.list_filters:
        if name == "year":
            continue
        field = page.kind_spec.model._meta.get_field(name)
        options = [(v, str(label), v == filters.get(name)) for v, label in field.choices]
        out.append((name, str(field.verbose_name), options))
    return out


@web_view(access.VIEW, methods=["GET"])
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    page = _page(request, kind)
    obj = selectors.record_get(kind=kind, user=request.user, pk=pk)
    fields = [
        (page.kind_spec.model._meta.get_field(f).verbose_name, value)
        for (f, value) in _shown_fields(page, obj)
    ]
    child = PAGES.get(page.child)
    children = []
    if child:
        key = "group" if kind == "leading_group" else kind
        rows = selectors.record_list(kind=child.kind, user=request.user).filter(**{key: obj})
        children = _rows(child, rows)
    return render(
        request,
        "leadership/detail.html",
        _ctx(
            request,
            page,
            obj=obj,
            fields=fields,
            child=child,
            children=children,
            may_change=access.may(request.user, _owner(obj), access.CHANGE),
        ),
    )


def _owner(obj: Any) -> Any:
    from kesu.leadership.records import owner

    return owner(obj)


def _shown_fields(page: Page, obj: Any) -> list[tuple[str, Any]]:
    out = []
    for field in page.kind_spec.fields:
        if field.endswith(("_enc", "_hash")):
            continue
        display = getattr(obj, f"get_{field}_display", None)
        out.append((field, shown(display() if display else getattr(obj, field))))
    return out


def _save(request: HttpRequest, page: Page, form: Any, *, obj: Any = None, parent: Any = None):
    data = form.service_data()
    user = request.user
    if obj is not None:
        saved = page.services.record_change(
            page.kind, actor=user, obj=obj, data=data, request=request
        )
    else:
        if parent is None:
            parent = access.get_org_for_user(user, data.pop("org"), access.CHANGE)
        saved = page.services.record_add(
            page.kind, actor=user, parent=parent, data=data, request=request
        )
    upload = form.cleaned_data.get("minutes_file")
    if upload:
        meeting_minutes_attach(actor=user, meeting=saved, upload=upload, request=request)
    return saved


@web_view(access.CHANGE)
def record_form(
    request: HttpRequest, kind: str, pk: int | None = None, parent: int | None = None
) -> HttpResponse:
    """Create (under `parent` for a child kind) or edit (`pk`) one record."""
    page = _page(request, kind)
    obj = owner = None
    if pk is not None:
        obj = selectors.record_get(kind=kind, user=request.user, pk=pk, action=access.CHANGE)
    elif page.parent:
        if parent is None:
            raise Http404()
        owner = selectors.record_get(
            kind=page.parent, user=request.user, pk=parent, action=access.CHANGE
        )
    # The form edits a copy: the service compares the stored row with the new values.
    instance = type(obj).objects.get(pk=obj.pk) if obj is not None else None
    form = page.form_class()(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        user=request.user,
        initial={"org": request.GET.get("org", "")},
    )
    done = submit_form(
        request,
        form,
        lambda: _save(request, page, form, obj=obj, parent=owner),
        success=_("已保存。"),
        to=lambda saved: _detail_url(page, saved),
    )
    if done:
        return done
    title = (_("编辑") if obj else _("登记")) + page.title
    back = (
        _detail_url(PAGES[page.parent], owner)
        if owner
        else (_detail_url(page, obj) if obj else reverse(f"{page.app}:list", args=[kind]))
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "leadership/form.html",
        _ctx(request, page, form=form, title=title, back=back, obj=obj),
        status=status,
    )


@web_view(access.CHANGE, methods=["POST"])
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    page = _page(request, kind)
    obj = selectors.record_get(kind=kind, user=request.user, pk=pk, action=access.CHANGE)
    back = (
        _detail_url(PAGES[page.parent], _parent_of(page, obj))
        if page.parent
        else reverse(f"{page.app}:list", args=[kind])
    )
    page.services.record_remove(kind, actor=request.user, obj=obj, request=request)
    messages.success(request, _("已删除。"))
    return redirect(back)


def _parent_of(page: Page, obj: Any) -> Any:
    return getattr(obj, "group" if page.parent == "leading_group" else page.parent)


@web_view(access.VIEW, methods=["GET"])
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's minutes, to those who may see the meeting."""
    meeting = selectors.record_get(kind="meeting", user=request.user, pk=pk)
    if not meeting.minutes:
        raise Http404()
    return FileResponse(
        meeting.minutes.open("rb"),
        as_attachment=True,
        filename=meeting.minutes_name or meeting.minutes.name,
    )
