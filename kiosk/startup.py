"""What happens between `kiosk run` and the first citizen, in order (app/cli.py):

1. settings are loaded and checked (a bad value stops here);
2. :func:`single_instance` takes an exclusive lock in the data directory — a second kiosk process
   on the same data exits with a message and code 4 instead of sharing the outbox and devices;
3. ``KioskCore`` opens the encrypted store: leased outbox rows of a crashed run are released there
   (kiosk/store), and the catalog is loaded;
4. :func:`recover_before_citizens` runs every step in :data:`START_UP_RECOVERY` — **the place where
   further crash recovery is plugged in** (a ``(name, function)`` that needs no screen). The
   payment journal is recovered by ui/payment_recovery.py instead: it queries the terminal and
   the gateway (up to ~30 s) with the out-of-service screen up, then shows whoever paid a notice
   of what happened to the money — which needs the screen;
5. the shell shows the attract screen, ``READY=1`` goes to systemd, devices open in the
   background; a device listed in ``required_devices`` that is unusable puts the kiosk out of
   service until it recovers (ui/required_devices.py).
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core import KioskCore

log = logging.getLogger("kiosk.startup")

LOCK_NAME = "kiosk.lock"
ALREADY_RUNNING_EXIT = 4


class AlreadyRunning(RuntimeError):
    """Another kiosk process holds the data directory's lock. The message says which."""


def single_instance(data_dir: Path) -> IO[str]:
    """Take the kiosk's exclusive lock (``flock`` on ``data_dir/kiosk.lock``) and keep it for the
    life of the process: the returned file must stay open. The kernel drops the lock when the
    process dies, however it dies, so a crash never leaves a stale lock behind."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open on purpose
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise AlreadyRunning(f"another kiosk is already running on {data_dir} (pid {holder}); "
                             f"only one instance may run at a time") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


RecoveryStep = Callable[["KioskCore"], str]


def _outbox(core: KioskCore) -> str:
    # Done when the store opened (expired leases released); here it is only reported.
    if core.store is None:
        return "no local store (submitter given)"
    return f"outbox depth {core.store.outbox.depth()}, parked {core.store.outbox.parked_count()}"


# Crash recovery before the first citizen, in order. Each step gets the built core and returns a
# short line for the log; an exception stops the start (systemd restarts and the log says why).
# The payment journal's recovery goes here, after the outbox:
#     START_UP_RECOVERY.append(("payment journal", recover_payment_journal))
START_UP_RECOVERY: list[tuple[str, RecoveryStep]] = [
    ("outbox", _outbox),
]


def recover_before_citizens(core: KioskCore) -> None:
    for name, step in START_UP_RECOVERY:
        log.info("start-up recovery, %s: %s", name, step(core))
