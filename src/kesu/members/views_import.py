"""Roster import and export pages. Thin: parse input, call one service, render.

Every object comes through the access layer: out-of-scope jobs and organisations are 404,
roles that may not do something get 403.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kesu.core.jobs import BackgroundJob, RetryRefused
from kesu.members import exporting
from kesu.members.forms_import import ImportForm
from kesu.members.importing import jobs
from kesu.members.importing.template import build_template
from kesu.members.models import ExportJob, ImportJob
from kesu.members.selectors import MemberFilters
from kesu.orgs import access
from kesu.orgs.models import Organization

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHOWN_ERRORS = 200


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; a role that may not do this gets 403 with the access layer's message."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except access.Forbidden as exc:
            return HttpResponseForbidden(exc.message)

    return wrapper


def _retry_page(
    get: Callable[..., Any], retry: Callable[[HttpRequest, Any], BackgroundJob], url_name: str
) -> Callable[..., HttpResponse]:
    """POST: run a failed job (the one `get` finds for the user) again with `retry(request,
    job)`: the new job's page, or this one's with the reason why not."""

    @require_POST
    @_guarded
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        job = get(user=request.user, pk=pk)
        try:
            job = retry(request, job)
        except RetryRefused as exc:
            messages.error(request, exc.message)
        return redirect(url_name, pk=job.pk)

    return page


def _download_page(
    get: Callable[..., Any], download: Callable[[HttpRequest, Any], tuple[Any, str]]
) -> Callable[..., HttpResponse]:
    """GET: the file of a job (the one `get` finds for the user): `download(request, job)`
    gives the open file and its name (and audits who took it)."""

    @require_GET
    @_guarded
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        handle, filename = download(request, get(user=request.user, pk=pk))
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)

    return page


# --- import ---------------------------------------------------------------------------


@_guarded
def import_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    access.require(user, access.CHANGE)
    if request.method == "POST":
        # A target outside the subtree is reported like a missing one, not as a form error.
        if request.POST.get("org"):
            access.get_for_user(
                Organization.objects.all(),
                user,
                access.CHANGE,
                org_field="",
                pk=request.POST["org"],
            )
        form = ImportForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            job = jobs.import_job_create(
                actor=user,
                org=form.cleaned_data["org"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("members:import_job", pk=job.pk)
    else:
        form = ImportForm(user=user)
    recent = jobs.import_jobs_for(user=user).filter(created_by=user)[:10]
    return render(request, "members/import.html", {"form": form, "recent": recent})


@require_GET
@_guarded
def import_template(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.CHANGE)
    return FileResponse(
        io.BytesIO(build_template()),
        as_attachment=True,
        filename="会员名册导入模板.xlsx",
        content_type=XLSX,
    )


def _job_context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "active": job.status in jobs.ACTIVE,
        "errors": job.errors[:_SHOWN_ERRORS],
        "truncated": len(job.errors) > _SHOWN_ERRORS,
    }


def _job_page(
    get: Callable[..., Any], context: Callable[[Any], dict[str, Any]], template: str
) -> Callable[..., HttpResponse]:
    """A job's page (or its status panel, polled while it runs): the job `get` finds for the
    user, shown with `context(job)` in `template`."""

    @_guarded
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        return render(request, template, context(get(user=request.user, pk=pk)))

    return page


import_job = _job_page(jobs.import_job_get, _job_context, "members/import_job.html")
import_job_status = _job_page(jobs.import_job_get, _job_context, "members/import_status.html")


@require_POST
@_guarded
def import_job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.import_job_get(user=request.user, pk=pk)
    jobs.import_job_cancel(actor=request.user, job=job)
    return redirect("members:import_job", pk=job.pk)


@require_POST
@_guarded
def import_job_apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = jobs.import_job_get(user=request.user, pk=pk)
    applied = jobs.import_job_apply(actor=request.user, job=job)
    return redirect("members:import_job", pk=applied.pk)


import_job_retry = _retry_page(
    jobs.import_job_get,
    lambda request, job: jobs.import_job_retry(actor=request.user, job=job, request=request),
    "members:import_job",
)


import_job_errors = _download_page(
    jobs.import_job_get,
    lambda request, job: jobs.import_job_errors_download(
        actor=request.user, job=job, request=request
    ),
)


# --- export ---------------------------------------------------------------------------


@require_GET
@_guarded
def export(request: HttpRequest) -> HttpResponse:
    user = request.user
    filters = MemberFilters.from_mapping(request.GET)
    if exporting.export_in_background(user=user, filters=filters):
        job = exporting.export_job_create(user=user, filters=filters)
        return redirect("members:export_job", pk=job.pk)
    out = io.BytesIO()
    exporting.member_export(user=user, filters=filters, out=out, request=request)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=exporting.filename(), content_type=XLSX)


def _export_context(job: ExportJob) -> dict[str, Any]:
    pending = job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
    return {"job": job, "active": pending}


export_job = _job_page(exporting.export_job_get, _export_context, "members/export_job.html")
export_job_status = _job_page(
    exporting.export_job_get, _export_context, "members/export_status.html"
)


export_job_retry = _retry_page(
    exporting.export_job_get,
    lambda request, job: exporting.export_job_retry(user=request.user, job=job, request=request),
    "members:export_job",
)


export_job_download = _download_page(
    exporting.export_job_get,
    lambda request, job: (
        exporting.export_job_download(user=request.user, job=job, request=request),
        exporting.filename(),
    ),
)
