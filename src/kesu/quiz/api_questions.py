"""/api/v1/questions (and banks)."""

from ninja import Router

router = Router(tags=["题库"])

API_LABELS: dict[str, dict[str, str]] = {}
