"""Helpers for API tests: call endpoints as a given user with a real bearer token."""

from __future__ import annotations

import json
from typing import Any

import pytest
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
