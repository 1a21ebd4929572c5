"""Field encryption with AES-256-GCM.

Every value gets a fresh random 96-bit nonce (stored in front of the ciphertext). The associated
data is ``record id + NUL + field name``: a ciphertext copied into another record or another
column fails authentication instead of decrypting to someone else's data.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
VERSION = b"\x01"  # format byte, so a later SM4 or key-rotation scheme can be told apart


class DecryptError(ValueError):
    """A ciphertext does not authenticate (wrong key, wrong record/field, or tampered)."""


def _aad(record_id: str, field: str) -> bytes:
    return record_id.encode("utf-8") + b"\x00" + field.encode("utf-8")


class FieldCipher:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(key)

    def encrypt(self, record_id: str, field: str, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext, _aad(record_id, field))

    def decrypt(self, record_id: str, field: str, blob: bytes) -> bytes:
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
            raise DecryptError("not a field ciphertext")
        nonce, body = blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, body, _aad(record_id, field))
        except InvalidTag:
            raise DecryptError("ciphertext does not belong to this record/field or the key is wrong") from None
