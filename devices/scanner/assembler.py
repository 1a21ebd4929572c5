"""Turning scanner input into codes. Pure and bounded.

LineSplitter: serial bytes -> codes. A scanner sends each code it reads as one burst of bytes
ending with its suffix (CR, LF or CRLF), and nothing until the next read (a person moves the
phone: hundreds of milliseconds at least). So a code is the bytes of one burst:
- a burst that ends in silence (no byte for ``gap_s``) without a terminator is a code too: a
  scanner whose suffix was lost or not configured must not glue its code to the next one;
- a terminator followed at once by more bytes of the same burst was not the end of a read (a
  stray CR from line noise cut the code short): the whole burst is dropped and counted in
  ``broken``, never passed on as two pieces that may each look like a payment code.
Silence is seen by :meth:`LineSplitter.idle`, which the reader calls when a read returns
nothing; ``feed`` never splits by time, so a reader thread that was late (a loaded machine)
cannot cut a burst in two.

WedgeAssembler: a keyboard-wedge scanner types the code as fast key presses ending with Enter;
key presses slower than a person could not produce (gap > max_gap_s) start over, so a
citizen's typing is not taken for a scan."""

from __future__ import annotations

MAX_CODE_LEN = 512
ENTER_KEYS = {"\r", "\n", "Enter", "Return", "KP_Enter"}
BURST_GAP_S = 0.1  # 9600 baud is ~1 ms a byte, USB-CDC packets are ms apart; scans are ≥ 300 ms apart


class LineSplitter:
    def __init__(self, max_len: int = MAX_CODE_LEN, gap_s: float = BURST_GAP_S) -> None:
        self._max = max_len
        self.gap_s = gap_s
        self._buf = bytearray()  # the code being received
        self._done: list[bytes] = []  # codes of this burst already ended by a terminator
        self._broken = False  # this burst had bytes after a terminator
        self._skip_lf = False
        self._discarding = False  # a runaway line: drop bytes up to its terminator
        self._last_t: float | None = None  # when the last byte of this burst came
        self.overflows = 0
        self.broken = 0

    def feed(self, data: bytes, t: float) -> list[str]:
        """Bytes read at time t (seconds); codes are only handed out by :meth:`idle`."""
        for b in data:
            if b == 0x0A and self._skip_lf:  # the LF of a CRLF
                self._skip_lf = False
                continue
            self._skip_lf = b == 0x0D
            if b in (0x0D, 0x0A):
                if self._buf and not self._discarding:
                    self._done.append(bytes(self._buf))
                self._buf.clear()
                self._discarding = False
                continue
            if self._done:  # more of the burst after a terminator: that terminator was stray
                self._broken = True
            if self._discarding:
                continue
            if len(self._buf) < self._max:
                self._buf.append(b)
            else:  # no terminator in sight: drop the runaway line
                self.overflows += 1
                self._buf.clear()
                self._discarding = True
        if data:
            self._last_t = t
        return []

    def idle(self, t: float) -> list[str]:
        """Nothing came when read at time t: after ``gap_s`` of silence the burst is over."""
        if self._last_t is None or t - self._last_t < self.gap_s:
            return []
        codes = self._done + ([bytes(self._buf)] if self._buf and not self._discarding else [])
        broken = self._broken
        self._buf.clear()
        self._done = []
        self._broken = self._discarding = self._skip_lf = False
        self._last_t = None
        if broken:
            self.broken += 1
            return []
        return [c.decode("utf-8", errors="replace") for c in codes]


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
