"""The cluster test's load client: keep-alive HTTP through the balancer, a CSRF cookie per
client, and a retry of every request that failed (connection lost, 5xx) until it succeeds.
API writes carry an Idempotency-Key, the same on each retry (kesu.web.idempotency)."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import uuid
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Figures:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent = self.succeeded = self.retried = self.failed = self.replayed = 0

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class Client:
    def __init__(self, port: int, figures: Figures) -> None:
        self.port, self.figures = port, figures
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def _once(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers={**headers, "Cookie": cookie})
        response = self.conn.getresponse()
        data = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.headers.get("Idempotent-Replayed"):
            self.figures.add(replayed=1)
        return response.status, data

    def call(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        """The request, sent again until it gets an answer that is not a server error."""
        for attempt in range(40):
            self.figures.add(sent=1, retried=1 if attempt else 0)
            try:
                status, data = self._once(method, path, body, headers or {})
            except (OSError, http.client.HTTPException):
                self.conn = None
                time.sleep(0.25)
                continue
            if status < 500:
                return status, data
            time.sleep(0.25)  # 502/503 from the balancer while a node is down
        raise AssertionError(f"{method} {path}: no answer after 40 tries")

    def form_post(self, path: str, fields: dict) -> tuple[int, str]:
        """GET the form for its CSRF token, then POST it (both retried)."""
        status, page = self.call("GET", path)
        token = _CSRF.search(page)
        assert status == 200 and token, page[:300]
        body = urlencode({**fields, "csrfmiddlewaretoken": token[1]}).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{path}",
        }
        return self.call("POST", path, body=body, headers=headers)

    def api(self, method: str, path: str, token: str, payload=None) -> tuple[int, dict]:
        body = json.dumps(payload).encode() if payload is not None else None
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        if method == "POST":  # one key per operation, sent again with each of its retries
            headers["Idempotency-Key"] = str(uuid.uuid4())
        status, data = self.call(method, path, body=body, headers=headers)
        return status, json.loads(data) if data else {}
