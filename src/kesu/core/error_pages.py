"""The site's 500 page: the layout's 500.html when it renders, else a fixed Chinese page.

A server error may come from the database or from the templates, so the page asks neither
for a request context nor for the database, and should the template itself fail, the fixed
page below still answers. Neither tells anything about the error.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

FALLBACK = (
    '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
    "<title>服务器出错 · 科素</title></head><body><main><h1>服务器出错</h1>"
    "<p>系统暂时无法完成这个请求，请稍后重试。如问题持续，请联系本单位管理员。</p>"
    '<p><a href="/">返回首页</a></p></main></body></html>'
)


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseServerError:
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the page of last resort must not fail in turn
        logger.exception("500.html could not be rendered; the fixed page was sent")
        body = FALLBACK
    return HttpResponseServerError(body)
