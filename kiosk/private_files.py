"""Files the kiosk writes are readable by its own user only (issue #14, item 13).

The umask is set once, first thing in every kiosk entry point (``kiosk`` and ``python -m
kiosk.sync``), so every file and folder created afterwards — the database and its -wal/-shm, the
log, the lock, downloads, bundles — is 0600/0700 whatever umask the service manager or shell
handed us. :func:`restrict` tightens what an older version already left 0644/0755.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger("kiosk.private_files")

PRIVATE_UMASK = 0o077


def set_private_umask() -> int:
    """Make every file created from now on private; returns the previous umask."""
    return os.umask(PRIVATE_UMASK)


def restrict(*paths: Path) -> None:
    """Drop group/other permission bits of existing ``paths`` (missing ones are skipped)."""
    for path in paths:
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077 and not path.is_symlink():
            try:
                os.chmod(path, mode & 0o700)
            except PermissionError:  # not ours (e.g. a folder made by root): say so, do not stop the kiosk
                log.warning("%s is %o and not ours to tighten: make it 0700/0600", path, mode)
                continue
            log.info("tightened %s from %o to %o", path.name, mode, mode & 0o700)
