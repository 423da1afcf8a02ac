"""Reads of evaluation schemes and published versions, always through the access layer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kesu.core.actors import Actor
from kesu.evaluations.models import Evaluation, EvaluationScheme
from kesu.orgs import access


def scheme_list(*, user: Actor, year: int | None = None) -> QuerySet[EvaluationScheme]:
    access.require(user, access.VIEW)
    qs = access.restrict(EvaluationScheme.objects.select_related("org"), user)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path", "level", "pk")


def scheme_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> EvaluationScheme:
    access.require(user, action)
    qs = EvaluationScheme.objects.select_related("org")
    return access.get_for_user(qs, user, action, pk=pk)


def evaluation_list(*, user: Actor, scheme: EvaluationScheme) -> QuerySet[Evaluation]:
    scheme_get(user=user, pk=scheme.pk)
    return scheme.evaluations.select_related("published_by").order_by("-version")


def evaluation_get(*, user: Actor, scheme: EvaluationScheme, version: Any) -> Evaluation:
    try:
        return evaluation_list(user=user, scheme=scheme).get(version=int(version))
    except (Evaluation.DoesNotExist, TypeError, ValueError):
        raise access.NotFound() from None
