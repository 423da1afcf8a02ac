import datetime as dt

from kesu.core.bulk import bulk_insert
from kesu.members.models import Member
from kesu.members.validation import clean_member_data, protected_fields
from tests.factories import new_id_number


def test_bulk_insert_fills_defaults_and_round_trips(tree):
    rows = []
    for i in range(3):
        clean, errors = clean_member_data(
            {"name": f"批量{i}", "id_number": new_id_number(), "joined_on": "2019-03-01"}
        )
        assert not errors
        rows.append({"org_id": tree.a1g.pk, **protected_fields(clean)})
    assert bulk_insert(Member, rows, batch=2) == 3
    saved = Member.objects.filter(name__startswith="批量").order_by("name")
    assert [m.name for m in saved] == ["批量0", "批量1", "批量2"]
    first = saved[0]
    assert first.joined_on == dt.date(2019, 3, 1)
    assert first.status == "active" and first.ethnicity == "汉族" and first.created_at is not None
    assert first.org == tree.a1g


def test_bulk_insert_value_rows_in_given_column_order(tree):
    from kesu.members.validation import PROTECTED_COLUMNS, protected_values

    rows = []
    for i in range(3):
        clean, errors = clean_member_data(
            {
                "name": f"元组{i}",
                "id_number": new_id_number(),
                "joined_on": "2019-03-01" if i else "",
            }
        )
        assert not errors
        rows.append(protected_values(clean))
    count = bulk_insert(
        Member, iter(rows), batch=2, columns=PROTECTED_COLUMNS, common={"org": tree.a1g.pk}
    )
    assert count == 3
    saved = list(Member.objects.filter(name__startswith="元组").order_by("name"))
    assert [m.org for m in saved] == [tree.a1g] * 3
    assert [m.joined_on for m in saved] == [None, dt.date(2019, 3, 1), dt.date(2019, 3, 1)]
    assert [m.id_number_hash for m in saved] == [
        r[PROTECTED_COLUMNS.index("id_number_hash")] for r in rows
    ]
    assert saved[0].created_at is not None and saved[0].updated_at == saved[0].created_at


def test_bulk_insert_streams_through_copy_on_postgresql_and_keeps_errors(tree):
    import pytest
    from django.db import IntegrityError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    from kesu.orgs.models import Organization

    rows = [
        {
            "code": f"HZ-C{i}",
            "name": f"复制{i}",
            "level": "grassroots",
            "kind": "union",
            "path": f"{tree.city.path}HZ-C{i}/",
            "depth": 1,
            "parent_id": tree.city.pk,
        }
        for i in range(4)
    ]
    with CaptureQueriesContext(connection) as ctx:
        assert bulk_insert(Organization, rows, batch=3) == 4
    inserts = [q for q in ctx.captured_queries if "INSERT INTO" in q["sql"]]
    # PostgreSQL: COPY, no INSERT statement; SQLite: the prepared INSERT.
    assert bool(inserts) == (connection.vendor != "postgresql")
    saved = Organization.objects.filter(code__startswith="HZ-C").order_by("code")
    assert [(o.name, o.parent_id) for o in saved] == [(f"复制{i}", tree.city.pk) for i in range(4)]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(Organization, rows[:1])  # the code is taken: Django's error on both
