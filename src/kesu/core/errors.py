"""The one error type services raise.

A service refuses with a ``ServiceError`` (or a subclass named after its domain). It carries
what every caller needs to show the refusal: a Chinese message, a machine code, the HTTP status
an API answer should have, and the field errors a form should show beside its inputs. The API's
exception handler and the web views' helper read these attributes; nothing else converts errors.
"""

from __future__ import annotations

from collections.abc import Mapping


class ServiceError(ValueError):
    """A refusal in Chinese, with ``code``, ``status`` and ``errors`` (field -> message)."""

    code = "validation_error"
    status = 400

    def __init__(
        self,
        message: str | Mapping[str, str] = "",
        *,
        errors: Mapping[str, str] | None = None,
        field: str | None = None,
        code: str | None = None,
        status: int | None = None,
    ) -> None:
        if isinstance(message, Mapping):  # the field-errors shape: ServiceError({"name": "…"})
            errors, message = message, ""
        fields = dict(errors or {})
        if field and not fields:
            fields[field] = str(message)
        message = str(message) or "；".join(str(v) for v in fields.values()) or "提交的数据有误"
        super().__init__(message)
        self.message = message
        self.errors: dict[str, str] = fields
        self.field = field or (next(iter(fields)) if len(fields) == 1 else None)
        if code:
            self.code = code
        if status:
            self.status = status

    def __str__(self) -> str:
        return self.message
