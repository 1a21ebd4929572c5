"""The data key: 32 bytes for AES-256-GCM, kept outside the data directory.

Where it comes from, first match wins:

1. ``$CREDENTIALS_DIRECTORY/kiosk-data-key`` — a systemd credential (``LoadCredentialEncrypted=``
   can seal it to the TPM), 32 raw bytes or 64 hex characters;
2. the environment variable ``KIOSK_DATA_KEY`` (64 hex characters);
3. the key file, created on first run with mode 0600 in a 0700 directory.

A key file inside the data directory, or readable by group/others, is refused: a copied data
folder alone must never be enough to read the personal fields.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

log = logging.getLogger("kiosk.store.keys")

KEY_BYTES = 32
ENV_VAR = "KIOSK_DATA_KEY"
CREDENTIAL_NAME = "kiosk-data-key"


class DataKeyError(RuntimeError):
    """The key cannot be loaded or is unsafe. The message says what to fix (never the key)."""




def _parse(raw: bytes, source: str) -> bytes:
    text = raw.strip()
    if len(raw) == KEY_BYTES and len(text) != 2 * KEY_BYTES:
        return raw
    try:
        key = bytes.fromhex(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise DataKeyError(f"{source}: not a key (expected {KEY_BYTES} bytes as 64 hex characters)") from None
    if len(key) != KEY_BYTES:
        raise DataKeyError(f"{source}: key has {len(key)} bytes, expected {KEY_BYTES}")
    return key


def _check_permissions(path: Path) -> None:
    st = path.stat()
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise DataKeyError(
            f"{path}: key file is accessible to group/others (mode {stat.S_IMODE(st.st_mode):o}); "
            f"run: chmod 600 {path}")
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise DataKeyError(f"{path}: key file belongs to another user (uid {st.st_uid})")


def _inside(path: Path, directory: Path) -> bool:
    p, d = path.expanduser().resolve(), directory.expanduser().resolve()
    return p == d or d in p.parents


def load_or_create_key(key_file: Path, data_dir: Path | None = None) -> bytes:
    """Return the 32-byte data key (see the module docstring for the sources)."""
    cred_dir = os.environ.get("CREDENTIALS_DIRECTORY")
    if cred_dir:
        cred = Path(cred_dir) / CREDENTIAL_NAME
        if cred.exists():
            log.info("data key from the systemd credential")
            return _parse(cred.read_bytes(), f"systemd credential {CREDENTIAL_NAME}")
    env = os.environ.get(ENV_VAR)
    if env:
        log.info("data key from the environment")
        return _parse(env.encode("ascii", "replace"), ENV_VAR)

    key_file = Path(key_file).expanduser()
    if data_dir is not None and _inside(key_file, data_dir):
        raise DataKeyError(f"{key_file}: the key file must not be inside the data directory {data_dir}")
    if key_file.exists():
        _check_permissions(key_file)
        return _parse(key_file.read_bytes(), str(key_file))

    key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(key_file.parent, 0o700)
    key = secrets.token_bytes(KEY_BYTES)
    # Written to a temporary name, then hard-linked into place: link() fails if another process
    # created the key meanwhile, and nobody ever reads a half-written key file.
    tmp = key_file.with_name(f".{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, key_file)
    except FileExistsError:
        _check_permissions(key_file)
        return _parse(key_file.read_bytes(), str(key_file))
    finally:
        tmp.unlink()
    dir_fd = os.open(key_file.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the new directory entry must survive a power cut, or the data is lost with it
    finally:
        os.close(dir_fd)
    log.warning("created a new data key at %s", key_file)
    return key
