"""Who acts: the type of the `actor` (or `user`) every service and selector takes.

A logged-in person (kesu.accounts.models.User) or the platform operator at the command line
(kesu.accounts.services.Operator). Services read what the access layer and the audit log
need; nothing here imports them, so the ground floor names the shape without the apps.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def org_id(self) -> Any: ...

    @property
    def org(self) -> Any: ...

    @property
    def member_id(self) -> Any: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...
