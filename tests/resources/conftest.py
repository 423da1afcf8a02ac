"""Resources on top of the shared tree: one venue/expert/publication in HZ-A and in HZ-B."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kesu.resources import services
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)


@pytest.fixture
def res(tree, users):
    root = users.root
    va = services.venue_create(
        actor=root,
        org=tree.a1g,
        data={
            "name": "科技公司职工书屋",
            "kind": "worker_library",
            "books_held": 1200,
            "opened_on": dt.date(2026, 3, 1),
        },
    )
    vb = services.venue_create(
        actor=root,
        org=tree.bg,
        data={"name": "制造公司科普基地", "kind": "science_base", "opened_on": dt.date(2026, 5, 1)},
    )
    ea = services.expert_create(
        actor=root,
        org=tree.a,
        data={
            "name": "王建华",
            "fields": "健康、安全生产",
            "title": "主任医师",
            "phone": "13812345678",
        },
    )
    eb = services.expert_create(
        actor=root, org=tree.b, data={"name": "李志强", "fields": ["law"], "phone": "13987654321"}
    )
    pa = services.publication_create(
        actor=root,
        org=tree.a,
        data={
            "channel": "wechat",
            "title": "开展世界气象日宣传",
            "published_on": "2026-03-23",
            "link": "https://mp.weixin.qq.com/s/x",
        },
    )
    pb = services.publication_create(
        actor=root,
        org=tree.b,
        data={"channel": "website", "title": "滨江科普日", "published_on": "2026-09-19"},
    )
    return SimpleNamespace(va=va, vb=vb, ea=ea, eb=eb, pa=pa, pb=pb)
