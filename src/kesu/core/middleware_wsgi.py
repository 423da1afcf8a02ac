"""The WSGI application `kesu serve` gives granian: Django's, with whole bodies.

Django's handler returns the HttpResponse itself (an iterable); granian sends an iterable
chunk by chunk through its runtime thread, which under load cost more than a whole small
JSON view (bench/contest_submit.py: /healthz ran 2-3x faster with one chunk). A response
whose body is already in memory leaves as one bytes chunk instead (any iterable is valid
WSGI); streaming and file responses pass through untouched. The response is closed (Django's
request_finished: connections tidied) before the server writes the body.

Once the application is loaded (settings, apps, middleware, the URL patterns and the views
they import), what the worker holds is frozen out of the garbage collector's sight
(`gc.freeze`): those objects live as long as the process, and every full collection would
otherwise walk them all again. A worker holds some 220,000 of them; a request allocates
enough to set off the collector now and then (bench/contest_submit.py's starts: 271 ms of
collection over 10,000 requests in one process, 67 ms with them frozen).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable

from django.core.wsgi import get_wsgi_application
from django.http.response import HttpResponseBase
from django.urls import get_resolver


class WholeBody:
    """WSGI middleware: an in-memory response leaves as one chunk (see module notes)."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        response = self.app(environ, start_response)
        if not isinstance(response, HttpResponseBase) or response.streaming:
            return response
        try:
            return [response.content]  # type: ignore[attr-defined]
        finally:
            response.close()


application = WholeBody(get_wsgi_application())
get_resolver().url_patterns  # noqa: B018 (the URL conf and the views it imports, loaded now)
gc.freeze()
