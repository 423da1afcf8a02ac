"""/api/v1 endpoints of 创新成果与先进表彰 (wired in kesu/api.py)."""

from ninja import Router

router = Router(tags=["创新成果与先进表彰"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {}
