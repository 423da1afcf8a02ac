"""Shared fixtures: a small union tree and one user per role, plus an outsider.

HZ 杭州市总工会 (city)
├── HZ-A 西湖区总工会 (district)        admin_a, staff_a, viewer_a
│   └── HZ-A-1 北山街道总工会 (township)
│       └── HZ-A-1-01 某科技公司工会 (grassroots)   member_a
└── HZ-B 滨江区总工会 (district)        admin_b  (the outsider for A)
    └── HZ-B-01 某制造公司工会 (grassroots)
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import PASSWORD, make_member, make_org, make_user


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Every indicator read from a roll-up is also computed from its records and compared.
    settings.KESU_ROLLUP_CHECK = True


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_memo():
    # Rolled-back tests can reuse ids (SQLite): figures memoised by fingerprint start afresh,
    # and so do the questions' displays a process keeps for a minute.
    from kesu.core.memo import forget
    from kesu.quiz.papers.prepared import forget_memory

    forget()
    forget_memory()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings, tmp_path):
    # Each test counts in its own table (kesu.core.ratelimit): none used at the start.
    settings.KESU_RATE_LIMIT_FILE = str(tmp_path / "ratelimit.bin")


@pytest.fixture
def tree(db):
    city = make_org("HZ", "杭州市总工会", "city")
    a = make_org("HZ-A", "西湖区总工会", "district", city)
    a1 = make_org("HZ-A-1", "北山街道总工会", "township", a)
    a1g = make_org("HZ-A-1-01", "某科技公司工会", "grassroots", a1)
    b = make_org("HZ-B", "滨江区总工会", "district", city)
    bg = make_org("HZ-B-01", "某制造公司工会", "grassroots", b)
    return SimpleNamespace(city=city, a=a, a1=a1, a1g=a1g, b=b, bg=bg)


@pytest.fixture
def users(tree):
    return SimpleNamespace(
        root=make_user("root", None, "admin", is_superuser=True, is_staff=True),
        city_admin=make_user("city_admin", tree.city, "admin"),
        admin_a=make_user("admin_a", tree.a, "admin"),
        staff_a=make_user("staff_a", tree.a, "staff"),
        viewer_a=make_user("viewer_a", tree.a, "viewer"),
        member_a=make_user("member_a", tree.a1g, "member"),
        admin_b=make_user("admin_b", tree.b, "admin"),
    )


@pytest.fixture
def members(tree):
    return SimpleNamespace(
        in_a=make_member(tree.a1g, name="张三", phone="13800001234"),
        in_a2=make_member(tree.a, name="李四"),
        in_b=make_member(tree.bg, name="王五", phone="13900005678"),
    )


@pytest.fixture
def password():
    return PASSWORD


def login(client, user):
    client.force_login(user)
    return client
