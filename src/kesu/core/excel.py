"""Excel helpers shared by every export: formula-injection safe cell values."""

from __future__ import annotations

from typing import Any

# A cell starting with one of these is run as a formula by Excel/WPS (CSV/DDE injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate; numbers and dates pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value
