"""The contest submit path stays lean: token lookup, one SELECT of the attempt, one UPDATE."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.accounts.services import token_create
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_submit_queries(member_user, paper, qs):
    _, plain = token_create(user=member_user, name="t")
    me = ApiClient(plain)
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    # an earlier save (or another member's submit) has put the answer keys in the cache
    me.call("PUT", f"/api/v1/attempts/{aid}/answers", {"answers": {}})
    with CaptureQueriesContext(connection) as ctx:
        response = me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.judge.pk): [0]}})
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= 3
