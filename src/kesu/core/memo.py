"""A small per-process memo for expensive figures, keyed by a fingerprint of the records
they read (counts, newest ids, latest edits): when a record changes, so does the key, and the
figure is computed again from the records. Never a time-based cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
SIZE = 256

_values: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    with _lock:
        if key in _values:
            _values.move_to_end(key)
            return _values[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _values[key] = value
        while len(_values) > SIZE:
            _values.popitem(last=False)
    return value


def forget() -> None:
    """Empty the memo (tests)."""
    with _lock:
        _values.clear()
