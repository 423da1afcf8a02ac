"""The JSON API root: /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="kesu 科素 API",
    version="1",
    urls_namespace="api",
    description="工会科学素质工作平台接口。认证：请求头 Authorization: Bearer <令牌>，或浏览器会话。",
)
