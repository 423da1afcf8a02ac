"""Every schema class the API documents has a name of its own.

The OpenAPI components are keyed by class name, so two classes with one name silently
overwrite each other and a client reads the wrong fields for one of the operations.
"""

from __future__ import annotations

import enum
import typing
from collections import defaultdict

from pydantic import BaseModel

from kesu.api import api


def _classes(annotation, found: set[type]) -> None:
    """Every model or enum class reachable from a field annotation."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _classes(field.annotation, found)
    else:
        for arg in typing.get_args(annotation):
            _classes(arg, found)


def documented_classes() -> set[type]:
    """The classes behind the OpenAPI document: every operation's inputs and outputs.

    ninja wraps an operation's parameters and responses in generated models that are never
    components themselves, so the search starts from their fields."""
    found: set[type] = set()
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                wrappers = [*operation.models, *operation.response_models.values()]
                for wrapper in wrappers:
                    for field in getattr(wrapper, "model_fields", {}).values():
                        _classes(field.annotation, found)
    return found


def test_no_two_documented_schema_classes_share_a_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in documented_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    collisions = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert not collisions


def test_every_component_is_one_documented_class():
    names = {cls.__name__ for cls in documented_classes()}
    components = set(api.get_openapi_schema()["components"]["schemas"])
    assert len(names) > 100
    assert components <= names, components - names
