"""The funds tests build on the leadership records (tests.leadership.conftest)."""

from tests.leadership.conftest import api_as, money, work  # noqa: F401 (fixtures)
