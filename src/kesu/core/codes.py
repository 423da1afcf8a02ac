"""Multi-valued choice fields stored as comma-wrapped codes (",tech,safety,").

Wrapping every code in commas makes "has this code" one portable LIKE (`contains=",tech,"`)
on SQLite and PostgreSQL alike, where JSON containment is not portable.
"""

from __future__ import annotations

from collections.abc import Iterable


def encode_codes(codes: Iterable[str]) -> str:
    """["tech", "safety"] -> ",tech,safety,"; nothing -> ""."""
    items = [c for c in codes if c]
    return f",{','.join(items)}," if items else ""


def decode_codes(value: str) -> list[str]:
    return [c for c in (value or "").split(",") if c]
