"""The roster tests reach the API too (tests/members/test_text_input.py)."""

from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)
