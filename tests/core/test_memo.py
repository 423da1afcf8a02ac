"""The fingerprint memo recomputes as soon as the records behind a figure change."""

from __future__ import annotations

from kesu.core.memo import forget, remember


def test_same_key_computes_once():
    forget()
    calls = []
    assert remember(("k", 1), lambda: calls.append(1) or 10) == 10
    assert remember(("k", 1), lambda: calls.append(1) or 20) == 10
    assert remember(("k", 2), lambda: calls.append(1) or 30) == 30
    assert len(calls) == 2
