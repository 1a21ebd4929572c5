"""Receipt -> ESC/POS through python-escpos.

WORKAROUND for python-escpos MagicEncode (issues #269, #491, #678): a text chunk is sent as
GB18030 only if it contains a character in U+4E00–U+9FA5; full-width punctuation alone
(`（）：，。【】￥`) and rare characters such as 䶮 (U+4DAE) come out as `?`
(tests/devices/test_printer.py shows it). We therefore encode text ourselves in the printer's
code page, enter Chinese mode with `FS &`, size CJK with `FS !`, and send the bytes through the
printer's raw path. Styles, QR, barcode, cut and status still go through python-escpos.

Code page (printer option `code_page`): "gbk" by default, the font every Chinese thermal printer
has; "gb18030" only for a printer whose font has GB18030 (then rare name characters print too).
The half-width yen sign U+00A5 is not in GBK (GB18030 sends it as the 4-byte `81 30 84 36`,
garbage on a GBK font): money goes out as the code page's own full-width ￥ (`A3 A4`). Any other
character the code page lacks prints as □ (two columns, as counted) rather than as bytes the
printer would misread."""

from __future__ import annotations

from escpos.escpos import Escpos

from devices.printer.receipt import Align, Barcode, Cut, Feed, QrCode, Receipt, Separator, Text, text_columns, wrap

FS_CHINESE_ON = b"\x1c\x26"
FS_CHINESE_OFF = b"\x1c\x2e"
ESC_INIT = b"\x1b\x40"


def fs_size(double: bool) -> bytes:
    """FS ! n: bit 2 double width, bit 3 double height (Chinese characters)."""
    return b"\x1c\x21" + bytes([0x0C if double else 0x00])


CODE_PAGES = ("gbk", "gb18030")
MISSING = "□"  # GB2312 A1 F5: what a character the printer cannot print becomes
_PRINTER_FORMS = str.maketrans({"¥": "￥"})  # U+00A5 → U+FFE5, in GB2312 as A3 A4


def encode_text(text: str, code_page: str = "gbk") -> bytes:
    """The bytes a printer with this code page prints as `text`, each character whole."""
    out = []
    for ch in text.translate(_PRINTER_FORMS):
        try:
            out.append(ch.encode(code_page))
        except UnicodeEncodeError:
            out.append(MISSING.encode(code_page))
    return b"".join(out)


def write_receipt(printer: Escpos, receipt: Receipt, code_page: str = "gbk") -> None:
    raw = printer._raw  # the transport's raw path (python-escpos has no public name for it)
    raw(ESC_INIT + FS_CHINESE_ON)
    for item in receipt.items:
        if isinstance(item, Text):
            printer.set(align=item.align.value, bold=item.bold, double_height=item.double,
                        double_width=item.double, normal_textsize=not item.double)
            raw(fs_size(item.double))
            columns = receipt.columns // 2 if item.double else receipt.columns
            for line in wrap(item.text, columns):
                raw(encode_text(line, code_page) + b"\n")
            if item.double or item.bold:
                printer.set(normal_textsize=True, bold=False)
                raw(fs_size(False))
        elif isinstance(item, Separator):
            printer.set(align="left", bold=False, normal_textsize=True)
            raw(encode_text(item.char * (receipt.columns // max(1, text_columns(item.char))), code_page) + b"\n")
        elif isinstance(item, QrCode):
            printer.set(align=item.align.value)
            printer.qr(item.data, native=True, size=item.module_size)
            raw(b"\n")
        elif isinstance(item, Barcode):
            printer.set(align=item.align.value)
            printer.barcode("{B" + item.data, "CODE128", height=item.height, width=2,
                            pos="BELOW", function_type="B", check=False)
            raw(b"\n")
        elif isinstance(item, Feed):
            printer.ln(item.lines)
        elif isinstance(item, Cut):
            printer.cut(mode="PART" if item.partial else "FULL")
    printer.set(align=Align.LEFT.value)
