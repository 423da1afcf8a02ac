import pytest

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


@pytest.mark.django_db
def test_menu_offers_api_tools_to_cadres_not_members(client, users):
    client.force_login(users.member_a)
    page = client.get("/quiz/").content.decode()
    assert "API令牌" not in page and "接口文档" not in page
    client.force_login(users.staff_a)
    page = client.get("/quiz/").content.decode()
    assert "API令牌" in page and "接口文档" in page
