"""Log lines cannot be forged from outside: every argument of a server log call (a kiosk id from a
header, a help call's screen, a case number, …) has its control characters escaped before any
handler formats it, so a newline in a kiosk-supplied string cannot start a fake log line, and an
escape sequence cannot repaint a technician's terminal.

Escaped: C0/C1 controls (newline, carriage return, ESC, …), format characters (bidi overrides
such as U+202E, zero-width), and the Unicode line/paragraph separators — as \\n, \\r, \\t or
\\xNN / \\uNNNN. The format strings are the program's own and are left alone.
"""

from __future__ import annotations

import logging
import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp"})


def escape(text: str) -> str:
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == " " or unicodedata.category(ch) not in _UNSAFE:
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return "".join(out)


def _safe(arg: object) -> object:
    if isinstance(arg, (int, float)) or arg is None:
        return arg  # also bool; keeps %d and %.1f working
    text = arg if isinstance(arg, str) else str(arg)
    safe = escape(text)
    return arg if (safe == text and not isinstance(arg, str)) else safe


class EscapeControlChars(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_safe(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _safe(v) for k, v in record.args.items()}
        return True


_FILTER = EscapeControlChars()


def install(prefix: str = "server") -> None:
    """Put the filter on every ``server.*`` logger (they are created when the modules are
    imported, before create_app runs). A logger's filters apply to its own records whatever the
    handler, so the log file, the console and a test's caplog all see escaped values."""
    names = [prefix] + [
        name for name in logging.root.manager.loggerDict if name.startswith(prefix + ".")
    ]
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
