"""Competitions on top of the shared tree and the employers' fixture."""

from __future__ import annotations

from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)
from tests.employers.conftest import emp  # noqa: F401 (employers in HZ-A and HZ-B)
