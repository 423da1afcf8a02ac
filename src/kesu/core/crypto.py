"""Protection of personal data at rest: AES-GCM encryption plus keyed hashes for lookup.

Two independent keys are derived from KESU_DATA_KEY so that the lookup hash never
reveals anything about the encryption key and vice versa.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_NONCE_BYTES = 12


@lru_cache(maxsize=4)
def _keys(secret: str) -> tuple[AESGCM, bytes]:
    enc_key = hashlib.sha256(b"kesu-enc\x00" + secret.encode()).digest()
    mac_key = hashlib.sha256(b"kesu-mac\x00" + secret.encode()).digest()
    return AESGCM(enc_key), mac_key


def encrypt(plain: str) -> str:
    """Encrypt a short string; returns urlsafe base64 text (nonce + ciphertext)."""
    if not plain:
        return ""
    aead, _ = _keys(settings.DATA_KEY)
    nonce = os.urandom(_NONCE_BYTES)
    token = nonce + aead.encrypt(nonce, plain.encode(), None)
    return base64.urlsafe_b64encode(token).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    aead, _ = _keys(settings.DATA_KEY)
    raw = base64.urlsafe_b64decode(token.encode())
    return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None).decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """Deterministic HMAC-SHA256 of a normalised value, for uniqueness and exact lookup."""
    if not value:
        return ""
    _, mac_key = _keys(settings.DATA_KEY)
    # hmac.digest is the one-shot C path: same value as hmac.new(...).hexdigest(), faster.
    return hmac.digest(mac_key, f"{purpose}:{value}".encode(), "sha256").hex()
