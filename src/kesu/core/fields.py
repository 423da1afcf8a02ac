"""Field factories for the columns records of every app declare alike, and the abstract bases
that carry the bookkeeping columns (who created a record, when it was created and changed).

Each factory builds exactly the field a model would have spelled out, so migrations see no
change: only what differs from one model to the next (the Chinese label, the reverse name…)
is written at the call. `core` imports no app, hence the string reference to organisations.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def org_fk(
    verbose_name: Any, *, related_name: str = "+", **kwargs: Any
) -> models.ForeignKey[Any, Any]:
    """The organisation that owns the record; it cannot be deleted while the record exists."""
    kwargs.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        "orgs.Organization", verbose_name=verbose_name, related_name=related_name, **kwargs
    )


def user_fk(**kwargs: Any) -> models.ForeignKey[Any, Any]:
    """Who did something to the record (created, reviewed, sent…): kept as empty, with the
    record, when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


def parent_fk(
    to: Any, related_name: str, verbose_name: Any = None, **kwargs: Any
) -> models.ForeignKey[Any, Any]:
    """The record this row is part of (an activity's attachment, a plan's task): the row goes
    when its parent is deleted."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=models.CASCADE, related_name=related_name, **kwargs
    )


def optional_fk(
    to: Any, verbose_name: Any = None, *, related_name: str = "+", **kwargs: Any
) -> models.ForeignKey[Any, Any]:
    """A link the record may lack (empty in forms and in the database); by default it is
    emptied when the linked row is deleted, `on_delete=models.PROTECT` keeps the row instead."""
    kwargs.setdefault("on_delete", models.SET_NULL)
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, related_name=related_name, **kwargs
    )


def money(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any]:
    """An amount in yuan, to the fen (up to 9,999,999,999.99)."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


NOTES = _("备注")


def notes_field(verbose_name: Any = NOTES) -> models.TextField[Any, Any]:
    """Free text staff may add to a record (备注 unless named otherwise); may stay empty."""
    return models.TextField(verbose_name, blank=True)


class Timestamped(models.Model):
    """When the record was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Authored(models.Model):
    """A record written once: who created it and when."""

    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class AuthoredTimestamped(Timestamped):
    """A record users edit: who created it, when it was created and last changed."""

    created_by = user_fk()

    class Meta:
        abstract = True


class ProtectedPhone(models.Model):
    """A contact phone kept like a member's: AES-GCM ciphertext, a keyed hash for exact search
    and the masked form shown on pages (kesu.core.crypto)."""

    phone_enc = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=11, blank=True, editable=False)

    class Meta:
        abstract = True


class ProtectedIdNumber(models.Model):
    """An ID number kept like a member's: ciphertext, keyed hash (duplicate check, exact search)
    and mask."""

    id_number_enc = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, blank=True, editable=False)

    class Meta:
        abstract = True
