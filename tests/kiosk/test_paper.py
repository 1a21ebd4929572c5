"""Every paper document a citizen takes away, printed by the kiosk's own fill functions through
the real ESC/POS driver into the simulated printer on 58 mm and 80 mm paper: decoded text
checked (masked ID, amounts, references, QR content) and rendered to PNG in out/receipts/
(looked at: these are the pictures referred to in the closing note of issue #6)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import cv2
import pytest

from devices.printer.receipt import Receipt, text_columns
from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.fees import quote
from kiosk.guide_print import fill_guide
from kiosk.receipts import CASE_QR_PREFIX, Place, fill_acceptance, fill_appointment, fill_voucher
from kiosk.session import Session

OUT = Path(__file__).resolve().parents[2] / "out" / "receipts"
CATALOG = load_catalog(default_catalog_dir())
ID_NUMBER = "110105199003071239"  # fictitious
PLACE = Place("demo-kiosk-01", "示例市公安局政务服务大厅", "出入境综合窗口")
NOW = datetime(2026, 11, 23, 10, 30)


@pytest.fixture(params=[58, 80], ids=["58mm", "80mm"])
def printer(request: pytest.FixtureRequest) -> Iterator[SimulatedPrinter]:
    device = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator",
                                         options={"paper_width_mm": request.param}))
    device.open()
    yield device
    device.shutdown()


def paid_session() -> Session:
    session = Session(language="zh_CN")
    session.answers.update({"name": "李四", "id_number": ID_NUMBER, "delivery_method": "mail",
                            "phone": "13912345678", "mail_address": "北京市东城区示例路1号"})
    session.case_numbers.extend(["K01-20261123-0007", "K01-20261123-0008"])
    session.payments.append({"order_id": "K261123ABCDEF0123456789", "method": "card", "amount_fen": 9000,
                             "reference": "102233000011", "voucher": "000011", "card": "622202******1234"})
    return session


def print_and_render(printer: SimulatedPrinter, fill: Callable[[Receipt], None], name: str) -> tuple[str, Path]:
    receipt = printer.new_receipt()
    fill(receipt)
    printer.print_receipt(receipt)
    OUT.mkdir(parents=True, exist_ok=True)
    png = printer.hardware.render_last(OUT / f"{printer.paper_mm}mm-{name}.png")
    text = printer.hardware.last_receipt_text()
    columns = 32 if printer.paper_mm == 58 else 48
    too_wide = [line for line in text.splitlines() if not line.startswith("[") and text_columns(line) > columns]
    assert too_wide == [], "every line fits the paper"
    assert "?" not in text.replace("？", "")  # nothing mangled by a code page
    return text, png


def qr_codes_in(png: Path) -> list[str]:
    found, decoded, _points, _ = cv2.QRCodeDetector().detectAndDecodeMulti(cv2.imread(str(png)))
    return [d for d in decoded if d] if found else []


def test_acceptance_receipt(printer: SimulatedPrinter) -> None:
    session = paid_session()
    items = [CATALOG.item("CRJ-0101"), CATALOG.item("CRJ-0102")]
    text, png = print_and_render(printer, lambda r: fill_acceptance(r, session, items, PLACE, NOW), "acceptance")
    assert "受理回执" in text and "K01-20261123-0007" in text and "K01-20261123-0008" in text
    assert "110105********1239" in text and ID_NUMBER not in text and "李四" not in text
    assert "￥90.00" in text and "102233000011" in text
    # the delivery the citizen chose for the permit (CRJ-0102: pickup only), and what happens next
    # (CRJ-0101 needs no counter visit since the kiosk takes the fingerprints)
    delivery_lines = [line for line in text.splitlines() if line.startswith("领取方式")]
    assert delivery_lines == ["领取方式：免费邮寄", "领取方式：窗口领取"]
    assert "制证完成后免费邮寄到您填写的地址" in text.replace("\n", "")
    assert "13912345678" not in text and "示例路" not in text  # no phone, no address on paper
    assert f"{CASE_QR_PREFIX}K01-20261123-0007" in qr_codes_in(png)


def test_acceptance_receipt_in_english(printer: SimulatedPrinter) -> None:
    session = paid_session()
    session.language = "en"
    items = [CATALOG.item("CRJ-0101"), CATALOG.item("CRJ-0102")]
    text, png = print_and_render(printer, lambda r: fill_acceptance(r, session, items, PLACE, NOW), "acceptance-en")
    flat = " ".join(text.split())  # words wrapped onto the next line read on
    assert "Acceptance receipt" in flat and "K01-20261123-0007" in text
    assert "110105********1239" in text and ID_NUMBER not in text and "李四" not in text
    assert "￥90.00" in text and items[0].name.en in flat
    assert f"{CASE_QR_PREFIX}K01-20261123-0007" in qr_codes_in(png)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_acceptance_receipt_says_when_fingerprints_are_still_taken_at_the_counter(
        printer: SimulatedPrinter, language: str) -> None:
    session = paid_session()
    session.language = language
    session.fingerprints = "counter"
    items = [CATALOG.item("HZ-0101")]
    text, _ = print_and_render(printer, lambda r: fill_acceptance(r, session, items, PLACE, NOW), f"fingers-{language}")
    flat = "".join(text.split()) if language == "zh_CN" else " ".join(text.split())
    assert ("到窗口补采指纹" in flat) if language == "zh_CN" else ("Fingerprints were not taken here" in flat)
    session.fingerprints = "captured"  # taken here: the receipt does not send the citizen anywhere
    text, _ = print_and_render(printer, lambda r: fill_acceptance(r, session, items, PLACE, NOW),
                               f"fingers-ok-{language}")
    assert "指纹" not in text and "ingerprint" not in text


def test_payment_voucher(printer: SimulatedPrinter) -> None:
    session = paid_session()
    session.answers["id_replace_reason"] = "disaster"
    items = [CATALOG.item("CRJ-0101"), CATALOG.item("CRJ-0102")]
    fees = quote(items, session, NOW.date())
    text, _png = print_and_render(printer, lambda r: fill_voucher(r, session, items, fees, PLACE, NOW), "voucher")
    assert "缴费凭证" in text
    assert "￥60.00" in text and text.count("￥15.00") == 2 and "￥90.00" in text
    assert "622202******1234" in text and "000011" in text and "102233000011" in text
    assert "K261123ABCDEF0123456789" in text
    assert ID_NUMBER not in text


def test_voucher_shows_a_waived_fee_and_its_reason(printer: SimulatedPrinter) -> None:
    session = paid_session()
    session.answers["id_replace_reason"] = "disaster"
    items = [CATALOG.item("HZ-0102")]
    fees = quote(items, session, NOW.date())
    assert fees.total_fen == 0
    text, _ = print_and_render(printer, lambda r: fill_voucher(r, session, items, fees, PLACE, NOW), "voucher-waived")
    assert "免收" in text and "自然灾害" in text and "￥0.00" in text


def test_one_time_notice(printer: SimulatedPrinter) -> None:
    item = CATALOG.item("CRJ-0101")
    text, _ = print_and_render(printer, lambda r: fill_guide(r, item, "zh_CN", PLACE.location, NOW), "notice")
    assert "一次性告知" in text
    assert item.name.zh[:6] in text
    assert "￥60.00" in text or "60.00" in text  # the fees are on the notice


def test_appointment_slip(printer: SimulatedPrinter) -> None:
    session = Session(language="zh_CN")
    session.bookings.append({"booking_number": "YY20261124-0003", "service": "exit_entry",
                             "start": "2026-11-24T01:30:00Z"})
    item = CATALOG.item("CRJ-0101")
    text, _ = print_and_render(printer, lambda r: fill_appointment(r, session, item, PLACE), "appointment")
    assert "预约单" in text and "YY20261124-0003" in text
    assert "2026-11-24 09:30" in text  # Beijing time


# -- an independent reading of the bytes (issue #14 item 5) --------------------------------------------
# What a thermal printer with a GBK font does with the bytes the kiosk sends, written from the
# ESC/POS command reference and Python's own "gbk" codec, not from the product's width rule or its
# simulator: in Chinese mode (FS &) a byte below 0x80 is a half-width character, 12 dots wide
# (one column of font A); a GBK double-byte sequence is one 24-dot glyph (two columns). A line
# is the text between two LFs; it must fit 32 (58 mm) or 48 (80 mm) columns at the sizes set for
# it: ESC ! bit 5 / GS ! high nibble widen half-width characters, FS ! bit 2 / GS ! widen CJK.

_ONE_PARAM = {(0x1B, c) for c in b"!EadG-MtR3JU{V"} | {(0x1C, ord("!")), (0x10, 0x04)} | {
    (0x1D, c) for c in b"!hwHfIBb"}
_NO_PARAM = {(0x1B, ord("@")), (0x1B, ord("2")), (0x1C, ord("&")), (0x1C, ord("."))}


def printed_lines(job: bytes) -> list[tuple[str, int, bool]]:
    """(text, width in font-A columns, valid GBK) of every text line in an ESC/POS job; raises
    on a command we do not know. A line that is not valid GBK is measured as a GB18030 font
    would print it (each multi-byte sequence one 24-dot glyph), so its width is still checked."""
    lines: list[tuple[str, int, bool]] = []
    runs: list[tuple[bytes, int, int]] = []  # text bytes, half-width multiplier, CJK multiplier
    esc_wide = fs_wide = gs_wide = 1
    i = 0

    def end_line() -> None:
        text, width, valid = "", 0, True
        for raw, half, cjk in runs:
            try:
                decoded = raw.decode("gbk")  # strict: anything else is garbage on a GBK font
            except UnicodeDecodeError:
                decoded, valid = raw.decode("gb18030", errors="replace"), False
            text += decoded
            width += sum(half if ord(ch) < 0x80 else 2 * cjk for ch in decoded)
        if runs:
            lines.append((text, width, valid))
        runs.clear()

    while i < len(job):
        b = job[i]
        if b == 0x0A:
            end_line()
            i += 1
            continue
        if b in (0x1B, 0x1C, 0x1D, 0x10):
            cmd = (b, job[i + 1])
            if cmd in _NO_PARAM:
                if cmd == (0x1B, ord("@")):
                    esc_wide = fs_wide = gs_wide = 1
                i += 2
            elif cmd == (0x1D, ord("V")):  # cut: GS V m, or GS V m n for m = 65, 66, 97, 98, 103, 104
                i += 4 if job[i + 2] in (65, 66, 97, 98, 103, 104) else 3
            elif cmd == (0x1D, ord("k")):  # barcode: GS k m d… NUL (m ≤ 6) or GS k m n d1…dn
                m = job[i + 2]
                i = job.index(b"\0", i + 3) + 1 if m <= 6 else i + 4 + job[i + 3]
            elif cmd == (0x1D, ord("(")):  # GS ( fn pL pH …: QR code and friends
                i += 5 + job[i + 3] + 256 * job[i + 4]
            elif cmd in _ONE_PARAM:
                n = job[i + 2]
                if cmd == (0x1B, ord("!")):
                    esc_wide = 2 if n & 0x20 else 1
                elif cmd == (0x1C, ord("!")):
                    fs_wide = 2 if n & 0x04 else 1
                elif cmd == (0x1D, ord("!")):
                    gs_wide = (n >> 4) + 1
                i += 3
            else:
                raise AssertionError(f"unknown command {job[i:i + 2]!r} at byte {i}")
            continue
        if b < 0x20:
            raise AssertionError(f"stray control byte {b:#04x} at byte {i}")
        # a text run: up to the next command or LF (a GBK trail byte is never below 0x40)
        j = i
        while j < len(job) and job[j] not in (0x0A, 0x1B, 0x1C, 0x1D, 0x10):
            j += 2 if job[j] >= 0x81 else 1
        runs.append((bytes(job[i:j]), max(esc_wide, gs_wide), max(fs_wide, gs_wide)))
        i = j
    end_line()
    return lines


def documents() -> list[tuple[str, Callable[[Receipt], None]]]:
    docs: list[tuple[str, Callable[[Receipt], None]]] = []
    items = [CATALOG.item("CRJ-0101"), CATALOG.item("CRJ-0102")]
    for lang in ("zh_CN", "en"):
        session = paid_session()
        session.language = lang
        session.deferred.append("户口簿" if lang == "zh_CN" else "household register")
        session.bookings.append({"booking_number": "YY20261124-0003", "service": "exit_entry",
                                 "start": "2026-11-24T01:30:00Z"})
        fees = quote(items, session, NOW.date())
        waived_session = paid_session()
        waived_session.language = lang
        waived_session.answers["id_replace_reason"] = "disaster"
        waived_items = [CATALOG.item("HZ-0102")]
        waived = quote(waived_items, waived_session, NOW.date())
        docs += [
            (f"acceptance-{lang}", lambda r, s=session: fill_acceptance(r, s, items, PLACE, NOW)),
            (f"voucher-{lang}", lambda r, s=session, f=fees: fill_voucher(r, s, items, f, PLACE, NOW)),
            (f"voucher-waived-{lang}",
             lambda r, s=waived_session, f=waived: fill_voucher(r, s, waived_items, f, PLACE, NOW)),
            (f"appointment-{lang}", lambda r, s=session: fill_appointment(r, s, items[0], PLACE)),
        ]
        docs += [(f"notice-{item.code}-{lang}",
                  lambda r, i=item, lg=lang: fill_guide(r, i, lg, PLACE.location, NOW)) for item in CATALOG.items()]
    return docs


def test_every_document_fits_its_paper_and_is_valid_gbk_as_the_printer_reads_the_bytes(
        printer: SimulatedPrinter) -> None:
    """Issue #14 item 5: ¥ went out as the GB18030 four-byte 81 30 84 36 (garbage on a GBK font)
    and ¥ and · were counted one column each, so amount and bullet lines ran one column over."""
    columns = 32 if printer.paper_mm == 58 else 48
    problems = []
    amounts = 0
    for name, fill in documents():
        receipt = printer.new_receipt()
        fill(receipt)
        start = len(printer.hardware.received)
        printer.print_receipt(receipt)
        job = bytes(printer.hardware.received[start:])
        if b"\x81\x30\x84\x36" in job:
            problems.append(f"{name}: half-width ¥ sent as the four GB18030 bytes 81 30 84 36")
        lines = printed_lines(job)
        problems += [f"{name}: not GBK: {text!r}" for text, _, valid in lines if not valid]
        problems += [f"{name}: {width} > {columns} columns: {text!r}" for text, width, _ in lines if width > columns]
        problems += [f"{name}: unprintable character in {text!r}" for text, _, _ in lines if "□" in text]
        amounts += sum("￥" in text for text, _, _ in lines)
    assert problems == []
    assert amounts > 0  # money was printed, in the code page's own ￥ (GBK A3 A4)
