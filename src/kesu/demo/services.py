"""`demo_generate`: write the demo tree, members and logins; `demo_reset`: wipe them.

Each app adds its data with the STEPS of its `demo.py` (found by `demo_steps`): a step receives the
`DemoContext` (seed, scale, organisations, users, a per-topic RNG) after the members
exist, writes its rows and adds its counts to `ctx.counts`, so the newcomer's demo
always shows every feature with data.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, TextIO

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from kesu.accounts.models import ApiToken, Role, User
from kesu.audit.models import AuditEntry
from kesu.audit.services import audit_record
from kesu.core.bulk import bulk_insert
from kesu.core.discovery import app_modules
from kesu.core.errors import ServiceError
from kesu.demo.generator import SCALES, OrgNode, build_tree, rng_for
from kesu.demo.loading import indexes_deferred, produced_aside
from kesu.demo.people import MemberGenerator
from kesu.members import tally
from kesu.members.models import Member
from kesu.members.validation import PROTECTED_COLUMNS, protected_values
from kesu.orgs.models import Level, Organization

DEMO_PASSWORD = "kesu-demo-2026"  # noqa: S105 (public by design: printed for every newcomer)
DEMO_URL = "http://127.0.0.1:8000/"
CHUNK = 20_000  # rows per transaction
PROGRESS_EVERY = 100_000


class DemoError(ServiceError):
    """A Chinese message for the operator."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # Chinese label
    org: str  # organisation name, "—" for the platform
    created: bool = True  # False: the username existed and was left alone


@dataclass
class DemoResult:
    scale: str
    seed: int
    organizations: int
    members: int
    logins: list[DemoLogin]
    password: str
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class DemoContext:
    """What a demo step gets: write rows for `orgs`, add counts, print with `log`."""

    scale: str
    seed: int
    stdout: TextIO
    nodes: list[OrgNode]
    org_ids: dict[str, int]  # code -> pk
    users: dict[str, User]
    counts: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def rng(self, topic: str):
        return rng_for(self.seed, topic)

    def scaled(self, figures: Mapping[str, int], default: int) -> int:
        """This scale's figure from a step's table (e.g. activities per scale). A scale of
        at least the city's members that the table does not name takes the city's figure
        in proportion to its members (a province's year of records is ten cities'); any
        other scale not named takes `default`."""
        if self.scale in figures:
            return figures[self.scale]
        members, city = SCALES[self.scale].members, SCALES["city"].members
        if members >= city and "city" in figures:
            return round(figures["city"] * members / city)
        return default

    def log(self, message: str) -> None:
        _write(self.stdout, f"{message}（{time.monotonic() - self.started:.1f} 秒）")


DemoStep = Callable[[DemoContext], None]


def demo_steps() -> list[tuple[str, DemoStep]]:
    """The steps of every app's `demo.py` (``STEPS``: (name, step) pairs, run in that order),
    each app after the apps its ``AFTER`` names (app labels), else in INSTALLED_APPS order."""
    modules = dict(app_modules("demo"))
    order: list[str] = []
    pending = list(modules)
    while pending:
        ready = [
            label
            for label in pending
            if set(getattr(modules[label], "AFTER", ())) & modules.keys() <= set(order)
        ]
        if not ready:
            raise DemoError(f"演示步骤的先后声明有循环：{'、'.join(pending)}")
        order.append(ready[0])
        pending.remove(ready[0])
    return [step for label in order for step in getattr(modules[label], "STEPS", ())]


def _write(stdout: TextIO, line: str) -> None:
    stdout.write(line + "\n")
    if hasattr(stdout, "flush"):
        stdout.flush()


def demo_generate(
    *, scale: str, seed: int, stdout: TextIO, address: str | None = None
) -> DemoResult:
    """Create the demo data in an empty database; refuses when organisations exist.
    ``address`` is where the server that asked for the data answers (`kesu serve --demo`)."""
    if scale not in SCALES:
        raise DemoError(f"规模“{scale}”无效，可选：{'、'.join(SCALES)}")
    if Organization.objects.exists():
        raise DemoError(
            "数据库中已有工会组织，演示数据只能生成在空库中。"
            "如确需清空后重新生成，请加 --reset（将删除全部组织、会员及其用户）。"
        )
    started = time.monotonic()
    timings: dict[str, float] = {}
    _write(stdout, f"生成演示数据：规模 {scale}，种子 {seed}")
    nodes = build_tree(scale, seed)
    with transaction.atomic():
        org_ids = _insert_orgs(nodes)
    timings["organizations"] = time.monotonic() - started
    _write(stdout, f"  工会组织 {len(nodes):,} 个（{timings['organizations']:.1f} 秒）")

    t0 = time.monotonic()
    with indexes_deferred(Member, timings):
        members = _insert_members(nodes, org_ids, seed, stdout, started)
        timings["members"] = time.monotonic() - t0
    rate = members / timings["members"] if timings["members"] else 0
    _write(stdout, f"  会员 {members:,} 人（{timings['members']:.1f} 秒，每秒 {rate:,.0f} 人）")
    if "members_member_indexes" in timings:
        _write(stdout, f"  会员表索引重建 {timings['members_member_indexes']:.1f} 秒")
    t0 = time.monotonic()
    tally.rebuild()  # the roster roll-up, counted once rather than organisation by organisation
    timings["roster_tally"] = time.monotonic() - t0

    t0 = time.monotonic()
    with transaction.atomic():
        users, logins = _create_users(nodes, org_ids)
    timings["users"] = time.monotonic() - t0

    ctx = DemoContext(scale, seed, stdout, nodes, org_ids, users, started=started)
    for name, step in demo_steps():
        t0 = time.monotonic()
        with transaction.atomic():
            step(ctx)
        timings[name] = time.monotonic() - t0

    seconds = time.monotonic() - started
    root = nodes[0]
    with transaction.atomic():
        audit_record(
            actor=None,
            action="demo.generate",
            target_type="demo",
            target_id=f"{scale}:{seed}",
            target_repr=f"演示数据（{scale}，种子 {seed}）",
            org_path=root.path,
            changes={
                "scale": [None, scale],
                "seed": [None, seed],
                "organizations": [0, len(nodes)],
                "members": [0, members],
                "users": [[], [x.username for x in logins if x.created]],
                **{k: [0, v] for k, v in ctx.counts.items()},
                "seconds": [None, round(seconds, 1)],
            },
        )
    result = DemoResult(
        scale, seed, len(nodes), members, logins, DEMO_PASSWORD, seconds, timings, dict(ctx.counts)
    )
    _print_summary(stdout, result, address)
    return result


def _insert_orgs(nodes: list[OrgNode]) -> dict[str, int]:
    """Insert one depth at a time, so every parent's pk is known before its children."""
    ids: dict[str, int] = {}
    for depth in range(max(n.depth for n in nodes) + 1):
        rows = [
            dict(n.row(), parent_id=ids.get(n.parent_code) if n.parent_code else None)
            for n in nodes
            if n.depth == depth
        ]
        bulk_insert(Organization, rows)
        ids.update(Organization.objects.filter(depth=depth).values_list("code", "pk"))
    return ids


MEMBER_COLUMNS = (*PROTECTED_COLUMNS, "org")
ASIDE_FROM = 100_000  # members: from this many on, they are made in a second process


def _member_rows(nodes: list[OrgNode], org_ids: dict[str, int], seed: int) -> Iterator[tuple]:
    """Protected rows in MEMBER_COLUMNS order, streamed: never more than a batch in memory."""
    regions = sorted({n.region for n in nodes if n.level == Level.DISTRICT})
    gen = MemberGenerator(seed, timezone.localdate(), regions)
    for node in nodes:
        if node.level != Level.GRASSROOTS:
            continue
        org_id = org_ids[node.code]
        for row in gen.rows(node):
            yield (*protected_values(row), org_id)


def _insert_members(
    nodes: list[OrgNode], org_ids: dict[str, int], seed: int, stdout: TextIO, started: float
) -> int:
    total = sum(n.size for n in nodes)
    rows: Iterator[tuple] = _member_rows(nodes, org_ids, seed)
    if total >= ASIDE_FROM and not connection.in_atomic_block:  # the same rows, two cores
        rows = produced_aside(partial(_member_rows, nodes, org_ids, seed))
    done, next_report = 0, PROGRESS_EVERY
    while True:
        with transaction.atomic():
            n = bulk_insert(Member, islice(rows, CHUNK), batch=5000, columns=MEMBER_COLUMNS)
        if not n:
            return done
        done += n
        if done >= next_report:
            next_report += PROGRESS_EVERY
            elapsed = time.monotonic() - started
            _write(stdout, f"    会员 {done:,} / {total:,}（已用 {elapsed:.1f} 秒）")


_DEMO_USERS = [
    # username, role, where ("" platform, "city", "district", "grassroots"), display name
    ("admin", Role.ADMIN, "", "平台管理员"),
    ("jn_admin", Role.ADMIN, "city", "市总工会管理员"),
    ("qu_admin", Role.ADMIN, "district", "区总工会管理员"),
    ("qu_staff", Role.STAFF, "district", "区总工会工作人员"),
    ("qu_viewer", Role.VIEWER, "district", "区总工会领导"),
    ("jiceng_staff", Role.STAFF, "grassroots", "基层工会工作人员"),
    ("huiyuan", Role.MEMBER, "grassroots", "会员"),
]
DEMO_USERNAMES = [u for u, *_ in _DEMO_USERS]


def _create_users(
    nodes: list[OrgNode], org_ids: dict[str, int]
) -> tuple[dict[str, User], list[DemoLogin]]:
    """Demo logins sharing one password. Hashing it once keeps `small` fast (PBKDF2 is slow
    on purpose); existing usernames are left untouched."""
    validate_password(DEMO_PASSWORD)
    hashed = make_password(DEMO_PASSWORD)
    by_level = {
        "city": nodes[0],
        "district": next(n for n in nodes if n.level == Level.DISTRICT),
        "grassroots": next(n for n in nodes if n.level == Level.GRASSROOTS and n.depth == 3),
    }
    users: dict[str, User] = {}
    logins: list[DemoLogin] = []
    for username, role, where, display in _DEMO_USERS:
        node = by_level.get(where)
        org_name = node.name if node else "—"
        label = "平台管理员" if not where else str(role.label)
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            users[username] = existing
            logins.append(DemoLogin(username, label, org_name, created=False))
            continue
        user = User(
            username=username,
            role=role,
            display_name=display,
            password=hashed,
            org_id=org_ids[node.code] if node else None,
            is_superuser=not where,
            is_staff=not where,
        )
        if role == Role.MEMBER and node:
            # The member login is a worker on that union's roster (check-in while logged in).
            user.member = Member.objects.current().filter(org_id=org_ids[node.code]).first()
            if user.member:
                user.display_name = user.member.name
        user.save()
        users[username] = user
        logins.append(DemoLogin(username, label, org_name))
    return users, logins


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _print_summary(stdout: TextIO, result: DemoResult, address: str | None) -> None:
    w = _write
    w(stdout, "")
    w(
        stdout,
        f"演示数据已生成：工会组织 {result.organizations:,} 个，会员 {result.members:,} 人，"
        f"共用时 {result.seconds:.1f} 秒。",
    )
    stages = "，".join(f"{name} {secs:.1f}" for name, secs in result.timings.items())
    w(stdout, f"各阶段用时（秒，按步骤名）：{stages}")
    if address:
        w(stdout, f"访问地址：{address}")
    else:
        w(stdout, f"启动服务：kesu serve（默认地址 {DEMO_URL}，可用 --port 指定端口）")
    w(stdout, f"演示账号（统一密码：{result.password}）：")
    w(stdout, "  " + _pad("用户名", 14) + _pad("角色", 14) + "所属组织")
    for login in result.logins:
        note = "" if login.created else "（已存在，密码未改动）"
        w(stdout, "  " + _pad(login.username, 14) + _pad(login.role, 14) + login.org + note)
    w(stdout, "提示：演示密码是公开的，请勿在正式环境中使用这些账号。")


def demo_reset(*, stdout: TextIO) -> dict[str, int]:
    """Delete all organisations and everything hanging off them, the users of those
    organisations and the demo logins. The audit log is kept (and records the reset)."""
    if settings.PRODUCTION:
        raise DemoError("正式环境（KESU_PRODUCTION=true）不允许清空数据")
    keep = {AuditEntry, User, ApiToken}
    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("kesu.")}
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in labels
        and m._meta.managed
        and not m._meta.proxy
        and m not in keep
        and m._meta.auto_created not in keep  # e.g. user↔group links
        and not getattr(m, "kept_by_demo_reset", False)  # configuration, e.g. theme days
    ]
    counts: dict[str, int] = {}
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in _children_first(models):
            # One DELETE per table: the ORM's collector would load a million members first.
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608
            if cursor.rowcount and cursor.rowcount > 0:
                counts[model._meta.label] = cursor.rowcount
        # Then the users (few): the ORM clears their tokens and nulls references to them.
        # After the tables above, nothing that protects a user (e.g. a task's responsible
        # person) is left; foreign keys are checked at commit.
        doomed = User.objects.filter(Q(org__isnull=False) | Q(username__in=DEMO_USERNAMES))
        _, deleted = doomed.delete()
        counts["accounts.User"] = deleted.get("accounts.User", 0)
        audit_record(
            actor=None,
            action="demo.reset",
            target_type="demo",
            target_repr="清空演示数据",
            changes={k: [v, 0] for k, v in counts.items()},
        )
    summary = "，".join(f"{k} {v:,}" for k, v in counts.items()) or "无数据"
    _write(stdout, f"已清空：{summary}")
    return counts


def _children_first(models: list[Any]) -> list[Any]:
    """Order tables so rows that point at others are deleted before what they point at."""
    pending = set(models)
    ordered: list[Any] = []
    while pending:
        referenced = {
            f.related_model
            for m in pending
            for f in m._meta.concrete_fields
            if f.is_relation and f.related_model in pending and f.related_model is not m
        }
        ready = [m for m in pending if m not in referenced] or list(pending)  # a cycle: any order
        ready.sort(key=lambda m: m._meta.label)
        ordered.extend(ready)
        pending.difference_update(ready)
    return ordered
