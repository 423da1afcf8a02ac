"""Protection of personal data at rest: AES-GCM encryption plus keyed hashes for lookup.

Two independent keys are derived from KESU_DATA_KEY so that the lookup hash never
reveals anything about the encryption key and vice versa.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[AESGCM, bytes]:
    enc_key = hashlib.sha256(b"kesu-enc\x00" + secret.encode()).digest()
    mac_key = hashlib.sha256(b"kesu-mac\x00" + secret.encode()).digest()
    return AESGCM(enc_key), mac_key


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
    """Encrypt a short string; returns urlsafe base64 text (nonce + ciphertext)."""
    if not plain:
        return ""
    aead, _ = _keys(settings.DATA_KEY)
    nonce = _nonces.take()
    token = nonce + aead.encrypt(nonce, plain.encode(), None)
    return base64.urlsafe_b64encode(token).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    aead, _ = _keys(settings.DATA_KEY)
    raw = base64.urlsafe_b64decode(token.encode())
    return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None).decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """Deterministic keyed hash of a normalised value, for uniqueness and exact lookup.

    Keyed BLAKE2b is a MAC by design (no HMAC construction needed) and, built into Python,
    about three times faster than HMAC-SHA256 here: it runs twice per imported row."""
    if not value:
        return ""
    _, mac_key = _keys(settings.DATA_KEY)
    return hashlib.blake2b(f"{purpose}:{value}".encode(), key=mac_key, digest_size=32).hexdigest()
