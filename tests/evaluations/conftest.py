"""Evaluations on top of the shared tree and the activities factory."""

from __future__ import annotations

from tests.activities.conftest import make_activity  # noqa: F401
