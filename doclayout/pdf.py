"""An issued document as an A4 PDF, in memory (it carries a name and an ID number: never a file).

Why reportlab: BSD licence, pure Python, maintained since 2000, writes PDF directly (no browser or
LibreOffice), draws a vector QR code itself and embeds a TrueType font as a subset, so the
printer needs no Chinese font of its own. The font is WenQuanYi Micro Hei (fonts-wqy-microhei,
TrueType outlines; Noto CJK is CFF, which reportlab cannot embed). Characters it lacks (rare
name characters such as 䶮, CJK Extension A) are drawn with HanaMinA (fonts-hanazono), also
embedded: a name must never lose a character. Only when neither has it does the text fall back to
reportlab's CID font STSong-Light, which the PDF names but cannot embed (poppler without
poppler-data drops such characters: measured, hence the embedded fonts)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from doclayout.model import IssuedDocument

# (name, file): tried in order per character; the first that has the glyph draws it.
FONTS = [
    ("DocMain", Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")),
    ("DocRare", Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")),  # CJK Ext A (䶮 …)
]
FALLBACK = "STSong-Light"  # last resort: named, not embedded (the printer must have it)
_loaded: dict[str, set[int] | None] = {}


def _covers(name: str, path: Path, cp: int) -> bool:
    """Load a font the first time a character needs it (HanaMinA takes ~2 s)."""
    if name not in _loaded:
        _loaded[name] = None
        if path.exists():
            font = TTFont(name, str(path), subfontIndex=0)
            pdfmetrics.registerFont(font)
            _loaded[name] = set(font.face.charToGlyph)
    covered = _loaded[name]
    return covered is not None and cp in covered


def _font_for(ch: str) -> str:
    for name, path in FONTS:
        if _covers(name, path, ord(ch)):
            return name
    if FALLBACK not in _loaded:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
        _loaded[FALLBACK] = None
    return FALLBACK


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = _font_for(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in _runs(text))


def draw(c: Canvas, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    if align == "center":
        x -= text_width(text, size) / 2
    elif align == "right":
        x -= text_width(text, size)
    for font, chunk in _runs(text):
        c.setFont(font, size)
        c.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Chinese wraps between any two characters."""
    lines, line = [], ""
    for ch in text:
        if text_width(line + ch, size) > width and line:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


SUBTITLES = {"hukou": "Certificate of Household Registration",
             "no_criminal_record": "Certificate of No Criminal Record",
             "residence_endorsement": "Confirmation of Residence Permit Endorsement"}
INTROS = {"hukou": "兹证明，经查询常住人口登记信息，该公民的户籍登记情况如下：",
          "no_criminal_record": "兹证明，经查询，该公民的违法犯罪记录情况如下：",
          "residence_endorsement": "兹证明，该居住证持有人本年度居住证签注已办理，签注信息如下："}


ELECTRONIC_MARK = "电子证照 · Electronic copy — 带签发机关数字签名 digitally signed by the issuer"


def render_pdf(doc: IssuedDocument, electronic: bool = False) -> bytes:
    """The A4 page. `electronic`: the centre's electronic copy (电子证照) — the same page, marked
    at the top as the signed electronic copy (server/ecopy.py signs it)."""
    out = io.BytesIO()
    page_w, page_h = A4
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor(doc.authority)
    left, right = 25 * mm, page_w - 25 * mm
    y = page_h - 35 * mm
    if electronic:
        draw(c, page_w / 2, page_h - 15 * mm, ELECTRONIC_MARK, 8, "center")
    draw(c, page_w / 2, y, doc.title, 26, "center")
    y -= 9 * mm
    draw(
        c,
        page_w / 2,
        y,
        SUBTITLES.get(doc.kind, doc.kind),
        11,
        "center",
    )
    y -= 8 * mm
    draw(c, right, y, f"验证码 {doc.code_grouped}", 9, "right")
    y -= 10 * mm
    draw(c, left, y, INTROS.get(doc.kind, "兹证明："), 12)
    y -= 6 * mm
    label_w = 45 * mm
    c.setLineWidth(0.6)
    for f in doc.fields:
        lines = wrap(f.value, 12, right - left - label_w - 6 * mm)
        row_h = max(12 * mm, (len(lines) * 6 + 6) * mm)
        c.rect(left, y - row_h, right - left, row_h)
        c.line(left + label_w, y, left + label_w, y - row_h)
        draw(c, left + 3 * mm, y - 6 * mm, f.label_zh, 11)
        draw(c, left + 3 * mm, y - 10 * mm, f.label_en, 7)
        for i, line in enumerate(lines):
            draw(c, left + label_w + 3 * mm, y - 7 * mm - i * 6 * mm, line, 12)
        y -= row_h
    y -= 12 * mm
    draw(c, left, y, "特此证明。", 12)
    y -= 18 * mm
    draw(c, right, y, doc.authority, 12, "right")
    y -= 8 * mm
    draw(c, right, y, _date_zh(doc.issued_on), 12, "right")

    qr_size = 38 * mm
    widget = QrCodeWidget(doc.qr_payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        qr_size, qr_size, transform=[qr_size / (x1 - x0), 0, 0, qr_size / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, c, left, 22 * mm)
    draw(c, left + qr_size + 4 * mm, 22 * mm + 26 * mm, "扫码验真：用手机扫描左侧二维码，", 9)
    draw(c, left + qr_size + 4 * mm, 22 * mm + 21 * mm, "核对页面显示的信息与本证明一致。", 9)
    draw(
        c,
        left + qr_size + 4 * mm,
        22 * mm + 14 * mm,
        "Scan the QR code to check this document is genuine",
        8,
    )
    draw(c, left + qr_size + 4 * mm, 22 * mm + 10 * mm, "and unaltered.", 8)
    draw(c, left + qr_size + 4 * mm, 22 * mm + 3 * mm, f"验证码 Code: {doc.code_grouped}", 9)
    c.showPage()
    c.save()
    return out.getvalue()


def _date_zh(iso_date: str) -> str:
    y, m, d = iso_date.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"
