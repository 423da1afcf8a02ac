"""Audit actions of budgets and other spending, with their Chinese labels ("<kind>.create",
"<kind>.update", "<kind>.delete", as the shared write path names them)."""

from kesu.audit.registry import model_choices, model_fields
from kesu.funds.services import KINDS

_VERBS = {"create": "新建", "update": "修改", "delete": "删除"}

ACTIONS = {
    f"{code}.{verb}": f"{word}{kind.label}"
    for code, kind in KINDS.items()
    for verb, word in _VERBS.items()
}
TARGETS = {code: kind.label for code, kind in KINDS.items()}
FIELDS = model_fields(*(kind.model for kind in KINDS.values()))
VALUES = model_choices(*(kind.model for kind in KINDS.values()))
