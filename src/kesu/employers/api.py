"""/api/v1 endpoints of 企业建会与工资协商 (wired in kesu/api.py)."""

from ninja import Router

router = Router(tags=["企业建会与工资协商"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {}
