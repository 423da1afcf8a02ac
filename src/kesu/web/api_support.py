"""Plumbing shared by every JSON API router: authentication, one error shape, pagination.

Every error leaves the API as
    {"error": {"code": "<machine code>", "message": "<中文>", "fields": {"<field>": "<中文>"}}}
so clients can branch on `code` and show `message` / `fields` to people as they are.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from kesu.accounts.services import token_authenticate
from kesu.core.errors import ServiceError
from kesu.core.paging import page_slice
from kesu.core.schemas import Page
from kesu.core.text import clean_data
from kesu.orgs import access

logger = logging.getLogger(__name__)

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 500
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


# ---------------------------------------------------------------- authentication


class BearerToken(HttpBearer):
    """`Authorization: Bearer ksu_…` — a personal token (accounts.services.token_create)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_authenticate(token.strip())


class CsrfFailed(Exception):
    """A session-authenticated write without a valid CSRF token (answered as 403)."""


class BrowserSession(APIKeyCookie):
    """The logged-in browser session, with Django's CSRF check on unsafe methods.

    Differs from ninja's SessionAuth in two ways, both deliberate: a request that carries an
    Authorization header is judged by that header alone (a bad token never falls back to a
    cookie), and an anonymous request answers 401 rather than a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        if request.method in _UNSAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False):
            if check_csrf(request) is not None:
                raise CsrfFailed()
        # Any non-None key means "authenticated by session"; the cookie value itself is unused.
        return request.COOKIES.get(self.param_name) or "session"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        return request.user


API_AUTH = [BearerToken(), BrowserSession()]


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 Chinese as-is instead of \\uXXXX escapes: readable in curl and logs."""

    json_dumps_params = {"ensure_ascii": False}


class CleanTextParser(Parser):
    """Every string a request brings (JSON body, query, form fields) without control
    characters (core.text.clean_text) before a schema sees it: one door for every endpoint."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return clean_data(super().parse_body(request))

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        return clean_data(super().parse_querydict(data, list_fields, request))


# ---------------------------------------------------------------- errors


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorOut(Schema):
    error: ErrorDetail


# For the OpenAPI document: every endpoint may answer with these.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


class ApiError(ServiceError):
    """Raised by endpoints for input problems that no service sees (e.g. a forbidden key);
    its message is answered as given."""

    def __init__(
        self, status: int, code: str, message: str, fields: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message, errors=fields, code=code, status=status)

    @property
    def fields(self) -> dict[str, str]:
        return self.errors


def error_body(code: str, message: str, fields: Mapping[str, str] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": dict(fields or {})}}


def fields_message(fields: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """One line naming every field: "身份证号：校验位错误；手机号：…"."""
    parts = []
    for field, text in fields.items():
        label = labels.get(field, field)
        parts.append(text if text.startswith(label) else f"{label}：{text}")
    return "；".join(parts) or "提交的数据有误"


# pydantic error type -> Chinese text ({…} filled from the error's ctx)
_PYDANTIC_MESSAGES = {
    "missing": "此项为必填项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "finite_number": "应为有限的数字",
    "decimal_format": "应为数字，小数位数不能超过规定",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "日期格式无效，应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式无效，应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期，不能带时间",
    "greater_than_equal": "不能小于{ge}",
    "greater_than": "必须大于{gt}",
    "less_than_equal": "不能大于{le}",
    "less_than": "必须小于{lt}",
    "string_too_long": "最多{max_length}个字符",
    "string_too_short": "至少{min_length}个字符",
    "extra_forbidden": "不支持该字段",
    "literal_error": "取值无效，可选：{expected}",
    "enum": "取值无效，可选：{expected}",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "json_invalid": "不是有效的 JSON",
}


_DECIMAL_REPR = re.compile(r"^Decimal\('([^']*)'\)$")  # a bound as ninja passes it on


def _field_name(loc: Sequence[Any]) -> str:
    """("body", "payload", "name") -> "name"; ("query", "page") -> "page"."""
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        source, parts = parts[0], parts[1:]
        # Body schemas are nested under the endpoint's argument name; drop it.
        if source == "body" and len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or "body"


def translate_validation(errors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in errors:
        field = _field_name(err.get("loc", ()))
        template = _PYDANTIC_MESSAGES.get(err.get("type", ""), "取值无效")
        try:
            ctx = {k: _DECIMAL_REPR.sub(r"\1", str(v)) for k, v in (err.get("ctx") or {}).items()}
            text = template.format(**ctx)
        except (KeyError, IndexError):
            text = "取值无效"
        fields.setdefault(field, text)
    return fields


# ---------------------------------------------------------------- pagination


class PageQuery(Schema):
    page: Page = 1
    page_size: int = Field(
        PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX, description=f"每页条数，最多{PAGE_SIZE_MAX}"
    )


class PageMeta(Schema):
    count: int
    page: int
    page_size: int


def paginate(
    rows: QuerySet | Sequence[Any], *, page: int, page_size: int, count: int | None = None
) -> dict[str, Any]:
    """Page-number pagination; the caller's queryset must already have a stable ordering.
    `count`: the list's length when the caller knows it (read from a roll-up)."""
    if count is None:
        count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (page - 1) * page_size
    return {
        "items": page_slice(rows, start, start + page_size),
        "count": count,
        "page": page,
        "page_size": page_size,
    }


# ---------------------------------------------------------------- access helpers


def require_view(request: HttpRequest) -> Any:
    """The caller, who must have roster/tree access: the member role answers 403, not an
    empty list, so a client can tell "no rights" from "nothing there"."""
    user = request.auth  # type: ignore[attr-defined]
    access.require(user, access.VIEW)
    return user


# ---------------------------------------------------------------- handlers


def install_error_handlers(
    api: NinjaAPI,
    *,
    common_labels: Mapping[str, str],
    labels: Mapping[str, Mapping[str, str]],
) -> None:
    """Register the handlers on `api`: one per kind of failure (login, CSRF, role, scope,
    schema, a service's refusal — any ServiceError —, unexpected); every body has the shape
    above.

    `labels` maps a resource (the first path segment under the API root: "orgs",
    "members"…) to the Chinese names of its fields, because "name" is 姓名 for a member
    but 名称 for an organisation.
    """

    def labels_for(request: HttpRequest) -> Mapping[str, str]:
        root = reverse(f"{api.urls_namespace}:api-root")
        resource = request.path.removeprefix(root).split("/", 1)[0]
        return {**common_labels, **labels.get(resource, {})}

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def invalid(request: HttpRequest, fields: dict[str, str], status: int = 400) -> HttpResponse:
        message = fields_message(fields, labels_for(request))
        return respond(request, status, error_body("validation_error", message, fields))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = "未登录或令牌无效：请使用 Authorization: Bearer <令牌> 或先登录"
        return respond(request, 401, error_body("unauthorized", message))

    @api.exception_handler(CsrfFailed)
    def on_csrf(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = "CSRF 校验失败：浏览器会话的写操作需要携带 X-CSRFToken 请求头"
        return respond(request, 403, error_body("csrf_failed", message))

    @api.exception_handler(access.Forbidden)
    def on_forbidden(request: HttpRequest, exc: access.Forbidden) -> HttpResponse:
        return respond(request, 403, error_body("forbidden", exc.message))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403, error_body("forbidden", access.Forbidden().message))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Always the same text: a missing object and one outside the scope must look alike.
        return respond(request, 404, error_body("not_found", str(access.NotFound())))

    @api.exception_handler(ValidationError)
    def on_schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return invalid(request, translate_validation(exc.errors), status=422)

    @api.exception_handler(ServiceError)
    def on_refusal(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        """A service's refusal: its status and code; field errors named in Chinese."""
        if not exc.errors:
            return respond(request, exc.status, error_body(exc.code, exc.message))
        message = fields_message(exc.errors, labels_for(request))
        return respond(request, exc.status, error_body(exc.code, message, exc.errors))

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, error_body(exc.code, exc.message, exc.errors))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 400:
            body = error_body("bad_request", "请求格式有误：请求体应为有效的 JSON")
        elif status == 429:
            body = error_body("throttled", "请求过于频繁，请稍后再试")
        else:
            body = error_body("error", "请求无法处理")
        return respond(request, status, body)

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, error_body("server_error", "服务器内部错误，请稍后重试"))


_FALLBACK = {
    404: ("not_found", "接口不存在，请查看 /api/v1/docs"),
    405: ("method_not_allowed", "该接口不支持此请求方法"),
}


class ApiFallbackErrors:
    """Middleware: responses Django (not ninja) makes for /api/ URLs — an unknown path, a
    method the path lacks — leave in the API's one error shape too."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        fallback = _FALLBACK.get(response.status_code)
        if (
            fallback
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allow = response.get("Allow")
            response = JsonResponse(
                error_body(*fallback),
                status=response.status_code,
                json_dumps_params={"ensure_ascii": False},
            )
            if allow:
                response["Allow"] = allow
        return response
