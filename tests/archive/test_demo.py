"""The demo steps of achievements and archive, run on the shared test tree."""

from __future__ import annotations

import io

import pytest

from kesu.achievements.demo import achievements_demo
from kesu.achievements.models import Achievement, Honour
from kesu.archive.demo import archive_demo
from kesu.archive.models import ArchiveRule
from kesu.demo.generator import OrgNode
from kesu.demo.services import DemoContext
from kesu.orgs.models import Organization
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _ctx(users, seed: int = 1) -> DemoContext:
    orgs = list(Organization.objects.order_by("depth", "code"))
    nodes = [
        OrgNode(
            o.code, o.name, o.level, o.kind, o.path, o.depth, o.parent.code if o.parent else None
        )
        for o in orgs
    ]
    return DemoContext(
        "small",
        seed,
        io.StringIO(),
        nodes,
        {o.code: o.pk for o in orgs},
        {"member_a": users.member_a},
    )


def test_demo_steps_are_deterministic_and_reach_the_member_login(users, tree, members):
    for _ in range(5):
        make_member(tree.bg)
    users.member_a.member = members.in_a
    users.member_a.save(update_fields=["member"])
    ctx = _ctx(users)
    achievements_demo(ctx)
    archive_demo(ctx)
    first = list(Achievement.objects.order_by("id").values_list("title", "kind", "org_id"))
    assert first and Honour.objects.exists()
    assert Honour.objects.filter(members=members.in_a).exists()
    assert ArchiveRule.objects.filter(org=tree.city).count() == 2
    assert ctx.counts["achievements"] == len(first)
    Achievement.objects.all().delete()
    achievements_demo(_ctx(users))
    again = list(Achievement.objects.order_by("id").values_list("title", "kind", "org_id"))
    assert again == first
