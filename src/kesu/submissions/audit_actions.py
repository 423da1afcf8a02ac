"""Audit actions of submissions (信息报送), with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.submissions.models import Submission

ACTIONS = {
    "submission.submit": "报送",
    "submission.accept": "接收报送",
    "submission.return": "退回报送",
}
TARGETS = {"submission": "信息报送"}
FIELDS = model_fields(Submission) | {"reason": "退回原因"}
VALUES = model_choices(Submission)
