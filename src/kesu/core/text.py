"""Text typed or pasted by people, cleaned on the way in (forms, API, spreadsheet imports).

`clean_text` removes what no stored text needs and what breaks the files we write: control
characters (C0 except tab and newline, DEL, C1), unpaired surrogates and U+FFFE/U+FFFF;
CR LF and lone CR become LF.

`clean_name` is for names of people and organisations: it also removes invisible format
characters (zero-width spaces and joiners, bidirectional overrides, BOM, soft hyphen:
Unicode category Cf) and folds compatibility forms (NFKC: full-width letters and digits
become plain ones; full-width punctuation, as Chinese writes it, stays), so a name pasted
from a chat window equals the one typed. `clean_code` folds everything (phones, IDs).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from typing import Any

_CONTROL_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")


@cache
def _invisible() -> re.Pattern[str]:
    """Control and format (Cf) characters. Built on first use, not at import: finding the
    Cf characters walks every code point (about 0.1 s), and nearly every value is printable
    and never needs it."""
    found = (chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    return re.compile(f"[{_CONTROL_CLASS}{''.join(map(re.escape, found))}]")


# Chinese writes its punctuation full width: 某某（集团）有限公司 keeps its brackets, which NFKC
# would turn into ASCII ones. Full-width letters, digits and spaces are folded.
_FULLWIDTH_PUNCTUATION = re.compile("([\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+)")
_LINE_BREAKS = re.compile(r"\r\n?")
_BLANKS = re.compile(r"[\t\n]+")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` without control characters. Tab and newline stay in multiline text; on one
    line each run of them becomes a space."""
    if value.isprintable():  # almost every value: nothing to remove (checked in C)
        return value
    if "\r" in value:
        value = _LINE_BREAKS.sub("\n", value)
    value = _CONTROL.sub("", value)
    return value if multiline else _BLANKS.sub(" ", value)


def clean_name(value: str) -> str:
    """A person's or organisation's name as stored and searched: invisible characters
    removed, NFKC except full-width punctuation, whitespace runs collapsed to one space, no
    space at the ends."""
    if value.isprintable():
        if value.isascii() or unicodedata.is_normalized("NFKC", value):
            # The common case (a roster imports one name per row): at most ASCII spaces.
            return " ".join(value.split()) if " " in value else value
    else:
        value = _invisible().sub("", value)
    if not value.isascii():
        if _FULLWIDTH_PUNCTUATION.search(value) is None:
            value = unicodedata.normalize("NFKC", value)
        else:  # split on the punctuation (captured: odd pieces), fold the rest
            pieces = _FULLWIDTH_PUNCTUATION.split(value)
            value = "".join(
                p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(pieces)
            )
    return " ".join(value.split())


def clean_code(value: str) -> str:
    """Digits and letters of a number people type (phone, ID number): invisible characters
    removed, every full-width form folded (NFKC), no whitespace at all."""
    if not value.isprintable():
        value = _invisible().sub("", value)
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    return "".join(value.split())


def clean_data(value: Any) -> Any:
    """Every string in a decoded JSON document through clean_text (keys included)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(k): clean_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(v) for v in value]
    return value


def clean_cells(rows: list[list[Any]]) -> list[list[Any]]:
    """Spreadsheet rows with every text cell through clean_text, in place (the rows of an
    import are large: the lists are reused, and only a cell that needs it is replaced)."""
    for row in rows:
        for i, cell in enumerate(row):
            if cell.__class__ is str and not cell.isprintable():
                row[i] = clean_text(cell)
    return rows


def mask_name(name: str, *, keep_last: bool = True) -> str:
    """A person's name shown to those who may see a row but not who it is.

    张三 -> 张*, 张小三 -> 张*三, 欧阳小明 -> 欧**明 (first and last character kept);
    `keep_last=False` keeps only the first: 张三 -> 张*, 欧阳小明 -> 欧***. Blank stays blank.
    """
    if not keep_last:
        return (name[:1] + "*" * max(len(name) - 1, 1)) if name else ""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * max(len(name) - 2, 1) + (name[-1] if len(name) > 2 else "")
