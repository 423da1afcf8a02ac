"""/api/v1 endpoints of 劳动技能竞赛与文体活动 (wired in kesu/api.py)."""

from ninja import Router

router = Router(tags=["劳动技能竞赛与文体活动"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {}
