"""Writes shared by the leadership and funds records: the scope check, the model's own
validation turned into Chinese field messages, and one atomic save with its audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.http import HttpRequest

from kesu.audit.services import audit_record, diff
from kesu.audit.writes import audit_object
from kesu.audit.writes import plain as audit_plain
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access

M = TypeVar("M", bound=models.Model)


class RecordError(ServiceError):
    """A leadership, team or funds record refused: `errors` names the fields."""


def plain(value: Any) -> Any:
    """A value as the audit log keeps it (see audit.writes.plain), a row as its id."""
    return value.pk if isinstance(value, models.Model) else audit_plain(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: plain(getattr(obj, field)) for field in fields}


def validate(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    """The model's field checks and named constraints, as a RecordError per field."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = {
            ("form" if field == NON_FIELD_ERRORS else field): "；".join(messages)
            for field, messages in exc.message_dict.items()
        }
        raise RecordError(errors) from None


def owner(obj: models.Model) -> Any:
    """The organisation a record belongs to (children answer through their parent)."""
    for path in (("org",), ("group", "org"), ("team", "org"), ("volunteer", "team", "org")):
        target: Any = obj
        try:
            for part in path:
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    raise AttributeError(f"{type(obj).__name__} has no organisation")


def save_record(
    obj: M,
    *,
    actor: Actor,
    kind: str,
    fields: tuple[str, ...],
    data: dict[str, Any],
    request: HttpRequest | None,
) -> M:
    """Create (`obj.pk` empty) or update `obj` with `data` (only keys of `fields`); audited.

    An update re-reads the row under lock so that a record moved out of the actor's scope
    meanwhile is refused, like the resources' writes."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise RecordError({key: "不能修改此项" for key in unknown})
    creating = obj.pk is None
    access.ensure_org_in_scope(actor, owner(obj), access.CHANGE)
    before = {} if creating else snapshot(obj, fields)
    with transaction.atomic():
        if not creating:
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            access.ensure_org_in_scope(actor, owner(locked), access.CHANGE)
        for field, value in data.items():
            setattr(obj, field, value)
        access.ensure_org_in_scope(actor, owner(obj), access.CHANGE)
        validate(obj)
        obj.save()
        changes = diff(before, snapshot(obj, fields))
        if changes:
            audit_record(
                actor=actor,
                action=f"{kind}.{'create' if creating else 'update'}",
                target_type=kind,
                target_id=obj.pk,
                target_repr=str(obj)[:200],
                org_path=owner(obj).path,
                changes=changes,
                request=request,
            )
    return obj


def delete_record(
    obj: models.Model, *, actor: Actor, kind: str, request: HttpRequest | None
) -> None:
    """Remove a record (CHANGE on its organisation); audited with what it held."""
    org = owner(obj)
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    with transaction.atomic():
        audit_object(actor, f"{kind}.delete", obj, request=request, target_type=kind, org=org)
        obj.delete()


def in_scope(qs: models.QuerySet[M], actor: Actor, pk: Any, field: str, org_field: str) -> M | None:
    """The row `pk` of `qs` the actor may see, None for an empty value; else a field error."""
    if pk in (None, ""):
        return None
    if isinstance(pk, models.Model):
        pk = pk.pk
    try:
        return access.get_for_user(qs, actor, access.VIEW, org_field=org_field, pk=pk)
    except access.NotFound:
        raise RecordError({field: "不存在或无权访问"}) from None


class Kind:
    """One kind of record: its model, the fields a caller may set, its parent's field
    (`org` for records owned by an organisation) and its Chinese name."""

    def __init__(
        self, code: str, model: type[models.Model], fields: tuple[str, ...], parent: str, label: str
    ) -> None:
        self.code, self.model, self.fields = code, model, fields
        self.parent, self.label = parent, label


def record_create(
    kind: Kind, *, actor: Actor, parent: Any, data: dict[str, Any], request: HttpRequest | None
) -> Any:
    """A new `kind` record under `parent` (an organisation, group, team or volunteer)."""
    obj = kind.model(**{kind.parent: parent})
    return save_record(
        obj, actor=actor, kind=kind.code, fields=kind.fields, data=data, request=request
    )


def record_update(
    kind: Kind, *, actor: Actor, obj: Any, data: dict[str, Any], request: HttpRequest | None
) -> Any:
    return save_record(
        obj, actor=actor, kind=kind.code, fields=kind.fields, data=data, request=request
    )


def field_labels(*model_types: type[models.Model]) -> dict[str, str]:
    """Field name -> Chinese name, for the API's messages ("分管领导：此项为必填项")."""
    labels = {"org": "所属组织", "phone": "联系电话", "id_number": "身份证号", "form": "提交的数据"}
    for model in model_types:
        for f in model._meta.fields:
            labels.setdefault(f.name, str(f.verbose_name))
    return labels
