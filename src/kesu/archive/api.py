"""/api/v1 endpoints of 科学素质档案 (wired in kesu/api.py)."""

from ninja import Router

router = Router(tags=["科学素质档案"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {}
