"""Schema bases shared by the apps' APIs."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class PartialIn(Schema):
    """A request body that refuses unknown keys; `data()` keeps only the keys sent (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    def data(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class OrgRecordOut(Schema):
    """A record owned by an organisation: its id and the organisation's code and name."""

    id: int
    org: str = Field(description="所属组织编码")
    org_name: str

    @staticmethod
    def resolve_org(obj: Any) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj: Any) -> str:
        return obj.org.name
