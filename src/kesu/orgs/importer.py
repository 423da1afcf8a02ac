"""Organisation import from .xlsx (编码、名称、层级、类型、上级编码), on the import skeleton.

All or nothing: the tree is created in one transaction, or not at all. Parents may appear
below their children, so the rows are created in passes once all are read (``finish``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kesu.core.actors import Actor
from kesu.core.importing import Row, SheetImport
from kesu.orgs.models import Organization
from kesu.orgs.services import OrgError, org_create

ORG_ALIASES = {
    "code": ["编码", "组织编码", "代码", "code"],
    "name": ["名称", "组织名称", "工会名称", "name"],
    "level": ["层级", "级别", "level"],
    "kind": ["类型", "组织类型", "kind"],
    "parent": ["上级编码", "上级组织编码", "上级", "parent"],
}
_Org = tuple[int, dict[str, Any]]  # Excel row, cells


class _OrgImport(SheetImport[_Org]):
    aliases = ORG_ALIASES
    required = ("code", "name", "level")
    labels = {"parent": "上级编码"}
    error = OrgError

    def __init__(self, *, actor: Actor) -> None:
        super().__init__(dry_run=False)
        self.actor = actor
        self.pending: list[_Org] = []
        self.known: dict[str, Organization] = {}

    def column(self, name: str) -> str:
        return self.columns.get(name, "")  # a field the sheet has no column for: no column

    def clean(self, row: Row[_Org]) -> _Org:
        return row.number, dict(row.record)

    def resolve(self, rows: list[Row[_Org]]) -> None:
        """The organisations already registered under these codes (one query): left as is."""
        codes = [str(r.record["code"]).strip() for r in rows]
        self.known = {o.code: o for o in Organization.objects.filter(code__in=codes)}

    def write(self, values: list[_Org]) -> None:
        self.pending += values

    def finish(self) -> None:
        """Repeat passes until nothing moves; a row whose parent never appears is an error
        (and, as any error here, rolls the whole import back)."""
        pending, known = self.pending, self.known
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
                        actor=self.actor,
                        code=code,
                        name=str(rec.get("name") or ""),
                        level=str(rec.get("level") or ""),
                        kind=str(rec.get("kind") or ""),
                        parent=parent,
                    )
                    self.result.created += 1
                except OrgError as exc:
                    self.reject(row, exc.field or "", exc.message)
            if len(waiting) == len(pending):
                for row, rec in waiting:
                    self.reject(row, "parent", f"上级组织编码“{rec.get('parent')}”不存在")
                break
            pending = waiting


def orgs_import_file(path: str, *, actor: Actor) -> dict[str, Any]:
    """All or nothing: the tree is imported in one transaction, or not at all."""
    from kesu.accounts.services import operator

    result = _OrgImport(actor=actor or operator()).run(path)
    errors = [asdict(e) for e in result.errors]
    return {"created": 0 if errors else result.created, "rejected": len(errors), "errors": errors}
