"""`kesu demo` against the database: tree, members, logins, audit, determinism, reset."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from kesu.accounts.models import User
from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.demo.services import (
    DEMO_PASSWORD,
    DEMO_URL,
    DEMO_USERNAMES,
    DemoError,
    demo_generate,
    demo_reset,
)
from kesu.members.idnumber import parse_id_number
from kesu.members.models import Member
from kesu.members.validation import id_number_hash
from kesu.orgs.models import Organization
from tests.factories import make_user

PARENT_LEVELS = {
    ("district", "union"): {"city"},
    ("township", "union"): {"district"},
    ("township", "industry_federation"): {"district"},
    ("township", "regional_federation"): {"district"},
    ("grassroots", "union"): {"city", "district", "township"},
}


def _generate(seed: int = 1) -> tuple[object, str]:
    out = io.StringIO()
    result = demo_generate(scale="small", seed=seed, stdout=out)
    return result, out.getvalue()


def _fingerprint() -> list[tuple[str, str, str]]:
    return list(Member.objects.order_by("pk").values_list("org__code", "name", "id_number_hash"))


@pytest.mark.django_db
def test_small_tree_has_the_expected_shape():
    result, _ = _generate()
    orgs = {o.pk: o for o in Organization.objects.all()}
    assert result.organizations == len(orgs)
    assert 30 <= len(orgs) <= 60
    roots = [o for o in orgs.values() if o.parent_id is None]
    assert [(r.code, r.path, r.depth, r.level, r.name) for r in roots] == [
        ("JN", "/JN/", 0, "city", "江宁市总工会")
    ]
    for org in orgs.values():
        if org.parent_id is None:
            continue
        parent = orgs[org.parent_id]
        assert org.path == parent.path + org.code + "/"
        assert org.depth == parent.depth + 1
        assert parent.level in PARENT_LEVELS[(org.level, org.kind)] or (
            org.level == "grassroots" and parent.kind != "union"
        )
        assert org.name.endswith("工会") or org.name.endswith("工会联合会")
    kinds = {(o.level, o.kind) for o in orgs.values()}
    assert set(PARENT_LEVELS) <= kinds
    with_members = set(Member.objects.values_list("org__level", flat=True).distinct())
    assert with_members == {"grassroots"}


@pytest.mark.django_db
def test_small_members_are_valid_unique_and_match_their_ids():
    result, _ = _generate()
    count = Member.objects.count()
    assert result.members == count
    assert 2_700 <= count <= 3_300
    numbers = set()
    rows = Member.objects.select_related("org").iterator()
    for m in rows:
        number = crypto.decrypt(m.id_number_enc)
        parsed = parse_id_number(number)
        assert (parsed.birth_date, parsed.gender) == (m.birth_date, m.gender)
        assert m.id_number_hash == id_number_hash(number)
        assert m.id_number_masked == number[:6] + "********" + number[-4:]
        assert m.employer_name + "工会" == m.org.name
        assert m.joined_on <= timezone.localdate()
        if m.phone_enc:
            assert crypto.decrypt(m.phone_enc)[-4:] == m.phone_tail
        numbers.add(number)
    assert len(numbers) == count
    assert Member.objects.values("id_number_hash").distinct().count() == count
    assert Member.objects.filter(status="transferred_out").exists()
    assert Member.objects.filter(is_migrant_worker=True).count() > count * 0.15


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_and_another_seed_differs():
    _generate(seed=1)
    first = _fingerprint()
    demo_reset(stdout=io.StringIO())
    assert not Organization.objects.exists() and not Member.objects.exists()
    _generate(seed=1)
    assert _fingerprint() == first
    demo_reset(stdout=io.StringIO())
    _generate(seed=2)
    other = _fingerprint()
    assert [n for _, n, _ in other] != [n for _, n, _ in first]
    assert {h for *_, h in other}.isdisjoint({h for *_, h in first}) or other != first


@pytest.mark.django_db
def test_refuses_to_run_twice_without_reset():
    call_command("demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", stdout=io.StringIO())
    with pytest.raises(DemoError):
        _generate()
    out = io.StringIO()
    call_command("demo", reset=True, seed=3, stdout=out)
    assert "已清空" in out.getvalue()
    assert AuditEntry.objects.filter(action="demo.reset").count() == 1


@pytest.mark.django_db
def test_reset_keeps_other_superusers_and_the_audit_log():
    keeper = make_user("operator", None, "admin", is_superuser=True, is_staff=True)
    _generate()
    demo_reset(stdout=io.StringIO())
    assert set(User.objects.values_list("username", flat=True)) == {keeper.username}
    assert AuditEntry.objects.filter(action="demo.generate").count() == 1


@pytest.mark.django_db
def test_demo_logins_work(client, rf):
    result, _ = _generate()
    assert [x.username for x in result.logins] == DEMO_USERNAMES
    for username in DEMO_USERNAMES:
        # axes needs a request, which client.login() does not pass.
        user = authenticate(rf.post("/"), username=username, password=DEMO_PASSWORD)
        assert user is not None and user.username == username
    response = client.post(
        reverse("accounts:login"), {"username": "jn_admin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="jn_admin").pk)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.org is None
    assert User.objects.get(username="jn_admin").org.code == "JN"
    assert User.objects.get(username="qu_viewer").role == "viewer"
    assert User.objects.get(username="huiyuan").org.level == "grassroots"


@pytest.mark.django_db
def test_existing_login_is_left_alone():
    make_user("admin", None, "admin", is_superuser=True)
    result, output = _generate()
    assert not next(x for x in result.logins if x.username == "admin").created
    assert "已存在" in output


@pytest.mark.django_db
def test_output_prints_the_admin_login_and_url():
    out = io.StringIO()
    call_command("demo", scale="small", seed=1, stdout=out)
    text = out.getvalue()
    assert "admin" in text and "jn_admin" in text and DEMO_PASSWORD in text
    assert DEMO_URL in text and "平台管理员" in text and "江宁市总工会" in text


@pytest.mark.django_db
def test_one_audit_row_summarises_the_run():
    result, _ = _generate()
    entry = AuditEntry.objects.get(action="demo.generate")
    assert entry.changes["members"] == [0, result.members]
    assert entry.changes["organizations"] == [0, result.organizations]
    assert entry.org_path == "/JN/"


@pytest.mark.django_db
def test_later_modules_plug_in_steps(monkeypatch):
    from kesu.demo import services

    seen = {}

    def step(ctx):
        seen["orgs"] = len(ctx.org_ids)
        seen["admin"] = ctx.users["jn_admin"].username
        seen["draw"] = ctx.rng("activities").random()
        ctx.counts["activities"] = 7

    monkeypatch.setattr(services, "demo_steps", lambda: [("activities", step)])
    result, _ = _generate()
    assert seen["orgs"] == result.organizations and seen["admin"] == "jn_admin"
    assert seen["draw"] == services.rng_for(1, "activities").random()
    assert result.counts == {"activities": 7}
    assert AuditEntry.objects.get(action="demo.generate").changes["activities"] == [0, 7]


def test_demo_steps_follow_each_apps_declared_order():
    from kesu.demo.services import demo_steps

    names = [name for name, _step in demo_steps()]
    assert len(names) == len(set(names))
    for before, after in (
        ("quiz_bank", "quiz_papers"),
        ("quiz_papers", "assessment"),
        ("quiz_papers", "contests"),
        ("employers", "competitions"),
        ("resources", "competitions"),
        ("employers", "hardship"),
        ("activities", "plans"),
        ("plans", "reports"),
    ):
        assert names.index(before) < names.index(after)


def test_a_cycle_in_declared_order_is_refused(monkeypatch):
    from types import SimpleNamespace

    from kesu.demo import services

    a = SimpleNamespace(STEPS=(("a", None),), AFTER=("b",))
    b = SimpleNamespace(STEPS=(("b", None),), AFTER=("a",))
    monkeypatch.setattr(services, "app_modules", lambda name: [("a", a), ("b", b)])
    with pytest.raises(services.DemoError, match="循环"):
        services.demo_steps()


def test_demo_member_login_is_linked_to_its_roster_entry(db):
    from io import StringIO

    from kesu.accounts.models import User
    from kesu.demo.services import demo_generate

    demo_generate(scale="small", seed=5, stdout=StringIO())
    worker = User.objects.get(username="huiyuan")
    assert worker.member is not None and worker.member.org_id == worker.org_id
    assert worker.display_name == worker.member.name
