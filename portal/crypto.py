"""Authenticated encryption of sensitive fields (SSN, Medicare and bank numbers) and their blind indexes.

AES-256-GCM (ASVS 5.0 Appendix C: approved) under a keyring of its own, never derived from SECRET_KEY
(SECURITY.md CR-1..CR-4). Ciphertext format: ``v1:<kid>:<base64(nonce | ciphertext | tag)>``; the associated
data names the field, so a value copied into another column does not decrypt. The first key of the ring
encrypts; every key decrypts, so keys rotate by adding a new primary and re-encrypting (``rotate_field_keys``).
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The value was tampered with, or its key is no longer in the ring."""


def _decode_key(kid, encoded):
    key = base64.b64decode(encoded)
    if len(key) != 32:
        raise ValueError(f"Field encryption key {kid!r} must be 32 bytes (AES-256), base64-encoded.")
    return key


@lru_cache(maxsize=8)
def _keyring(spec):
    if not spec:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is not set.")
    ring = {}
    for entry in spec.split(","):
        kid, _, encoded = entry.strip().partition(":")
        if not kid or not encoded:
            raise ValueError("FIELD_ENCRYPTION_KEYS must look like 'kid:base64key,kid:base64key'.")
        ring[kid] = _decode_key(kid, encoded)
    return ring


def keyring():
    """{kid: key}, the primary first."""
    return _keyring(settings.FIELD_ENCRYPTION_KEYS)


def primary_kid():
    return next(iter(keyring()))


def encrypt(plaintext, *, context):
    kid = primary_kid()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring()[kid]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{VERSION}:{kid}:{base64.b64encode(nonce + sealed).decode()}"


def key_id(token):
    """The kid a stored value was encrypted under."""
    return token.split(":", 2)[1]


def decrypt(token, *, context):
    try:
        version, kid, payload = token.split(":", 2)
        if version != VERSION:
            raise DecryptionError(f"Unknown ciphertext version {version!r}.")
        raw = base64.b64decode(payload)
        key = keyring()[kid]
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except DecryptionError:
        raise
    except Exception as exc:  # InvalidTag, KeyError (kid retired), malformed base64: all mean "cannot trust it"
        raise DecryptionError("A protected value could not be decrypted.") from exc


def blind_index(value, *, purpose):
    """A keyed hash for exact-match lookups and uniqueness, never reversible and never a LIKE target."""
    if not settings.BLIND_INDEX_KEY:
        raise ImproperlyConfigured("BLIND_INDEX_KEY is not set.")
    key = base64.b64decode(settings.BLIND_INDEX_KEY)
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def generate_key():
    return base64.b64encode(os.urandom(32)).decode()
