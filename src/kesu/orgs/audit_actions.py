"""Audit actions of the union tree, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.orgs.models import Organization

ACTIONS = {"org.create": "新建组织", "org.update": "修改组织", "org.move": "移动组织"}
TARGETS = {"organization": "组织"}
FIELDS = model_fields(Organization) | {
    "parent": "上级组织",
    "path": "路径",
    "subtree_size": "涉及组织数",
    "is_active": "启用",
}
VALUES = model_choices(Organization)
