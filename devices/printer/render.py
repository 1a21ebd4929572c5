"""Render interpreted ESC/POS operations to a PNG, so a person can look at every receipt."""

from __future__ import annotations

import math
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devices.printer.interpret import LINE_DOTS, BarcodeOp, CutOp, FeedOp, LineOp, Op, QrOp, RasterOp
from devices.printer.receipt import columns_of

FALLBACK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
MARGIN = 16
LINE_GAP = 6  # default line spacing is 30 dots for a 24-dot font


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def cjk_font_path() -> tuple[str, int]:
    """A font with Chinese glyphs: fontconfig's choice for Noto Sans CJK SC, else the Debian path."""
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", "Noto Sans CJK SC:lang=zh-cn"],
                                 capture_output=True, text=True, timeout=5, check=False).stdout.strip()
            path, _, index = out.rpartition(":")
            if path and Path(path).is_file() and path.lower().endswith((".ttc", ".otf", ".ttf")):
                return path, int(index or 0)
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    if Path(FALLBACK_FONT).is_file():
        return FALLBACK_FONT, 2  # index 2: Simplified Chinese in the Noto CJK collection
    raise FontMissing("no CJK font found: install fonts-noto-cjk (fc-match 'Noto Sans CJK SC' found nothing)")


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = cjk_font_path()
    return ImageFont.truetype(path, size, index=index)


def _line_image(op: LineOp) -> Image.Image:
    height = op.height * LINE_DOTS + LINE_GAP
    width = 0
    for run in op.runs:
        for ch in run.text:
            wide = columns_of(ch) == 2
            mw, _ = run.cjk_size if wide else run.ascii_size
            width += (24 if wide else 12) * mw
    img = Image.new("L", (max(width, 1), height), 255)
    x = 0
    for run in op.runs:
        for ch in run.text:
            wide = columns_of(ch) == 2
            mw, mh = run.cjk_size if wide else run.ascii_size
            cell_w, cell_h = (24 if wide else 12) * mw, LINE_DOTS * mh
            # A printer's 12x24 ASCII font is condensed; a proportional "m" or "W" would be cut off
            # in a 12-dot cell (it read "deno" for "demo"), so wide letters are drawn whole and squeezed.
            drawn_w = max(24 if wide else 12, math.ceil(_font(22).getlength(ch)))
            glyph = Image.new("L", (drawn_w, LINE_DOTS), 255)
            # baseline at 20 of 24 dots: ideographs fill the cell, ASCII descenders still fit
            ImageDraw.Draw(glyph).text((0, 20), ch, font=_font(22), fill=0, anchor="ls",
                                       stroke_width=1 if run.bold else 0, stroke_fill=0)
            glyph = glyph.resize((cell_w, cell_h))
            img.paste(glyph, (x, height - LINE_GAP - cell_h))
            x += cell_w
    return img


def _qr_image(op: QrOp) -> Image.Image:
    levels = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
              50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}
    code = qrcode.QRCode(error_correction=levels.get(op.ec, qrcode.constants.ERROR_CORRECT_L),
                         box_size=max(1, min(op.module, 16)), border=1)
    code.add_data(op.data)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("L")


def _barcode_image(op: BarcodeOp) -> Image.Image:
    from barcode import Code128  # python-barcode, a python-escpos dependency

    text = op.data.decode("ascii", errors="replace")
    module = max(1, min(op.module, 6))
    try:
        pattern = Code128(text).build()[0]
    except Exception:  # not encodable as CODE128: the printer would print nothing
        return Image.new("L", (1, 1), 255)
    hri = op.hri in (2, 3)
    img = Image.new("L", (len(pattern) * module + 20, op.height + (LINE_DOTS if hri else 0)), 255)
    draw = ImageDraw.Draw(img)
    for i, bit in enumerate(pattern):
        if bit == "1":
            draw.rectangle([10 + i * module, 0, 10 + (i + 1) * module - 1, op.height - 1], fill=0)
    if hri:
        draw.text((img.width // 2, op.height + 2), text, font=_font(18), fill=0, anchor="mt")
    return img


def _raster_image(op: RasterOp) -> Image.Image:
    return Image.frombytes("1", (op.width_bytes * 8, op.height), op.data).convert("L").point(lambda v: 255 - v)


def render_png(ops: list[Op], path: str | Path, paper_dots: int = 576) -> Path:
    blocks: list[tuple[Image.Image, int]] = []
    for op in ops:
        if isinstance(op, LineOp):
            blocks.append((_line_image(op), op.align))
        elif isinstance(op, QrOp):
            blocks.append((_qr_image(op), op.align))
        elif isinstance(op, BarcodeOp):
            blocks.append((_barcode_image(op), op.align))
        elif isinstance(op, RasterOp):
            blocks.append((_raster_image(op), op.align))
        elif isinstance(op, FeedOp):
            blocks.append((Image.new("L", (1, max(1, op.dots)), 255), 0))
        elif isinstance(op, CutOp):
            cut = Image.new("L", (paper_dots, 9), 255)
            ImageDraw.Draw(cut).line([(0, 4), (paper_dots, 4)], fill=128, width=1)
            blocks.append((cut, 0))
    height = sum(img.height for img, _ in blocks) + 2 * MARGIN
    page = Image.new("L", (paper_dots + 2 * MARGIN, max(height, 2 * MARGIN + 1)), 255)
    y = MARGIN
    for img, align in blocks:
        if img.width > paper_dots:  # a real printer clips at the print width
            img = img.crop((0, 0, paper_dots, img.height))
        x = MARGIN + {0: 0, 1: (paper_dots - img.width) // 2, 2: paper_dots - img.width}.get(align, 0)
        page.paste(img, (x, y))
        y += img.height
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.save(path)
    return path
