"""An ESC/POS interpreter for the subset the kiosk emits (plus enough of the rest to skip it
safely): what a thermal printer would put on paper, as a list of operations. Incremental, so
the simulator can feed it bytes as they arrive; never raises on any input."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

ESC, GS, FS, DLE, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x0A


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool
    ascii_size: tuple[int, int]  # width, height multipliers for half-width characters
    cjk_size: tuple[int, int]  # for full-width characters (FS !)


@dataclass(frozen=True)
class LineOp:
    runs: tuple[Run, ...]
    align: int  # 0 left, 1 centre, 2 right

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def height(self) -> int:
        return max([1] + [max(r.ascii_size[1], r.cjk_size[1]) for r in self.runs if r.text])


@dataclass(frozen=True)
class QrOp:
    data: bytes
    module: int
    ec: int  # 48 L, 49 M, 50 Q, 51 H
    align: int


@dataclass(frozen=True)
class BarcodeOp:
    system: int
    data: bytes
    height: int
    module: int
    hri: int  # 0 none, 1 above, 2 below, 3 both
    align: int


@dataclass(frozen=True)
class RasterOp:
    width_bytes: int
    height: int
    data: bytes
    align: int


@dataclass(frozen=True)
class FeedOp:
    dots: int


@dataclass(frozen=True)
class CutOp:
    partial: bool


@dataclass(frozen=True)
class StatusQuery:
    """A command the printer answers: DLE EOT n (one status byte) or GS I n (printer ID:
    n = 65 firmware version, 66 maker, 67 model, answered as "_" + text + NUL)."""

    n: int
    command: str = "DLE EOT"


Op = LineOp | QrOp | BarcodeOp | RasterOp | FeedOp | CutOp
LINE_DOTS = 24


def _size_from_esc_bang(n: int) -> tuple[int, int]:
    return (2 if n & 0x20 else 1, 2 if n & 0x10 else 1)


@dataclass
class _Style:
    align: int = 0
    bold: bool = False
    esc_mode: int = 0
    gs_size: int = 0
    fs_mode: int = 0
    chinese: bool = True  # many Chinese printers power on in Chinese mode
    bar_height: int = 162
    bar_module: int = 3
    bar_hri: int = 0
    qr_module: int = 3
    qr_ec: int = 48

    def ascii_size(self) -> tuple[int, int]:
        if self.gs_size:
            return ((self.gs_size >> 4) % 8 + 1, (self.gs_size & 0x0F) % 8 + 1)
        return _size_from_esc_bang(self.esc_mode)

    def cjk_size(self) -> tuple[int, int]:
        w = 2 if self.fs_mode & 0x04 else 1
        h = 2 if self.fs_mode & 0x08 else 1
        if self.gs_size:
            gw, gh = self.ascii_size()
            w, h = max(w, gw), max(h, gh)
        return (w, h)


@dataclass
class EscPosInterpreter:
    ops: list[Op] = field(default_factory=list)
    unknown: int = 0  # commands skipped without understanding them
    _buf: bytearray = field(default_factory=bytearray)
    _style: _Style = field(default_factory=_Style)
    _runs: list[Run] = field(default_factory=list)
    _qr_data: bytes = b""

    def __post_init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("gb18030")(errors="replace")

    def feed(self, data: bytes) -> list[StatusQuery]:
        """Consume bytes; return the real-time status queries found (the caller answers them)."""
        self._buf += data
        queries: list[StatusQuery] = []
        while self._buf:
            used = self._step(queries)
            if used == 0:
                break  # incomplete command: wait for more bytes
            del self._buf[:used]
        return queries

    # -- helpers -------------------------------------------------------------------------------
    def _text(self, raw: bytes) -> None:
        text = self._decoder.decode(raw) if self._style.chinese else raw.decode("cp437", errors="replace")
        if not text:
            return
        st = self._style
        run = Run(text, st.bold or bool(st.esc_mode & 0x08), st.ascii_size(), st.cjk_size())
        if self._runs and (self._runs[-1].bold, self._runs[-1].ascii_size, self._runs[-1].cjk_size) == (
                run.bold, run.ascii_size, run.cjk_size):
            self._runs[-1] = Run(self._runs[-1].text + text, run.bold, run.ascii_size, run.cjk_size)
        else:
            self._runs.append(run)

    def _end_line(self) -> None:
        self._flush_decoder()
        self.ops.append(LineOp(tuple(self._runs), self._style.align))
        self._runs = []

    def _flush_decoder(self) -> None:
        tail = self._decoder.decode(b"", final=True)
        self._decoder.reset()
        if tail:
            self._runs.append(Run(tail, self._style.bold, self._style.ascii_size(), self._style.cjk_size()))

    def _flush_pending_line(self) -> None:
        if self._runs:
            self._end_line()

    # -- one command ---------------------------------------------------------------------------
    def _step(self, queries: list[StatusQuery]) -> int:
        b = self._buf
        c = b[0]
        if c >= 0x20:
            end = 1
            while end < len(b) and b[end] >= 0x20:
                end += 1
            self._text(bytes(b[:end]))
            return end
        if c == LF:
            self._end_line()
            return 1
        if c == 0x09:
            self._text(b"    ")
            return 1
        if c == ESC:
            return self._esc()
        if c == GS:
            if len(b) >= 2 and b[1] == ord("I"):
                if len(b) < 3:
                    return 0
                queries.append(StatusQuery(b[2], "GS I"))
                return 3
            return self._gs()
        if c == FS:
            return self._fs()
        if c == DLE:
            if len(b) < 3:
                return 0
            if b[1] == 0x04:
                queries.append(StatusQuery(b[2]))
                return 3
            if b[1] == 0x14:
                return 5 if len(b) >= 5 else 0
            self.unknown += 1
            return 1
        return 1  # CR, NUL and other controls: ignored

    def _need(self, n: int) -> bool:
        return len(self._buf) >= n

    def _esc(self) -> int:
        b, st = self._buf, self._style
        if not self._need(2):
            return 0
        cmd = b[1]
        one_arg = {ord(c) for c in "aE!tGM-{d3JVR U"}
        if cmd == ord("@"):
            self._flush_pending_line()
            chinese = st.chinese
            self._style = _Style(chinese=chinese)
            return 2
        if cmd == ord("2"):
            return 2
        if cmd in one_arg:
            if not self._need(3):
                return 0
            n = b[2]
            if cmd == ord("a"):
                st.align = n % 48 if n >= 48 else n
                st.align = st.align if st.align in (0, 1, 2) else 0
            elif cmd == ord("E"):
                st.bold = bool(n & 1)
            elif cmd == ord("!"):
                st.esc_mode, st.gs_size = n, 0
            elif cmd == ord("d"):
                self._flush_pending_line()
                self.ops.append(FeedOp(n * LINE_DOTS))
            elif cmd == ord("J"):
                self._flush_pending_line()
                self.ops.append(FeedOp(n))
            return 3
        if cmd == ord("p"):
            return 5 if self._need(5) else 0
        if cmd == ord("$"):
            return 4 if self._need(4) else 0
        if cmd == ord("c"):
            return 4 if self._need(4) else 0
        if cmd == ord("*"):
            if not self._need(5):
                return 0
            m, n = b[2], b[3] | (b[4] << 8)
            total = 5 + n * (3 if m in (32, 33) else 1)
            return total if self._need(total) else 0
        if cmd == ord("D"):
            end = b.find(0, 2)
            return end + 1 if end >= 0 else (0 if len(b) < 40 else 2)
        self.unknown += 1
        return 2

    def _gs(self) -> int:
        b, st = self._buf, self._style
        if not self._need(2):
            return 0
        cmd = b[1]
        if cmd in b"!hwHfBbar":
            if not self._need(3):
                return 0
            n = b[2]
            if cmd == ord("!"):
                st.gs_size = n & 0x77
            elif cmd == ord("h"):
                st.bar_height = n
            elif cmd == ord("w"):
                st.bar_module = n
            elif cmd == ord("H"):
                st.bar_hri = n % 48 if n >= 48 else n
            return 3
        if cmd in b"LWP$\\":
            return 4 if self._need(4) else 0
        if cmd == ord("V"):
            if not self._need(3):
                return 0
            m = b[2]
            size = 4 if m in (65, 66, 97, 98, 103, 104) else 3
            if not self._need(size):
                return 0
            self._flush_pending_line()
            self.ops.append(CutOp(partial=m in (1, 49, 66, 98, 104)))
            return size
        if cmd == ord("k"):
            return self._barcode()
        if cmd == ord("("):
            if not self._need(5):
                return 0
            length = b[3] | (b[4] << 8)
            if not self._need(5 + length):
                return 0
            if b[2] == ord("k") and length >= 3:
                self._qr(bytes(b[5:5 + length]))
            return 5 + length
        if cmd == ord("v"):
            if not self._need(8):
                return 0
            xb, yd = b[4] | (b[5] << 8), b[6] | (b[7] << 8)
            total = 8 + xb * yd
            if not self._need(total):
                return 0
            self._flush_pending_line()
            self.ops.append(RasterOp(xb, yd, bytes(b[8:total]), st.align))
            return total
        self.unknown += 1
        return 2

    def _barcode(self) -> int:
        b, st = self._buf, self._style
        if not self._need(3):
            return 0
        m = b[2]
        if m <= 6:
            end = b.find(0, 3)
            if end < 0:
                return 0 if len(b) < 260 else 3
            data, total = bytes(b[3:end]), end + 1
        else:
            if not self._need(4):
                return 0
            n = b[3]
            if not self._need(4 + n):
                return 0
            data, total = bytes(b[4:4 + n]), 4 + n
        if m == 73 and data[:1] == b"{":  # CODE128 code-set prefix ({A {B {C): not printed
            data = data[2:]
        self._flush_pending_line()
        self.ops.append(BarcodeOp(m, data, st.bar_height, st.bar_module, st.bar_hri, st.align))
        return total

    def _qr(self, payload: bytes) -> None:
        cn, fn, args = payload[0], payload[1], payload[2:]
        if cn != 49:
            return
        if fn == 67 and args:
            self._style.qr_module = args[0]
        elif fn == 69 and args:
            self._style.qr_ec = args[0]
        elif fn == 80:
            self._qr_data = args[1:]
        elif fn == 81:
            self._flush_pending_line()
            self.ops.append(QrOp(self._qr_data, self._style.qr_module, self._style.qr_ec, self._style.align))

    def _fs(self) -> int:
        b, st = self._buf, self._style
        if not self._need(2):
            return 0
        cmd = b[1]
        if cmd == ord("&"):
            st.chinese = True
            return 2
        if cmd == ord("."):
            self._flush_decoder()
            st.chinese = False
            return 2
        if cmd in b"!-WC":
            if not self._need(3):
                return 0
            if cmd == ord("!"):
                st.fs_mode = b[2]
            return 3
        if cmd in b"Sp":
            return 4 if self._need(4) else 0
        self.unknown += 1
        return 2


def interpret(data: bytes) -> list[Op]:
    machine = EscPosInterpreter()
    machine.feed(data)
    return machine.ops


def printed_text(ops: list[Op]) -> str:
    """The text lines on the paper, newline separated (QR/barcode shown as [QR:…]/[BARCODE:…])."""
    out: list[str] = []
    for op in ops:
        if isinstance(op, LineOp):
            out.append(op.text)
        elif isinstance(op, QrOp):
            out.append(f"[QR:{op.data.decode('utf-8', errors='replace')}]")
        elif isinstance(op, BarcodeOp):
            out.append(f"[BARCODE:{op.data.decode('ascii', errors='replace')}]")
        elif isinstance(op, CutOp):
            out.append("[CUT]")
    return "\n".join(out)
