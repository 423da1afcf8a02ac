"""Django middleware: text input cleaning, and a CSP header measured under contest load.

`CleanTextInput`: the query parameters and form fields of every page without control
characters (core.text.clean_text), so no form can store one. The API's views (exempt from
CSRF: they check tokens themselves) read their input through the API's parser, which cleans
it the same way (kesu.web.api_support.CleanTextParser), JSON bodies included.

`CSPMiddleware` (bench/contest_submit.py): django-csp with the header string built once per
policy setting rather than on every response (building it was the costliest middleware step
of an API request). Responses that carry their own policy (the csp decorators) and requests
that used a nonce take django-csp's own path. The WSGI side is in middleware_wsgi.
"""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase

from kesu.core.text import clean_text

_FORM_TYPES = frozenset(("application/x-www-form-urlencoded", "multipart/form-data"))

_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


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


class CleanTextInput:
    """Cleans request.GET and a form's request.POST before the view runs. A view step, after
    CsrfViewMiddleware's: that one has read (parsed) the POST already, so nothing is read
    earlier than before."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if getattr(view, "csrf_exempt", False):
            return  # the API: its parser cleans
        if request.GET:
            request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            request.POST = _cleaned(request.POST)  # type: ignore[misc]


def _cleaned(data: QueryDict) -> QueryDict:
    """`data` itself when clean (nearly always), else a cleaned read-only copy."""
    lists = list(data.lists())
    if all(value.isprintable() for _, values in lists for value in values):
        return data
    copy = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in lists:
        copy.setlist(clean_text(key), [clean_text(v) for v in values])
    copy._mutable = False
    return copy
