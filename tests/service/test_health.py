"""/healthz answers while the process lives; /readyz only with the database reachable and
every migration applied (a balancer sends no traffic to a node that is not ready)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.db.migrations.executor import MigrationExecutor

from kesu.web import views


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(views, "_migrated", [])


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_is_migrated(client):
    assert client.get("/healthz").content == b"ok"
    response = client.get("/readyz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", False)])
    response = client.get("/readyz")
    assert response.status_code == 503 and "迁移" in response.content.decode()
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_not_ready_without_the_database(client, monkeypatch):
    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", down)
    response = client.get("/readyz")
    assert response.status_code == 503 and "数据库不可用" in response.content.decode()
    assert client.get("/healthz").status_code == 200
