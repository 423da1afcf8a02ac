"""/api/v1 endpoints of 题库与答题 (wired in kesu/api.py): papers and attempts here,
questions in api_questions."""

from ninja import Router

from kesu.quiz.api_questions import API_LABELS as QUESTION_LABELS
from kesu.quiz.api_questions import router as questions_router

router = Router(tags=["题库与答题"])
router.add_router("", questions_router)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {**QUESTION_LABELS}
