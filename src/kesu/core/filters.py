"""List filters read from a query string or an API query: one dataclass per list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self


@dataclass
class Filters:
    """Subclass with ``str`` fields defaulting to ""; ``from_mapping`` fills them from a
    request's GET (or a query schema's dump), each trimmed, unknown keys ignored."""

    @classmethod
    def from_mapping(cls, data: Any) -> Self:
        return cls(**{f: str(data.get(f) or "").strip() for f in cls.__dataclass_fields__})
