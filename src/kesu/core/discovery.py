"""The one way kesu finds what each app contributes: a module of a fixed name per app.

An app contributes by having a module: ``<app>/indicators.py`` (figures, registered when
imported), ``<app>/archive.py`` (``archive_entries`` for a member's archive),
``<app>/demo.py`` (a demo step with its declared order), ``<app>/audit_actions.py`` (the
Chinese labels of its audit actions). Whoever collects them calls ``app_modules`` with that
name; nothing lists the apps by hand.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for each installed kesu app that has a module `name`, imported,
    in INSTALLED_APPS order. A module that exists but fails to import raises: a real bug."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("kesu.") and module_has_submodule(config.module, name):
            found.append((config.label, import_module(f"{config.name}.{name}")))
    return found
