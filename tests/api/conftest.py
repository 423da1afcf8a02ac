"""Helpers for API tests: call endpoints as a given user with a real bearer token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client

from kesu.accounts.services import token_create


class ApiClient:
    """Wraps django.test.Client: every call carries the user's bearer token and JSON body."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def call(self, method: str, url: str, body: Any = None, **extra: Any):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        data = json.dumps(body) if body is not None else ""
        return self.client.generic(
            method, url, data=data, content_type="application/json", **headers, **extra
        )

    def get(self, url: str, **params: Any):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        return self.client.get(url, params, **headers)

    def post(self, url: str, body: Any = None):
        return self.call("POST", url, body if body is not None else {})

    def patch(self, url: str, body: Any):
        return self.call("PATCH", url, body)

    def delete(self, url: str):
        return self.call("DELETE", url)


@pytest.fixture
def api_as(users):
    """api_as("admin_a") -> ApiClient authenticated with a fresh token of that user."""

    def make(username: str) -> ApiClient:
        _, plain = token_create(user=getattr(users, username), name="test")
        return ApiClient(plain)

    return make


def error(response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The WSGI application, for schemathesis, inside the test's transaction.

    The handler closes "old" connections around each request, which would end the test's
    transaction; Django's own test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
