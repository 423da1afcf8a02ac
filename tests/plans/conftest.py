"""Plans on top of the shared tree."""

from __future__ import annotations

from tests.activities.conftest import make_activity  # noqa: F401
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)
