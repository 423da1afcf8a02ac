"""Audit actions of budgets and other spending, with their Chinese labels ("<kind>.create",
"<kind>.update", "<kind>.delete", as the shared write path names them)."""

from kesu.audit.registry import record_kind_labels
from kesu.funds.services import KINDS

ACTIONS, TARGETS, FIELDS, VALUES = record_kind_labels(KINDS)
