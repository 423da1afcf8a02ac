"""Organisation import from .xlsx (编码、名称、层级、类型、上级编码)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kesu.core.sheets import SheetError, open_sheet
from kesu.orgs.models import Organization
from kesu.orgs.services import OrgError, org_create

ORG_ALIASES = {
    "code": ["编码", "组织编码", "代码", "code"],
    "name": ["名称", "组织名称", "工会名称", "name"],
    "level": ["层级", "级别", "level"],
    "kind": ["类型", "组织类型", "kind"],
    "parent": ["上级编码", "上级组织编码", "上级", "parent"],
}


def orgs_import_file(path: str, *, actor: Any) -> dict[str, Any]:
    """All or nothing: the tree is imported in one transaction, or not at all."""
    from kesu.accounts.services import operator

    actor = actor or operator()
    try:
        sheet = open_sheet(path, aliases=ORG_ALIASES, required=["code", "name", "level"])
    except SheetError as exc:
        raise OrgError(str(exc)) from None
    pending = [(row, rec) for row, rec in sheet.records()]
    created, errors = 0, []
    known = {
        o.code: o
        for o in Organization.objects.filter(code__in=[str(r["code"]).strip() for _, r in pending])
    }
    with transaction.atomic():
        # Parents may appear below their children: repeat passes until nothing moves.
        while pending:
            waiting = []
            for row, rec in pending:
                code = str(rec.get("code") or "").strip()
                parent_code = str(rec.get("parent") or "").strip()
                if code in known:
                    continue
                parent = None
                if parent_code:
                    parent = (
                        known.get(parent_code)
                        or Organization.objects.filter(code=parent_code).first()
                    )
                    if parent is None:
                        waiting.append((row, rec))
                        continue
                    known[parent_code] = parent
                try:
                    known[code] = org_create(
                        actor=actor,
                        code=code,
                        name=str(rec.get("name") or ""),
                        level=str(rec.get("level") or ""),
                        kind=str(rec.get("kind") or ""),
                        parent=parent,
                    )
                    created += 1
                except OrgError as exc:
                    errors.append(
                        {
                            "row": row,
                            "column": sheet.labels.get(exc.field, ""),
                            "message": exc.message,
                        }
                    )
            if len(waiting) == len(pending):
                for row, rec in waiting:
                    errors.append(
                        {
                            "row": row,
                            "column": sheet.labels.get("parent", "上级编码"),
                            "message": f"上级组织编码“{rec.get('parent')}”不存在",
                        }
                    )
                break
            pending = waiting
        if errors:
            transaction.set_rollback(True)
            created = 0
    return {"created": created, "rejected": len(errors), "errors": errors}
