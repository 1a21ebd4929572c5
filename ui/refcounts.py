"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

Measured here (benchmarks/soak.py, tests/ui/test_refcounts.py): every call of a wrapped method
that returns nothing (setText, setVisible, show, setEnabled, setAccessibleName …) drops one
reference to None, and every ``clicked`` emission drops one to True. On Python 3.12 and later
None, True and False are immortal and this costs nothing (the bindings appear to rely on it); on
3.11 the count runs down with every screen drawn and every tap, and the process aborts with
"Fatal Python error: none_dealloc / bool_dealloc: … refcount error in a C extension" — the soak
test's kiosk did after about 850 citizens, and a kiosk in a hall would after a day or two.

Until the kiosk runs on Python ≥ 3.12, :func:`guard_singletons` gives these objects a head start
of 2**40 references, which no process lives long enough to use up (a million lost references a
day would take three thousand years)."""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger("ui.refcounts")

HEADROOM = 1 << 40
SINGLETONS = (None, True, False)


def needs_guard() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def guard_singletons() -> bool:
    """Raise the reference counts of None, True and False once per process; True if it did."""
    if not needs_guard():
        return False
    done = False
    for obj in SINGLETONS:
        if sys.getrefcount(obj) < HEADROOM // 2:
            # ob_refcnt is the first field of every object in CPython's (non-debug) layout.
            ctypes.c_ssize_t.from_address(id(obj)).value += HEADROOM
            done = True
    if done:
        log.info("reference-count guard for None/True/False in place (PySide6 on Python %d.%d)",
                 *sys.version_info[:2])
    return done
