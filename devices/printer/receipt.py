"""A small receipt model the kiosk fills and the printer turns into ESC/POS.

Widths are in character columns of font A (12 × 24 dots): 32 on 58 mm paper (384 dots),
48 on 80 mm paper (576 dots). Counted as the printer counts them: in Chinese mode every byte
below 0x80 is one half-width character (one column) and every multi-byte character of the code
page is one 24-dot glyph (two columns), whatever Unicode calls it: "·" (GBK A1 A4) and "￥"
(A3 A4) are two columns, not one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


PAPER_DOTS = {58: 384, 80: 576}
PAPER_COLUMNS = {58: 32, 80: 48}


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False  # double width and height


@dataclass(frozen=True)
class Separator:
    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    data: str
    module_size: int = 6  # dots per module, 1..16
    align: Align = Align.CENTER


@dataclass(frozen=True)
class Barcode:
    data: str  # CODE128, printable ASCII
    height: int = 64
    align: Align = Align.CENTER


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = False


Item = Text | Separator | QrCode | Barcode | Feed | Cut


def columns_of(ch: str) -> int:
    # not unicodedata.east_asian_width: it calls "·", "¥", "é" narrow, and the printer prints
    # each of them (any non-ASCII character) as a double-byte glyph, or as nothing at all
    return 1 if ord(ch) < 0x80 else 2


def text_columns(text: str) -> int:
    return sum(columns_of(c) for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Break a line by display columns (CJK counts two); never splits a character, and keeps a
    Latin word, number or code ("demo-kiosk-01", "2026-12-02") whole when it fits on a line."""
    lines: list[str] = []
    current, used = "", 0
    tokens: list[str] = []
    for token in _WORD_OR_CHAR.findall(text):
        # a word longer than a line is the only thing split, character by character
        tokens.extend(token if text_columns(token) > columns else [token])
    for token in tokens:
        w = text_columns(token)
        if used + w > columns and current:
            carried = ""
            # an opening bracket never ends a line and a closing mark never starts one: the
            # character before the break goes down with the token
            if ((current[-1] in _OPENING or token[0] in _CLOSING) and len(current) > 1
                    and columns_of(current[-1]) + w <= columns):
                current, carried = current[:-1], current[-1]
            lines.append(current.rstrip(" "))
            current, used = carried, text_columns(carried)
            if token == " ":  # the break takes the place of the space
                continue
        current += token
        used += w
    lines.append(current)
    return lines


_OPENING = "（(《“「【[‘"
_CLOSING = "）)》”」】]’，。、；：！？,;!?"
_WORD_OR_CHAR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/*-]*|.", re.S)


@dataclass
class Receipt:
    paper_mm: int = 80
    items: list[Item] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.paper_mm not in PAPER_COLUMNS:
            raise ValueError(f"paper width must be 58 or 80 mm, not {self.paper_mm}")

    @property
    def columns(self) -> int:
        return PAPER_COLUMNS[self.paper_mm]

    def text(self, text: str, align: Align | str = Align.LEFT, bold: bool = False, double: bool = False) -> Receipt:
        self.items.append(Text(text, Align(align), bold, double))
        return self

    def title(self, text: str) -> Receipt:
        return self.text(text, Align.CENTER, bold=True, double=True)

    def pair(self, label: str, value: str) -> Receipt:
        """`label      value` on one line, or value on its own right-aligned line if too long."""
        gap = self.columns - text_columns(label) - text_columns(value)
        if gap >= 1:
            return self.text(label + " " * gap + value)
        self.text(label)
        return self.text(value, Align.RIGHT)

    def separator(self, char: str = "-") -> Receipt:
        self.items.append(Separator(char))
        return self

    def qr(self, data: str, module_size: int = 6) -> Receipt:
        self.items.append(QrCode(data, module_size))
        return self

    def barcode(self, data: str, height: int = 64) -> Receipt:
        if not data.isascii() or not data.isprintable():
            raise ValueError("CODE128 data must be printable ASCII")
        self.items.append(Barcode(data, height))
        return self

    def feed(self, lines: int = 1) -> Receipt:
        self.items.append(Feed(lines))
        return self

    def cut(self, partial: bool = False) -> Receipt:
        self.items.append(Cut(partial))
        return self
