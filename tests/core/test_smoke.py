from kesu.members.models import Member


def test_members_fixture_is_scoped(members, tree):
    assert Member.objects.filter(org__path__startswith=tree.a.path).count() == 2


def test_runs_on_the_database_the_environment_names(db):
    import os

    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("KESU_DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
