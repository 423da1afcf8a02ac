"""Excel helpers shared by every export: formula-injection safe, always writable cell values."""

from __future__ import annotations

import re
from typing import Any

# A cell starting with one of these is run as a formula by Excel/WPS (CSV/DDE injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# What an .xlsx cannot hold: the control characters XML 1.0 refuses (openpyxl raises
# IllegalCharacterError), unpaired surrogates (no UTF-8) and U+FFFE/U+FFFF. Input is cleaned
# on the way in (core.text); this is the second line, so one stored value never fails an export.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate or could not store; numbers and
    dates pass through."""
    if not isinstance(value, str):
        return value
    if not value.isprintable():  # C-speed check: most text has nothing to remove
        value = _UNWRITABLE.sub("", value)
    if value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value
