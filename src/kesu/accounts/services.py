"""Users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.accounts.lean_rows import (
    Columns,
    column,
    db_values,
    hot_fetchone,
    hot_rowcount,
    set_sql,
    table,
)
from kesu.accounts.models import ApiToken, Role, User
from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.text import clean_code
from kesu.orgs import access
from kesu.orgs.models import Organization

TOKEN_PREFIX = "ksu_"  # noqa: S105 (a public prefix, not a secret)
MEMBER_NOT_FOUND = "本辖区名册中没有该身份证号"
_UNSET: Any = object()


class Operator:
    """The platform operator at the command line: unrestricted, audited as "cli"."""

    pk = id = org_id = org = member_id = None
    username = "cli"
    role = Role.ADMIN
    is_superuser = is_active = is_authenticated = True


def operator() -> Operator:
    return Operator()


class AccountError(ServiceError):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, field=field or None)


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "org": user.org.code if user.org_id else None,
        "role": user.role,
        "is_active": user.is_active,
        "display_name": user.display_name,
        "member": str(user.member) if user.member_id else None,  # masked: 张三（3301…1234）
    }


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("；".join(exc.messages), "password") from None


# The roster (kesu.members) sits above this layer: it installs its lookup by ID number here
# when it loads (MembersConfig.ready), so accounts links logins to members without importing
# the roster. The lookup answers the member in the actor's MANAGE scope, or None.
MemberLookup = Callable[[Any, str], Any]
_member_lookup: list[MemberLookup] = []


def install_member_lookup(lookup: MemberLookup) -> None:
    _member_lookup[:] = [lookup]


def member_by_id_number(actor: Actor, raw: Any) -> Any:
    """The roster member with this full ID number inside the actor's MANAGE scope; None for a
    blank input. Unknown and out-of-scope numbers give one message (field "member")."""
    number = clean_code(str(raw or ""))
    if not number:
        return None
    member = _member_lookup[0](actor, number) if _member_lookup else None
    if member is None:
        raise AccountError(MEMBER_NOT_FOUND, "member")
    return member


def _check_member(actor: Actor, user: User, member: Any) -> None:
    """A login may stand for one roster member: only a member-role login, only a member the
    actor manages (else NotFound, like the access layer), and no member twice."""
    if member is None:
        return
    if user.role != Role.MEMBER:
        raise AccountError("只有“会员”角色的账号才能对应会员", "member")
    if actor is not None and not (
        access.restrict(
            type(member)._default_manager.filter(pk=member.pk), actor, access.MANAGE
        ).exists()
    ):
        raise access.NotFound()
    taken = User.objects.filter(member=member)
    if user.pk is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise AccountError(f"会员“{member.name}”已对应其他账号", "member")


def _save(user: User, member: Any) -> None:
    """Save inside the caller's atomic block; a concurrent link of the same member (the
    one-to-one constraint) is reported like the check in _check_member."""
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        if member is not None and User.objects.filter(member=member).exclude(pk=user.pk).exists():
            raise AccountError(f"会员“{member.name}”已对应其他账号", "member") from None
        raise


def user_create(
    *,
    actor: Actor,
    username: str,
    org: Organization | None,
    role: str,
    password: str,
    display_name: str = "",
    is_superuser: bool = False,
    member: Any = None,
    request: HttpRequest | None = None,
) -> User:
    """Create a login. Unit admins create users inside their subtree; actor=None is the CLI."""
    if actor is not None:
        if org is None:
            raise AccountError("请选择所属组织", "org")
        access.ensure_org_in_scope(actor, org, access.MANAGE)
        if is_superuser and not actor.is_superuser:
            raise access.Forbidden()
    if role not in Role.values:
        raise AccountError(f"角色“{role}”无效，可选：admin、staff、viewer、member", "role")
    username = (username or "").strip()
    if not username:
        raise AccountError("用户名不能为空", "username")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"用户名“{username}”已存在", "username")
    user = User(
        username=username,
        org=org,
        role=role,
        display_name=display_name,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        member=member,
    )
    _check_member(actor, user, member)
    _check_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        _save(user, member)
        changes = diff({}, _snapshot(user))
        audit_object(actor, "user.create", user, changes, request, label=user.username)
    return user


def user_update(
    *,
    actor: Actor,
    user: User,
    role: str | None = None,
    is_active: bool | None = None,
    display_name: str | None = None,
    password: str | None = None,
    member: Any = _UNSET,
    request: HttpRequest | None = None,
) -> User:
    """Change a login. `member`: a roster Member to link, None to unlink, omitted to keep."""
    access.ensure_org_in_scope(actor, user.org, access.MANAGE)
    if user.pk == actor.pk and (role not in (None, user.role) or is_active is False):
        raise AccountError("不能修改自己的角色或停用自己")
    before = _snapshot(user)
    if role is not None:
        if role not in Role.values:
            raise AccountError("角色无效", "role")
        user.role = role
    if is_active is not None:
        user.is_active = is_active
    if display_name is not None:
        user.display_name = display_name
    if member is not _UNSET and member != user.member:
        _check_member(actor, user, member)
        user.member = member
    elif user.member_id and user.role != Role.MEMBER:
        raise AccountError("只有“会员”角色的账号才能对应会员，请先解除对应", "member")
    if password:
        _check_password(password, user)
        user.set_password(password)
    with transaction.atomic():
        _save(user, user.member)
        changes = diff(before, _snapshot(user))
        if password:
            changes["password"] = ["***", "***"]
        audit_object(actor, "user.update", user, changes, request, label=user.username)
    return user


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def token_create(
    *, user: User, name: str = "", request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Create a token for oneself; returns (token, plain value shown once)."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=(name or "API").strip()[:60], prefix=plain[:12], digest=_digest(plain)
        )
        audit_object(
            user, "token.create", token, request=request, target_type="api_token", org=user.org
        )
    return token, plain


def token_revoke(*, user: User, token_id: int, request: HttpRequest | None = None) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise access.NotFound()
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_object(
            user, "token.revoke", token, request=request, target_type="api_token", org=user.org
        )
    return token


class _TokenQuery:
    """The live token's id and last use, its user and the user's organisation, in one
    hand-written SELECT (see lean_rows: the ORM's query building cost more than the query)."""

    def __init__(self) -> None:
        self.token = Columns(ApiToken, "t", ["last_used_at"])
        self.user = Columns(User, "u")
        self.org = Columns(Organization, "o")
        self._sql: dict[str, str] = {}

    def sql(self, using: str) -> str:
        found = self._sql.get(using)
        if found is None:
            found = self._sql[using] = (
                f"SELECT {self.token.sql(using)}, {self.user.sql(using)}, {self.org.sql(using)} "  # noqa: S608 (identifiers from _meta, values bound)
                f"FROM {table(ApiToken, using)} t "
                f"INNER JOIN {table(User, using)} u ON u.{column(User, 'id', using=using)} = "
                f"{column(ApiToken, 'user', 't', using)} "
                f"LEFT OUTER JOIN {table(Organization, using)} o ON "
                f"o.{column(Organization, 'id', using=using)} = {column(User, 'org', 'u', using)} "
                f"WHERE {column(ApiToken, 'digest', 't', using)} = %s "
                f"AND {column(ApiToken, 'revoked_at', 't', using)} IS NULL"
            )
        return found

    def __call__(self, digest: str, using: str = DEFAULT_DB_ALIAS) -> tuple[Any, User] | None:
        row = hot_fetchone(self.sql(using), [digest], using)
        if row is None:
            return None
        t, u = len(self.token), len(self.token) + len(self.user)
        user = self.user.build(row[t:u], using)
        org = self.org.build(row[u:], using) if row[u] is not None else None
        user._state.fields_cache["org"] = org
        return self.token.build(row[:t], using), user

    def touch(self, token_id: int, now: Any, using: str = DEFAULT_DB_ALIAS) -> None:
        """last_used_at = now (the ORM's update(), without building it)."""
        sql = (
            f"UPDATE {table(ApiToken, using)} SET {set_sql(ApiToken, ['last_used_at'], using)} "  # noqa: S608 (identifiers from _meta, values bound)
            f"WHERE {column(ApiToken, 'id', using=using)} = %s"
        )
        params = [*db_values(ApiToken, {"last_used_at": now}, using), token_id]
        hot_rowcount(sql, params, using)


_token_query = _TokenQuery()


def token_authenticate(plain: str) -> User | None:
    """The user behind a live token, or None: one SELECT of token, user and organisation.
    last_used_at is refreshed at most once a minute."""
    digest = token_digest(plain)
    found = _token_query(digest) if digest else None
    if found is None:
        return None
    token, user = found
    if not user.is_active:
        return None
    token_seen(token.pk, token.last_used_at)
    return user


def token_seen(token_id: int, last_used_at: Any) -> None:
    """A token was used: last_used_at is refreshed, at most once a minute."""
    now = timezone.now()
    if _touch_due(last_used_at, now):
        _token_query.touch(token_id, now)


def token_seen_at(last_used_at: Any) -> Any | None:
    """What `token_seen` would set last_used_at to now, or None while it is not due: for a
    hot path that writes it within a statement of its own (kesu.quiz.attempts.start_lane)."""
    now = timezone.now()
    return now if _touch_due(last_used_at, now) else None


def token_digest(plain: str) -> str | None:
    """The stored digest of a presented token; None when it cannot be one of ours."""
    if not plain or not plain.startswith(TOKEN_PREFIX):
        return None
    return _digest(plain)


def _touch_due(last_used_at: Any, now: Any) -> bool:
    return last_used_at is None or now - last_used_at > timedelta(minutes=1)
