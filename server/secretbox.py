"""Kiosk secrets at rest: sealed with AES-256-GCM under a server key that lives in a file outside
the database, so a database dump (pg_dump, a copy of the SQLite file, a backup) alone does not let
anyone sign as a kiosk.

Stored form: ``v1:`` + base64url(12-byte nonce + ciphertext + 16-byte tag), 83 characters. The
kiosk id is the associated data, so a sealed secret copied onto another kiosk's row does not open.
The key file holds 64 hex characters, mode 0600. Where it lives: ``--key-file`` /
``KIOSK_SERVER_KEY_FILE``; for an SQLite file database the default is ``<database file>.key``
beside it; PostgreSQL needs it set explicitly (see :func:`key_path`).
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import make_url

log = logging.getLogger("server.secretbox")

PREFIX = "v1:"
SEALED_LENGTH = len(PREFIX) + len(base64.urlsafe_b64encode(bytes(12 + 32 + 16)).rstrip(b"="))


class ServerKeyError(RuntimeError):
    """The server key is missing, unreadable or does not open the stored secrets: the server must
    not start (it could not authenticate a single kiosk)."""


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ServerKeyError("the server key must be 32 bytes")
        self._aead = AESGCM(key)

    @staticmethod
    def _aad(kiosk_id: str) -> bytes:
        return b"kiosk-secret:" + kiosk_id.encode()

    def seal(self, kiosk_id: str, secret_hex: str) -> str:
        nonce = os.urandom(12)
        ct = self._aead.encrypt(nonce, bytes.fromhex(secret_hex), self._aad(kiosk_id))
        return PREFIX + base64.urlsafe_b64encode(nonce + ct).rstrip(b"=").decode()

    def open(self, kiosk_id: str, stored: str) -> str:
        """The kiosk's hex secret. Raises ServerKeyError if the value was not sealed with this key
        for this kiosk (a plaintext value is refused too: start-up seals every one)."""
        if not is_sealed(stored):
            raise ServerKeyError("kiosk secret is not sealed")
        raw = stored[len(PREFIX) :]
        try:
            blob = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
            return self._aead.decrypt(blob[:12], blob[12:], self._aad(kiosk_id)).hex()
        except (InvalidTag, ValueError) as exc:
            raise ServerKeyError("kiosk secret does not open with this server key") from exc


def key_path(db_url: str, key_file: str) -> Path | None:
    """Where the server key is: ``key_file`` when set; beside an SQLite database file otherwise;
    None for an in-memory SQLite database (the key then lives only as long as the database)."""
    if key_file:
        return Path(key_file)
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return Path(url.database + ".key")
    raise ServerKeyError(
        "kiosk secrets are encrypted with a server key kept outside the database: "
        "set --key-file or KIOSK_SERVER_KEY_FILE (a file with 64 hex characters, mode 0600; "
        "it is created when missing)"
    )


def read_key(path: Path) -> bytes | None:
    """The key in ``path``, or None when there is no such file."""
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ServerKeyError(f"server key file {path} cannot be read: {exc.strerror}") from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ServerKeyError(f"server key file {path} must hold 64 hex characters")
    return key


def create_key(path: Path) -> bytes:
    """Write a new random key with mode 0600. Written to a temporary name and linked into place,
    so a concurrent worker either creates it or reads the complete file another one made."""
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(key.hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            existing = read_key(path)
            assert existing is not None
            return existing
    finally:
        tmp.unlink(missing_ok=True)
    log.warning("new server key written to %s: back it up apart from the database", path)
    return key
