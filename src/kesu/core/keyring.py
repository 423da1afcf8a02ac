"""Key rotation for personal data at rest (`kesu keys rotate`).

Every encrypted field is found by convention, never listed by hand: a model field named
`<stem>_enc` holds ciphertext (kesu.core.crypto) and `<stem>_hash`, when present, its keyed
hash; the stem says what the value is (`…id_number` an ID number, `…phone` a phone). A model
that copies a hash from another row declares it in `hash_copies`
({"applicant_id_hash": "applicant__id_number_hash"}) so a rehash follows it.

Rotation is online: rows are re-encrypted batch by batch, each batch locked and written in
one transaction, while the old key still reads. A rehash (new KESU_DATA_HASH_KEY) changes
every lookup hash and must run with the web and worker stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import OuterRef, Subquery

from kesu.core import crypto

_PURPOSES = (("id_number", "id"), ("phone", "phone"))  # stem ending -> keyed_hash purpose
_SAMPLE = 20


class RotationError(RuntimeError):
    """The rotation cannot start safely (message in Chinese, for the operator)."""


@dataclass(frozen=True)
class Protected:
    """One encrypted field of one model, with its hash field ("" when it has none)."""

    model: type[models.Model]
    enc: str
    hash: str
    purpose: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.enc}"


@dataclass
class Counts:
    scanned: int = 0
    reencrypted: int = 0
    rehashed: int = 0
    mismatched: int = 0
    unreadable: int = 0


@dataclass
class RotationReport:
    key_id: str
    rehash: bool
    fields: dict[str, Counts] = field(default_factory=dict)
    copies: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(c.unreadable or c.mismatched for c in self.fields.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "key_id": self.key_id,
            "rehash": self.rehash,
            "copies": self.copies,
            "fields": {label: vars(c) for label, c in self.fields.items()},
        }

    def totals(self) -> dict[str, object]:
        """The figures summed over all fields (what the audit row keeps)."""
        sums = {
            name: sum(getattr(c, name) for c in self.fields.values()) for name in vars(Counts())
        }
        return {"key_id": self.key_id, "rehash": self.rehash, **sums}


def _purpose(model: type[models.Model], stem: str) -> str:
    for ending, purpose in _PURPOSES:
        if stem.endswith(ending):
            return purpose
    raise ImproperlyConfigured(f"{model._meta.label}.{stem}_enc: unknown kind of protected value")


def protected_fields() -> list[Protected]:
    """Every `*_enc` field of every installed model."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        for name in sorted(names):
            if name.endswith("_enc"):
                stem = name[: -len("_enc")]
                hash_name = f"{stem}_hash" if f"{stem}_hash" in names else ""
                found.append(Protected(model, name, hash_name, _purpose(model, stem)))
    return found


def hash_copies() -> list[tuple[type[models.Model], str, str]]:
    """(model, hash field, path to the hash it copies) for every declared copy."""
    return [
        (model, name, path)
        for model in apps.get_models()
        for name, path in getattr(model, "hash_copies", {}).items()
    ]


def check_hash_key(fields: list[Protected]) -> None:
    """Refuse to start when the stored hashes were not made with KESU_DATA_HASH_KEY: a
    rotation would keep them, and every lookup by ID number or phone would already miss."""
    for p in fields:
        if not p.hash:
            continue
        rows = p.model._default_manager.exclude(**{p.enc: ""}).values_list(p.enc, p.hash)
        for token, stored in rows[:_SAMPLE]:
            try:
                plain = crypto.decrypt(token)
            except ValueError as exc:
                raise RotationError(f"{p.label}：{exc}") from None
            if crypto.keyed_hash(plain, purpose=p.purpose) != stored:
                raise RotationError(
                    f"{p.label}：已存的查找哈希不是用当前 KESU_DATA_HASH_KEY 计算的。请把它设为"
                    "轮换前使用的密钥；若要更换哈希密钥，请停止服务后使用 --rehash。"
                )


def _rotate_row(
    p: Protected, row: models.Model, counts: Counts, *, current: str, rehash: bool
) -> set[str]:
    """Bring one row up to date in memory; returns the fields it changed."""
    token = getattr(row, p.enc)
    stale = crypto.key_id_of(token) != current
    if not (stale or p.hash):
        return set()
    try:
        plain = crypto.decrypt(token)
    except ValueError:  # UnknownKeyError, or a damaged value
        counts.unreadable += 1
        return set()
    changed = set()
    if stale:
        setattr(row, p.enc, crypto.encrypt(plain))
        counts.reencrypted += 1
        changed.add(p.enc)
    if p.hash and crypto.keyed_hash(plain, purpose=p.purpose) != getattr(row, p.hash):
        if rehash:
            setattr(row, p.hash, crypto.keyed_hash(plain, purpose=p.purpose))
            counts.rehashed += 1
            changed.add(p.hash)
        else:
            counts.mismatched += 1
    return changed


def _rotate_field(p: Protected, counts: Counts, *, rehash: bool, batch_size: int) -> None:
    """Batch by batch in primary-key order, each batch locked and written in one transaction
    (a concurrent edit waits, then lands on top: it encrypts under the current key too)."""
    manager, current, last = p.model._default_manager, crypto.current_key_id(), 0
    columns = ["pk", p.enc, *([p.hash] if p.hash else [])]
    while True:
        with transaction.atomic():
            rows = list(
                manager.select_for_update()
                .filter(pk__gt=last)
                .exclude(**{p.enc: ""})
                .order_by("pk")
                .only(*columns)[:batch_size]
            )
            changed, written = [], set()
            for row in rows:
                counts.scanned += 1
                fields = _rotate_row(p, row, counts, current=current, rehash=rehash)
                if fields:
                    changed.append(row)
                    written |= fields
            if changed:
                manager.bulk_update(changed, sorted(written))
        if len(rows) < batch_size:
            return
        last = rows[-1].pk


def _copy_hashes(report: RotationReport) -> None:
    for model, name, path in hash_copies():
        relation, _sep, source = path.partition("__")
        target = model._meta.get_field(relation).related_model
        value = Subquery(target._default_manager.filter(pk=OuterRef(relation)).values(source)[:1])
        with transaction.atomic():
            report.copies[f"{model._meta.label}.{name}"] = model._default_manager.exclude(
                **{name: value}
            ).update(**{name: value})


def rotate(*, rehash: bool = False, batch_size: int = 500) -> RotationReport:
    """Re-encrypt every ciphertext not made with the current key (idempotent: a second run
    changes nothing) and check every hash; with `rehash`, rewrite the hashes that differ."""
    fields = protected_fields()
    if not rehash:
        check_hash_key(fields)
    report = RotationReport(key_id=crypto.current_key_id(), rehash=rehash)
    for p in fields:
        counts = report.fields.setdefault(p.label, Counts())
        _rotate_field(p, counts, rehash=rehash, batch_size=batch_size)
    if rehash:
        _copy_hashes(report)
    return report
