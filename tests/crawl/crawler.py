"""Follow every same-site link a page offers, as one logged-in user, and note what breaks.

The crawl is bounded: at most `limit` pages, and at most `per_pattern` pages whose paths
differ only in their numbers (/activities/12/ and /activities/13/ are one pattern), so a
long list of records does not crowd out the rest of the site.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# Not pages: leaving, the API, files and what only answers a POST.
SKIP = re.compile(
    r"^/(accounts/logout|api/|static/|media/)"
    r"|\.(xlsx|xls|pdf|docx|csv|zip|json|png|jpe?g|svg|txt)$"
    r"|/(download|export|errors\.xlsx|card\.pdf|template\.xlsx)/?$"
)
# Not read as page text: scripts, and <code> (names a user types into a template, on purpose).
HIDDEN = {"script", "style", "template", "noscript", "code"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href and "download" not in dict(attrs):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data.strip())


@dataclass
class Crawl:
    pages: int = 0
    broken: list[str] = field(default_factory=list)  # "status url (offered by page)"
    texts: dict[str, str] = field(default_factory=dict)  # url -> visible text


def _local(base: str, href: str) -> str | None:
    href = urldefrag(href.strip())[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path or "/"
    if SKIP.search(path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start: str = "/", *, limit: int = 300, per_pattern: int = 3) -> Crawl:
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "（起点）")])
    seen = {start}
    patterns: Counter[str] = Counter()
    while queue and result.pages < limit:
        url, offered_by = queue.popleft()
        response = client.get(url)
        result.pages += 1
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = _local(url, response["Location"])
            if "/accounts/login/" in response["Location"]:
                result.broken.append(f"需要重新登录 {url}（来自 {offered_by}）")
            elif target and target not in seen:
                seen.add(target)
                queue.append((target, url))
            continue
        if status in (403, 404) or status >= 500:
            result.broken.append(f"{status} {url}（来自 {offered_by}）")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        result.texts[url] = "\n".join(page.text)
        for href in page.links:
            target = _local(url, href)
            if not target or target in seen:
                continue
            pattern = re.sub(r"\d+", "N", target.split("?")[0]) + ("?" if "?" in target else "")
            if patterns[pattern] >= per_pattern:
                continue
            patterns[pattern] += 1
            seen.add(target)
            queue.append((target, url))
    return result
