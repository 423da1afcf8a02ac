"""Small builders for object graphs used across the tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from kesu.accounts.models import User
from kesu.members.idnumber import make_id_number
from kesu.members.models import Member
from kesu.members.validation import clean_member_data, protected_fields
from kesu.orgs.models import Organization

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def make_org(
    code: str, name: str, level: str, parent: Organization | None = None, kind: str = "union"
) -> Organization:
    path = (parent.path if parent else "/") + code + "/"
    return Organization.objects.create(
        code=code,
        name=name,
        level=level,
        kind=kind,
        parent=parent,
        path=path,
        depth=(parent.depth + 1) if parent else 0,
    )


def make_user(username: str, org: Organization | None, role: str, **extra: Any) -> User:
    user = User(username=username, org=org, role=role, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def new_id_number(birth: dt.date | None = None, male: bool = True) -> str:
    n = next(_seq)
    birth = birth or dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28)
    seq = (n * 2 + (1 if male else 0)) % 1000
    return make_id_number("330106", birth, seq)


def make_member(org: Organization, **data: Any) -> Member:
    raw = {"name": f"会员{next(_seq)}", "id_number": new_id_number(), "phone": "", **data}
    clean, errors = clean_member_data(raw)
    assert not errors, errors
    return Member.objects.create(org=org, **protected_fields(clean))
