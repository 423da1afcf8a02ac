"""The medical-mutual page: completion against the plan target and a bulk entry grid of
the shares of the employers under one organisation for one year (all rows or none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from kesu.employers import forms, selectors, services
from kesu.employers.models import Employer, MutualMedicalEnrolment
from kesu.orgs import access

GRID_LIMIT = 200


@dataclass
class GridRow:
    employer: Employer
    shares: Any
    amount: Any
    error: str = ""


def _org_year(request, data) -> tuple[Any, int]:
    user = request.user
    code = str(data.get("org") or "").strip() or (user.org.code if user.org_id else "")
    org = access.get_org_for_user(user, code) if code else None
    text = str(data.get("year") or "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year
    return org, year


def _rows(org, year) -> list[GridRow]:
    employers = list(
        Employer.objects.filter(org__path__startswith=org.path, is_active=True)
        .select_related("org")
        .order_by("org__path", "name")[:GRID_LIMIT]
    )
    current = {
        e.employer_id: e
        for e in MutualMedicalEnrolment.objects.filter(employer__in=employers, year=year)
    }
    return [
        GridRow(
            e,
            getattr(current.get(e.pk), "shares", ""),
            getattr(current.get(e.pk), "amount", "") or "",
        )
        for e in employers
    ]


def medical_page(request, data=None, rows=None) -> dict[str, Any]:
    data = data if data is not None else request.GET
    org, year = _org_year(request, data)
    form = forms.CompletionForm(
        {"org": org.code if org else "", "year": year}, user=request.user, action=access.VIEW
    )
    page: dict[str, Any] = {
        "form": form,
        "org": org,
        "year": year,
        "query": {"org": org.code if org else "", "year": year},
    }
    if org is None:
        return page
    page["completion"] = selectors.medical_completion(user=request.user, org=org, year=year)
    page["enrolments"] = selectors.enrolment_list(
        user=request.user, filters=selectors.EnrolmentFilters(org=org.code, year=str(year))
    )[:GRID_LIMIT]
    page["rows"] = rows if rows is not None else _rows(org, year)
    page["can_grid"] = access.can(request.user, access.CHANGE)
    return page


def medical_save(request) -> tuple[dict[str, Any], bool]:
    """Save every filled row of the grid in one transaction; any error saves nothing."""
    org, year = _org_year(request, request.POST)
    if org is None:
        raise access.NotFound()
    access.ensure_org_in_scope(request.user, org, access.CHANGE)
    rows = _rows(org, year)
    ok = True
    try:
        with transaction.atomic():
            for row in rows:
                row.shares = request.POST.get(f"shares-{row.employer.pk}", "").strip()
                row.amount = request.POST.get(f"amount-{row.employer.pk}", "").strip()
                if row.shares == "":
                    continue
                try:
                    services.enrolment_save(
                        actor=request.user,
                        employer=row.employer,
                        request=request,
                        data={"year": year, "shares": row.shares, "amount": row.amount},
                    )
                except services.EmployerError as exc:
                    row.error, ok = "；".join(exc.errors.values()), False
            if not ok:
                raise _Rollback()
    except _Rollback:
        pass
    return medical_page(request, request.POST, rows), ok


class _Rollback(Exception):
    pass
