"""An issued document, and the signed application form, as an A4 PDF in memory (it carries a name
and an ID number: never a file).

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
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from doclayout.model import ApplicationForm, DocumentField, IssuedDocument

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


@dataclass(frozen=True)
class RowStyle:
    """One labelled row of a document's table: the label (Chinese over English) in a column on
    the left, the wrapped value on the right. Sizes in points, distances in mm."""

    label_w: float  # mm
    value_pt: float
    line_mm: float  # value line pitch; a row is one pitch taller than its lines, never lower than min_mm
    min_mm: float
    label_pt: float
    label_en_pt: float
    label_at: float  # mm below the row's top: the Chinese label, the English label, the first value line
    label_en_at: float
    value_at: float


CERTIFICATE_ROW = RowStyle(45, 12, 6, 12, 11, 7, 6, 10, 7)
FORM_ROW = RowStyle(50, 11, 5.5, 11, 10, 6.5, 5.5, 9, 6.5)


def _row_lines(f: DocumentField, left: float, right: float, style: RowStyle) -> list[str]:
    return wrap(f.value, style.value_pt, right - left - style.label_w * mm - 6 * mm)


def _row_height(f: DocumentField, left: float, right: float, style: RowStyle) -> float:
    lines = _row_lines(f, left, right, style)
    return max(style.min_mm * mm, (len(lines) * style.line_mm + style.line_mm) * mm)


def _field_row(c: Canvas, f: DocumentField, left: float, right: float, y: float, style: RowStyle) -> float:
    """Draws the row with its top at y; returns the y of its bottom."""
    label_w = style.label_w * mm
    row_h = _row_height(f, left, right, style)
    c.rect(left, y - row_h, right - left, row_h)
    c.line(left + label_w, y, left + label_w, y - row_h)
    draw(c, left + 3 * mm, y - style.label_at * mm, f.label_zh, style.label_pt)
    draw(c, left + 3 * mm, y - style.label_en_at * mm, f.label_en, style.label_en_pt)
    for i, line in enumerate(_row_lines(f, left, right, style)):
        draw(c, left + label_w + 3 * mm, y - style.value_at * mm - i * style.line_mm * mm, line, style.value_pt)
    return y - row_h


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
    c.setLineWidth(0.6)
    for f in doc.fields:
        y = _field_row(c, f, left, right, y, CERTIFICATE_ROW)
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


# Where the signature goes (points from the page's bottom-left): the box right of the label
# 申请人签名, above the date line. The image is scaled to fit, keeping its proportions.
SIGN_BOX_W, SIGN_BOX_H = 80 * mm, 28 * mm


def render_application_pdf(form: ApplicationForm) -> bytes:
    """The signed application (申请表) as an A4 PDF, in memory. The signature PNG is decoded by
    Pillow from memory and embedded as an image; nothing is written anywhere."""
    out = io.BytesIO()
    page_w, page_h = A4
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(form.title_zh)  # metadata: the form's name only, never the applicant's
    left, right = 25 * mm, page_w - 25 * mm
    y = page_h - 30 * mm
    draw(c, page_w / 2, y, form.title_zh, 22, "center")
    y -= 8 * mm
    draw(c, page_w / 2, y, form.title_en, 10, "center")
    y -= 8 * mm
    draw(c, right, y, f"受理编号 Case No. {form.case_number}", 9, "right")
    y -= 7 * mm
    for line in wrap(f"申请事项：{form.item_zh}", 11, right - left):
        draw(c, left, y, line, 11)
        y -= 5.5 * mm
    draw(c, left, y, f"Service: {form.item_en}", 8)
    y -= 5 * mm
    c.setLineWidth(0.6)
    for f in form.fields:
        if y - _row_height(f, left, right, FORM_ROW) < 75 * mm:  # keep room for the declaration and the signature
            c.showPage()
            y = page_h - 25 * mm
        y = _field_row(c, f, left, right, y, FORM_ROW)
    y -= 10 * mm
    draw(c, left, y, "本人承诺以上填报信息真实、准确，如有不实，愿承担相应法律责任。", 11)
    y -= 5 * mm
    draw(c, left, y, "I declare that the information above is true and accurate.", 8)
    y -= 8 * mm + SIGN_BOX_H
    box_x = left + 40 * mm
    draw(c, left, y + SIGN_BOX_H / 2, "代办人签名：" if form.by_agent else "申请人签名：", 12)
    draw(c, left, y + SIGN_BOX_H / 2 - 5 * mm, "Agent's signature" if form.by_agent else "Applicant's signature", 8)
    c.setStrokeColorRGB(0.75, 0.75, 0.75)  # a light frame: the ink in it is the signature's
    c.rect(box_x, y, SIGN_BOX_W, SIGN_BOX_H)
    c.setStrokeColorRGB(0, 0, 0)
    image = ImageReader(io.BytesIO(form.signature_png))
    iw, ih = image.getSize()
    scale = min((SIGN_BOX_W - 4 * mm) / iw, (SIGN_BOX_H - 4 * mm) / ih)
    w, h = iw * scale, ih * scale
    c.drawImage(image, box_x + (SIGN_BOX_W - w) / 2, y + (SIGN_BOX_H - h) / 2, w, h)
    y -= 8 * mm
    draw(c, box_x, y, f"日期 Date：{_date_zh(form.applied_on)}", 11)
    y -= 12 * mm
    draw(c, left, y, "本表由自助终端根据您的申请生成，供您留存；申请（含签名）已提交受理。", 9)
    y -= 4.5 * mm
    draw(c, left, y, "Printed by the self-service kiosk from your application, for your records; "
                     "the application and signature have been submitted.", 7)
    c.showPage()
    c.save()
    return out.getvalue()
