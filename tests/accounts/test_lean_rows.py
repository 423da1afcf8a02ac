"""The hot statements (kesu.accounts.lean_rows): the same results and the same error
handling as Django's cursor, with or without prepared statements."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from kesu.accounts import lean_rows
from kesu.accounts.lean_rows import hot_fetchone, hot_rowcount
from kesu.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["prepared", "unprepared"])
def prepared(request, settings):
    settings.KESU_PREPARED_STATEMENTS = request.param
    return request.param


def test_rows_and_counts(prepared):
    org = Organization.objects.create(code="L1", name="甲工会", level="city", path="/L1/")
    assert hot_fetchone("SELECT name FROM orgs_organization WHERE id = %s", [org.pk]) == ("甲工会",)
    assert hot_fetchone("SELECT name FROM orgs_organization WHERE id = %s", [-1]) is None
    changed = hot_rowcount(
        "UPDATE orgs_organization SET name = %s WHERE id = %s", ["乙工会", org.pk]
    )
    assert changed == 1 and Organization.objects.get(pk=org.pk).name == "乙工会"


def test_errors_are_djangos_and_mark_the_connection(prepared):
    # Django's class (a subclass of DatabaseError), whichever driver raised it.
    connection.errors_occurred = False
    with pytest.raises(DatabaseError), transaction.atomic():
        hot_fetchone("SELECT no_such_column FROM orgs_organization", [])
    assert connection.errors_occurred


def test_a_broken_transaction_is_refused(prepared):
    with transaction.atomic():
        with pytest.raises(DatabaseError), transaction.atomic(savepoint=False):
            hot_fetchone("SELECT no_such_column FROM orgs_organization", [])
        with pytest.raises(TransactionManagementError):  # as Django's cursor refuses it
            hot_fetchone("SELECT 1", [])


def test_one_cursor_per_connection_on_postgresql(settings):
    settings.KESU_PREPARED_STATEMENTS = True
    assert hot_fetchone("SELECT 1", []) == (1,)
    if connection.vendor == "postgresql":
        cursor = lean_rows._cursors[connection.connection]
        assert hot_fetchone("SELECT 2", []) == (2,)
        assert lean_rows._cursors[connection.connection] is cursor
        cursor.close()  # a closed cursor is replaced, not reused
        assert hot_fetchone("SELECT 3", []) == (3,)
        assert lean_rows._cursors[connection.connection] is not cursor
    else:
        assert not lean_rows._cursors  # SQLite goes through Django's cursor


def test_the_django_internals_relied_on_are_there():
    import importlib
    import inspect

    import psycopg
    from django.db.backends.base.base import BaseDatabaseWrapper

    for dotted in lean_rows.DJANGO_INTERNALS:
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):  # the longest importable module, then getattr
            try:
                found = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attr in parts[cut:]:
                found = getattr(found, attr)
            break
        assert found is not None, dotted
    # the shapes used: no-argument calls, a context manager, a boolean, a psycopg cursor
    for name in ("close_if_health_check_failed", "validate_no_broken_transaction"):
        assert list(inspect.signature(getattr(BaseDatabaseWrapper, name)).parameters) == ["self"]
    assert hasattr(connection.wrap_database_errors, "__enter__")
    assert isinstance(connection.queries_logged, bool)
    assert isinstance(connection.execute_wrappers, list)
    # converters: lists of callables, for a column (the backend's) and for a field (its own)
    from kesu.orgs.models import Organization

    field = Organization._meta.get_field("created_at")
    assert isinstance(connection.ops.get_db_converters(field.get_col("o")), list)
    assert isinstance(field.get_db_converters(connection), list)
    assert connection.ops.quote_name("o") in ('"o"', "o")
    cursor_class = importlib.import_module("django.db.backends.postgresql.base").ServerBindingCursor
    assert issubclass(cursor_class, psycopg.Cursor)
    assert "prepare" in inspect.signature(psycopg.Cursor.execute).parameters
