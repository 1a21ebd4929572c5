"""Give freed heap back to the operating system after each citizen.

The soak (benchmarks/soak.md) showed the Python heap, the object counts and the widget count flat
over 2 000 sessions while RSS crept up: native memory (Qt, OpenCV, SQLite, the threads of the UI
pool each getting a glibc malloc arena) freed but kept by the allocator. ``malloc_trim(0)``
returns the free tops of every arena to the kernel; it is glibc's, so elsewhere this does nothing.
The unit file also caps the arenas (``MALLOC_ARENA_MAX=2``, deploy/systemd). Together they took
the soak slope from 7.9 to 5–6 MB per 1 000 sessions; the rest was a real leak that heaptrack found
(layout items never deleted, fixed in ``ui.widgets.clear_layout``)."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("kiosk.memory")

_libc: ctypes.CDLL | None = None
_looked = False


def _glibc() -> ctypes.CDLL | None:
    global _libc, _looked
    if not _looked:
        _looked = True
        name = ctypes.util.find_library("c")
        try:
            libc = ctypes.CDLL(name) if name else None
            _libc = libc if libc is not None and hasattr(libc, "malloc_trim") else None
        except OSError:
            _libc = None
    return _libc


def trim() -> bool:
    """Release free heap memory to the OS (glibc). True when something was returned."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.malloc_trim(0))
