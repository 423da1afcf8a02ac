"""Django middleware measured under contest load (bench/contest_submit.py).

`CSPMiddleware`: django-csp with the header string built once per policy setting rather
than on every response (building it was the costliest middleware step of an API request).
Responses that carry their own policy (the csp decorators) and requests that used a nonce
take django-csp's own path. The WSGI side is in middleware_wsgi.
"""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_OWN_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro",
)  # fmt: skip


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware; the two header values are built once per settings object
    (a test's override_settings gives a new object, hence a new value)."""

    _built: dict[str, tuple[Any, str]] = {}

    @classmethod
    def _header(cls, setting: str, report_only: bool) -> str:
        policy = getattr(settings, setting, None)
        cached = cls._built.get(setting)
        if cached is None or cached[0] is not policy:
            cached = cls._built[setting] = (policy, build_policy(report_only=report_only))
        return cached[1]

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for setting, header, exempt, report_only in (
            ("CONTENT_SECURITY_POLICY", HEADER, "_csp_exempt", False),
            ("CONTENT_SECURITY_POLICY_REPORT_ONLY", HEADER_REPORT_ONLY, "_csp_exempt_ro", True),
        ):
            value = self._header(setting, report_only)
            if not value or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
