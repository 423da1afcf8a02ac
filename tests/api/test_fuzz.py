"""Schemathesis over the whole OpenAPI document, as a staff user and as a member.

Every operation gets a bounded number of generated requests, valid and invalid ones, with a
fixed seed so a failure reproduces. A 5xx, a response that breaks its documented schema,
valid data refused or invalid data accepted fails the test; all failures are listed at once.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from kesu.accounts.services import token_create
from kesu.core.text import clean_data

pytestmark = pytest.mark.django_db

EXAMPLES_PER_MODE = 10
# 422 is the answer to a request that breaks the documented schema, so valid data must never
# get it; 400 is a business rule the schema cannot express (a date range the wrong way
# round, an organisation outside the caller's scope) and stays allowed.
# NUL and other control characters are generated too: the API's parser removes them
# (kesu.core.text), so PostgreSQL, which refuses NUL in text, never sees them.
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"allow-x00": True},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": [
                    "2XX",
                    400,
                    401,
                    403,
                    404,
                    409,
                    429,
                ]
            }
        },
    }
)


def _moot(case) -> list:
    """The checks that do not apply to a request the parser cleans. The documented bounds
    (minLength, maxLength) hold for the text after cleaning, so a value of one control
    character ("org": "\\u0001") is empty and refused, and a value made too long by control
    characters fits once they are gone: whether such data is "valid" is decided after
    cleaning. Every other check (no 5xx, answers as documented) still applies."""
    sent = [case.body, case.query, case.path_parameters]
    return [positive_data_acceptance, negative_data_rejection] if clean_data(sent) != sent else []


@pytest.fixture
def api_schema(users, members, wsgi_app) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app, config=CONFIG)


def fuzz(schema: schemathesis.BaseSchema, user) -> tuple[int, int, Counter, list[str]]:
    """(operations, cases, answers by status code, failures) of every operation in both
    generation modes."""
    headers = {"Authorization": f"Bearer {token_create(user=user, name='fuzz')[1]}"}
    operations = cases = 0
    statuses: Counter = Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES_PER_MODE,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal cases
                cases += 1
                response = case.call_and_validate(headers=headers, excluded_checks=_moot(case))
                statuses[response.status_code] += 1

            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:  # every failure is listed, not the first
                failures.append(f"{operation.label} [{mode}]: {exc}")
    return operations, cases, statuses, failures


@pytest.mark.parametrize("username", ["staff_a", "member_a"])
def test_every_operation_survives_fuzzing(api_schema, users, username, capsys):
    operations, cases, statuses, failures = fuzz(api_schema, getattr(users, username))
    with capsys.disabled():
        print(f"\nschemathesis as {username}: {operations} operations, {cases} cases, {statuses}")
    assert operations > 100
    # The token is used: most requests get past authentication, and some succeed.
    assert statuses[200] > 0 and statuses[401] < cases // 10, statuses
    assert not failures, "\n\n".join(failures)
