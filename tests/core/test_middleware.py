"""kesu.core.middleware (CSP header built once) and middleware_wsgi (whole bodies)."""

from __future__ import annotations

import io
import sys
import threading

import pytest
from csp.constants import NONCE, SELF
from csp.utils import build_policy
from django.core import signals
from django.db import close_old_connections
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory, override_settings

from kesu.core.middleware import CSPMiddleware
from kesu.core.middleware_wsgi import WholeBody, application


def _through_csp(response: HttpResponse, path: str = "/x") -> HttpResponse:
    return CSPMiddleware(lambda request: response)(RequestFactory().get(path))


@pytest.mark.django_db
def test_csp_header_is_django_csps(client):
    header = client.get("/accounts/login/").headers["Content-Security-Policy"]
    assert header == build_policy()
    assert "script-src 'self'" in header
    assert "Content-Security-Policy-Report-Only" not in client.get("/healthz").headers


def test_csp_header_follows_a_settings_change():
    before = _through_csp(HttpResponse("x"))["Content-Security-Policy"]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert _through_csp(HttpResponse("x"))["Content-Security-Policy"] == "default-src 'none'"
    assert _through_csp(HttpResponse("x"))["Content-Security-Policy"] == before
    policy = {"EXCLUDE_URL_PREFIXES": ["/x"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert "Content-Security-Policy" not in _through_csp(HttpResponse("x"))


@pytest.mark.django_db
def test_csp_per_response_policy_and_exemption_and_nonce():
    response = HttpResponse("x")
    response._csp_update = {"img-src": ["https://tiles.example"]}  # the csp_update decorator
    assert "https://tiles.example" in _through_csp(response)["Content-Security-Policy"]
    exempt = HttpResponse("x")
    exempt._csp_exempt = True
    assert "Content-Security-Policy" not in _through_csp(exempt)
    own = HttpResponse("x", headers={"Content-Security-Policy": "default-src 'none'"})
    assert _through_csp(own)["Content-Security-Policy"] == "default-src 'none'"
    # a nonce used while rendering goes into the header (django-csp's own path)
    request = RequestFactory().get("/x")

    def view(req):
        return HttpResponse(str(req.csp_nonce))

    middleware = CSPMiddleware(view)
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": [SELF, NONCE]}}):
        middleware.process_request(request)
        response = middleware.process_response(request, view(request))
    nonce = response.content.decode()
    assert f"script-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_whole_body_hands_over_one_chunk_and_closes():
    response = HttpResponse(b"body")
    out = WholeBody(lambda environ, start_response: response)({}, None)
    assert out == [b"body"] and response.closed
    streaming = StreamingHttpResponse(iter([b"a", b"b"]))
    assert WholeBody(lambda environ, start_response: streaming)({}, None) is streaming
    other = iter([b"x"])
    assert WholeBody(lambda environ, start_response: other)({}, None) is other


@pytest.mark.django_db
def test_served_application_answers_healthz():
    seen = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/healthz",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    # As django.test.Client does: the test's transaction must survive the request signals.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, lambda status, headers, exc=None: seen.append(status))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert body == [b"ok"] and seen == ["200 OK"]


class _FakeService:
    started: list = []

    def __init__(self, server_argv, worker_argv, **kwargs):
        _FakeService.started.append((server_argv, worker_argv))
        self.stopping = threading.Event()

    def run(self, on_ready):
        return 0


@pytest.mark.django_db
@pytest.mark.parametrize("env, workers", [({}, None), ({"KESU_WORKERS": "3"}, "3")])
def test_serve_gives_its_own_granian_the_whole_body_app(monkeypatch, env, workers):
    from django.core.management import call_command

    from kesu.core.management.commands import serve

    for name in ("KESU_WORKERS", *env):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _FakeService.started = []
    monkeypatch.setattr(serve, "Service", _FakeService)
    with pytest.raises(SystemExit):
        call_command("serve", "--no-worker", "--no-migrate")
    ((argv, worker),) = _FakeService.started
    assert worker is None
    # This interpreter's granian, whatever granian PATH finds first.
    assert argv[:3] == [sys.executable, "-m", "granian"]
    assert argv[-1] == "kesu.core.middleware_wsgi:application"
    assert argv[argv.index("--workers") + 1] == (workers or str(serve.default_workers()))
    assert argv[argv.index("--blocking-threads") + 1] == "1"
    # One worker per core, at most four: rate limits are shared by the workers.
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 2)
    assert serve.default_workers() == 2
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 16)
    assert serve.default_workers() == 4
    monkeypatch.setattr(serve.os, "cpu_count", lambda: None)
    assert serve.default_workers() == 1


def test_the_django_csp_internals_the_override_uses_are_there():
    """core.middleware.CSPMiddleware leans on django-csp's internals (the version is pinned in
    pyproject.toml): the per-response policy attributes its decorators set, the lazy nonce,
    the policy builder. An upgrade that moves any of them fails here."""
    import inspect
    import re
    from pathlib import Path

    import csp.decorators
    from csp.middleware import CSPMiddleware as Upstream

    from kesu.core import middleware

    decorators = Path(inspect.getfile(csp.decorators)).read_text()
    set_by_decorators = set(re.findall(r"\b_csp_\w+", decorators))
    assert set(middleware._OWN_POLICY) <= set_by_decorators
    assert {"_csp_exempt", "_csp_exempt_ro"} <= set_by_decorators
    assert callable(getattr(Upstream, "_csp_nonce_post_response", None))
    assert "report_only" in inspect.signature(middleware.build_policy).parameters
    assert issubclass(middleware.CheckableLazyObject, object)
    assert list(inspect.signature(Upstream.process_response).parameters) == [
        "self",
        "request",
        "response",
    ]


def test_the_loaded_application_is_frozen_out_of_the_collectors_sight(tmp_path):
    # A fresh interpreter, as a granian worker: once the module is imported, the URL conf is
    # loaded and what the process holds is frozen (never walked again by a full collection).
    import os
    import subprocess

    code = (
        "import gc, sys\n"
        "import kesu.core.middleware_wsgi\n"
        "print(gc.get_freeze_count(), 'kesu.urls' in sys.modules, len(gc.get_objects()))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kesu.settings", "KESU_DATA_DIR": str(tmp_path)}
    env.pop("KESU_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, urls_loaded, tracked = int(out[0]), out[1], int(out[2])
    assert urls_loaded == "True"
    assert frozen > 50_000 and tracked < frozen // 10
