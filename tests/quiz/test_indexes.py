"""The attempts' covering index is declared in the model (Attempt.Meta.indexes) and is the one
the database has (built by SQL in migrations 0002/0004, adopted into model state by 0005)."""

import pytest
from django.db import connection

from kesu.quiz.models import Attempt

NAME = "quiz_attempt_submitted_cover"


@pytest.mark.django_db
def test_declared_index_is_the_databases():
    declared = next(i for i in Attempt._meta.indexes if i.name == NAME)
    assert declared.fields == ["paper", "member", "-submitted_at", "-id"]
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Attempt._meta.db_table)[NAME]
    assert found["index"]
    assert found["columns"][:4] == ["paper_id", "member_id", "submitted_at", "id"]
    if connection.vendor == "postgresql":  # the carried columns follow the key
        assert set(found["columns"][4:]) == {
            "status",
            "org_id",
            "score",
            "max_score",
            "duration_seconds",
            "dimension_key",
        }
