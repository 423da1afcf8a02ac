"""Every link a page offers opens for the role that was offered it, and no page shows raw
audit codes, English field names or ISO timestamps (issue 16). Demo data, tiny scale."""

from __future__ import annotations

import io
import re

import pytest

from kesu.accounts.models import User
from kesu.audit import registry
from kesu.demo import generator
from kesu.demo.services import demo_generate
from tests.crawl.crawler import crawl

ROLES = ["admin", "jn_admin", "qu_staff", "qu_viewer", "jiceng_staff", "huiyuan"]
TINY = generator.ScaleSpec(1, 0, 1, 2, 1, 0, 1, 1, 1, 240)
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d")


def _raw_codes() -> re.Pattern[str]:
    """Audit action codes and English field names of the registry, as whole words."""
    words = set(registry.ACTIONS) | {n for n in registry.field_names() if "_" in n}
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?<![\w./@-])({alternatives})(?![\w-])")


@pytest.fixture
def demo_site(db, monkeypatch):
    monkeypatch.setitem(generator.SCALES, "crawl", TINY)
    demo_generate(scale="crawl", seed=7, stdout=io.StringIO())


@pytest.mark.parametrize("username", ROLES)
def test_every_offered_link_opens_and_shows_no_raw_codes(client, demo_site, username):
    client.force_login(User.objects.get(username=username))
    result = crawl(client, "/", limit=300, per_pattern=2)
    assert result.pages > 5
    assert not result.broken, "\n".join(result.broken)
    raw = _raw_codes()
    shown = []
    for url, text in result.texts.items():
        for pattern in (raw, ISO_TIME):
            found = pattern.search(text)
            if found:
                shown.append(f"{url}: {found.group(0)}")
    assert not shown, "\n".join(shown)
