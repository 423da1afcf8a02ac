"""/api/v1 endpoints of 信息报送 (wired in kesu/api.py)."""

from ninja import Router

router = Router(tags=["信息报送"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {}
