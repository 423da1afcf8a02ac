"""Protection of personal data at rest: AES-GCM encryption plus keyed hashes for lookup.

Ciphertexts name the key that made them (`<key id>.<base64>`), so the encryption key can be
rotated while the old one still reads (KESU_DATA_KEYS_OLD; `kesu keys rotate` re-encrypts).
Ciphertexts written before key ids existed have no prefix: every known key is tried.

The keyed hash (a blind index for uniqueness and exact lookup) has its own secret,
KESU_DATA_HASH_KEY, which defaults to KESU_DATA_KEY: lookups must find every row with
one hash, so that key changes only offline (`kesu keys rotate --rehash`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12
_SEPARATOR = "."  # never in urlsafe base64, so a prefix-less (older) ciphertext is told apart


@lru_cache(maxsize=8)
def _aead(secret: str) -> tuple[str, AESGCM]:
    """(key id, cipher) of one secret. The id is a digest, never the key itself."""
    enc_key = hashlib.sha256(b"kesu-enc\x00" + secret.encode()).digest()
    key_id = hashlib.sha256(b"kesu-kid\x00" + secret.encode()).hexdigest()[:8]
    return key_id, AESGCM(enc_key)


@lru_cache(maxsize=4)
def _mac_key(secret: str) -> bytes:
    return hashlib.sha256(b"kesu-mac\x00" + secret.encode()).digest()


def current_key_id() -> str:
    return _aead(settings.DATA_KEY)[0]


def _readers() -> dict[str, AESGCM]:
    """Every key that may read, by id: the current one first, then the old ones."""
    out: dict[str, AESGCM] = {}
    for secret in (settings.DATA_KEY, *settings.DATA_KEYS_OLD):
        key_id, aead = _aead(secret)
        out.setdefault(key_id, aead)
    return out


class _NoncePool(threading.local):
    """Random 96-bit GCM nonces read from the OS in blocks (one system call per 1,024 values
    instead of one per value: large imports encrypt two fields a row). Each thread has its
    own block, and a forked child (import workers) discards the block it inherited, so no
    nonce is ever handed out twice."""

    def __init__(self) -> None:
        self.block, self.pos, self.pid = b"", 0, 0

    def take(self) -> bytes:
        if self.pos >= len(self.block) or self.pid != os.getpid():
            self.block, self.pos, self.pid = os.urandom(_NONCE_BYTES * 1024), 0, os.getpid()
        nonce = self.block[self.pos : self.pos + _NONCE_BYTES]
        self.pos += _NONCE_BYTES
        return nonce


_nonces = _NoncePool()


def encrypt(plain: str) -> str:
    """Encrypt a short string under the current key: `<key id>.<urlsafe base64 of nonce +
    ciphertext>`."""
    if not plain:
        return ""
    key_id, aead = _aead(settings.DATA_KEY)
    nonce = _nonces.take()
    token = nonce + aead.encrypt(nonce, plain.encode(), None)
    return key_id + _SEPARATOR + base64.urlsafe_b64encode(token).decode()


class UnknownKeyError(ValueError):
    """No configured key reads this ciphertext (its key is neither current nor old)."""

    def __init__(self, key_id: str) -> None:
        name = key_id or "（无标识）"
        super().__init__(f"无法解密：密钥 {name} 不在 KESU_DATA_KEY/KESU_DATA_KEYS_OLD 中")
        self.key_id = key_id


def key_id_of(token: str) -> str:
    """The key id a ciphertext names ("" for one written before key ids existed)."""
    head, sep, _rest = token.partition(_SEPARATOR)
    return head if sep else ""


def decrypt(token: str) -> str:
    """The plain text of a ciphertext made under the current key or any old one."""
    if not token:
        return ""
    key_id, sep, body = token.partition(_SEPARATOR)
    if not sep:  # written before key ids: try every key (the GCM tag tells the right one)
        key_id, body = "", token
    raw = base64.urlsafe_b64decode(body.encode())
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    readers = _readers()
    candidates = [readers[key_id]] if key_id in readers else [] if key_id else readers.values()
    for aead in candidates:
        try:
            return aead.decrypt(nonce, sealed, None).decode()
        except InvalidTag:
            continue
    raise UnknownKeyError(key_id)


def keyed_hash(value: str, *, purpose: str) -> str:
    """Deterministic keyed hash of a normalised value, for uniqueness and exact lookup.

    Keyed BLAKE2b is a MAC by design (no HMAC construction needed) and, built into Python,
    about three times faster than HMAC-SHA256 here: it runs twice per imported row."""
    if not value:
        return ""
    mac_key = _mac_key(settings.DATA_HASH_KEY)
    return hashlib.blake2b(f"{purpose}:{value}".encode(), key=mac_key, digest_size=32).hexdigest()
