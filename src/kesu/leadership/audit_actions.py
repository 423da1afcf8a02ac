"""Audit actions of the leading group, work areas, meetings and volunteer teams, with their
Chinese labels. The shared write path (leadership.records) names them "<kind>.create",
"<kind>.update" and "<kind>.delete" for each kind of record."""

from kesu.audit.registry import record_kind_labels
from kesu.leadership.services import KINDS

ACTIONS, TARGETS, FIELDS, VALUES = record_kind_labels(KINDS)
ACTIONS["meeting.minutes"] = "上传会议纪要"
