"""What one page or document reads once: inside `one_view()`, a figure, a scope check or a
map of the tree asked for again is taken from the first read. A view is short and reads
only, so nothing in it can go stale; outside a view nothing is kept."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_VIEW: ContextVar[dict | None] = ContextVar("kesu_one_view", default=None)


@contextmanager
def one_view() -> Iterator[None]:
    """A dashboard shows plan actuals that are also headlines, a literacy panel the
    participants the headlines hold: within the block each is computed once."""
    if _VIEW.get() is not None:  # nested: the outer view already keeps everything
        yield
        return
    token = _VIEW.set({})
    try:
        yield
    finally:
        _VIEW.reset(token)


def current() -> dict | None:
    """The memo of the active view, or None outside one."""
    return _VIEW.get()


def recall(key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), once per view for `key` (every time outside a view)."""
    seen = _VIEW.get()
    if seen is None:
        return compute()
    if key not in seen:
        seen[key] = compute()
    return seen[key]
