"""Chinese labels of audit actions, their fields and values, declared by each app.

Each app lists what it records in its own ``audit_actions.py`` (found at start-up the way
indicators are, by kesu.core.discovery at ``AuditConfig.ready``)::

    ACTIONS = {"activity.create": "新建活动"}          # required: action code → label
    TARGETS = {"activity": "科普活动"}                 # optional: target type → label
    FIELDS = model_fields(Activity) | {"x": "…"}       # optional: field → label
    VALUES = model_choices(Activity)                   # optional: field → value → label

The audit log, the activity's and member's recent entries and any other listing read the
labels here; a field or value is looked up in the declaring app first (the same field name
may mean different things in two apps), then in every app.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from kesu.core.discovery import app_modules


class UnlabelledAuditAction(UserWarning):
    """An audit row was written for an action no app declared (tests turn this into an error)."""


@dataclass
class _Labels:
    fields: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[Any, Any]] = field(default_factory=dict)


ACTIONS: dict[str, Any] = {}
TARGETS: dict[str, Any] = {}
_BY_ACTION: dict[str, _Labels] = {}
_ALL = _Labels()


def model_fields(*model_classes: type[models.Model]) -> dict[str, Any]:
    """{field name: verbose name} of the models' concrete fields (also `<fk>_id`)."""
    out: dict[str, Any] = {}
    for model in model_classes:
        for f in model._meta.concrete_fields:
            out.setdefault(f.name, f.verbose_name)
            if f.attname != f.name:
                out.setdefault(f.attname, f.verbose_name)
        for f in model._meta.many_to_many:
            out.setdefault(f.name, f.verbose_name)
    return out


def model_choices(*model_classes: type[models.Model]) -> dict[str, dict[Any, Any]]:
    """{field name: {stored value: label}} for the models' fields with choices."""
    out: dict[str, dict[Any, Any]] = {}
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if f.choices:
                out.setdefault(f.name, dict(f.flatchoices))
    return out


_WRITE_VERBS = {"create": "新建", "update": "修改", "delete": "删除"}


def record_kind_labels(
    kinds: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, dict[Any, Any]]]:
    """ACTIONS, TARGETS, FIELDS and VALUES of record kinds written through one shared path,
    which names the actions "<code>.create", "<code>.update" and "<code>.delete"; `kinds` maps
    each code to something with a `label` and a `model`."""
    actions: dict[str, Any] = {
        f"{code}.{verb}": f"{word}{kind.label}"
        for code, kind in kinds.items()
        for verb, word in _WRITE_VERBS.items()
    }
    models_ = [kind.model for kind in kinds.values()]
    targets = {code: kind.label for code, kind in kinds.items()}
    return actions, targets, model_fields(*models_), model_choices(*models_)


def register(module_name: str, module: Any) -> None:
    """Add one app's declarations; a code declared twice fails at start-up."""
    labels = _Labels(dict(getattr(module, "FIELDS", {})), dict(getattr(module, "VALUES", {})))
    for code, label in getattr(module, "ACTIONS", {}).items():
        if code in ACTIONS:
            raise ImproperlyConfigured(f"审计操作“{code}”重复声明（{module_name}）")
        ACTIONS[code] = label
        _BY_ACTION[code] = labels
    TARGETS.update(getattr(module, "TARGETS", {}))
    for name, label in labels.fields.items():
        _ALL.fields.setdefault(name, label)
    for name, mapping in labels.values.items():
        _ALL.values.setdefault(name, {}).update(
            {k: v for k, v in mapping.items() if k not in _ALL.values.get(name, {})}
        )


def load() -> None:
    """Read every app's `audit_actions` module (kesu.core.discovery), once."""
    if ACTIONS:
        return
    for label, module in app_modules("audit_actions"):
        register(label, module)


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


def target_label(target_type: str) -> str:
    return str(TARGETS.get(target_type, target_type))


def field_label(action: str, name: str) -> str:
    local = _BY_ACTION.get(action)
    label = (local.fields.get(name) if local else None) or _ALL.fields.get(name)
    return str(label) if label else name


def value_label(action: str, name: str, value: Any) -> Any:
    local = _BY_ACTION.get(action)
    for table in (local.values if local else {}, _ALL.values):
        mapping = table.get(name)
        if mapping and _hashable(value) and value in mapping:
            return mapping[value]
    return None


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def check_recorded(action: str) -> None:
    if apps.ready and action not in ACTIONS:
        warnings.warn(
            f"审计操作“{action}”没有中文名称：请在所属应用的 audit_actions.py 中声明",
            UnlabelledAuditAction,
            stacklevel=3,
        )


def field_names() -> Iterable[str]:
    return _ALL.fields.keys()
