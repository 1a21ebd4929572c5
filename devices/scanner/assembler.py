"""Turning scanner input into codes. Pure and bounded.

LineSplitter: serial bytes -> lines on CR, LF or CRLF. WedgeAssembler: a keyboard-wedge scanner
types the code as fast key presses ending with Enter; key presses slower than a person could
not produce (gap > max_gap_s) start over, so a citizen's typing is not taken for a scan."""

from __future__ import annotations

MAX_CODE_LEN = 512
ENTER_KEYS = {"\r", "\n", "Enter", "Return", "KP_Enter"}


class LineSplitter:
    def __init__(self, max_len: int = MAX_CODE_LEN) -> None:
        self._buf = bytearray()
        self._max = max_len
        self._skip_lf = False
        self._discarding = False  # a runaway line: drop bytes up to its terminator
        self.overflows = 0

    def feed(self, data: bytes) -> list[str]:
        lines: list[str] = []
        for b in data:
            if b == 0x0A and self._skip_lf:  # the LF of a CRLF
                self._skip_lf = False
                continue
            self._skip_lf = b == 0x0D
            if b in (0x0D, 0x0A):
                if self._buf and not self._discarding:
                    lines.append(self._buf.decode("utf-8", errors="replace"))
                self._buf.clear()
                self._discarding = False
            elif self._discarding:
                continue
            elif len(self._buf) < self._max:
                self._buf.append(b)
            else:  # no terminator in sight: drop the runaway line
                self.overflows += 1
                self._buf.clear()
                self._discarding = True
        return lines


class WedgeAssembler:
    def __init__(self, max_gap_s: float = 0.05, min_len: int = 4, max_len: int = MAX_CODE_LEN) -> None:
        self.max_gap_s = max_gap_s
        self.min_len = min_len
        self.max_len = max_len
        self._chars: list[str] = []
        self._last_t: float | None = None

    def feed(self, key: str, t: float) -> str | None:
        """One key event (a character or a key name) at time t (seconds); the code on Enter."""
        if self._last_t is not None and (t - self._last_t > self.max_gap_s or t < self._last_t):
            self._chars = []
        self._last_t = t
        if key in ENTER_KEYS:
            code = "".join(self._chars)
            self._chars = []
            return code if len(code) >= self.min_len else None
        if len(key) == 1 and key.isprintable():
            if len(self._chars) >= self.max_len:
                self._chars = []
            self._chars.append(key)
        return None
