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
    assert "¥90.00" in text and "102233000011" in text
    assert text.count("免费邮寄") == 1  # the delivery the citizen chose for the permit (CRJ-0102: pickup only)
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
    assert "¥90.00" in text and items[0].name.en in flat
    assert f"{CASE_QR_PREFIX}K01-20261123-0007" in qr_codes_in(png)


def test_payment_voucher(printer: SimulatedPrinter) -> None:
    session = paid_session()
    session.answers["id_replace_reason"] = "disaster"
    items = [CATALOG.item("CRJ-0101"), CATALOG.item("CRJ-0102")]
    fees = quote(items, session, NOW.date())
    text, _png = print_and_render(printer, lambda r: fill_voucher(r, session, items, fees, PLACE, NOW), "voucher")
    assert "缴费凭证" in text
    assert "¥60.00" in text and text.count("¥15.00") == 2 and "¥90.00" in text
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
    assert "免收" in text and "自然灾害" in text and "¥0.00" in text


def test_one_time_notice(printer: SimulatedPrinter) -> None:
    item = CATALOG.item("CRJ-0101")
    text, _ = print_and_render(printer, lambda r: fill_guide(r, item, "zh_CN", PLACE.location, NOW), "notice")
    assert "一次性告知" in text
    assert item.name.zh[:6] in text
    assert "¥60.00" in text or "60.00" in text  # the fees are on the notice


def test_appointment_slip(printer: SimulatedPrinter) -> None:
    session = Session(language="zh_CN")
    session.bookings.append({"booking_number": "YY20261124-0003", "service": "exit_entry",
                             "start": "2026-11-24T01:30:00Z"})
    item = CATALOG.item("CRJ-0101")
    text, _ = print_and_render(printer, lambda r: fill_appointment(r, session, item, PLACE), "appointment")
    assert "预约单" in text and "YY20261124-0003" in text
    assert "2026-11-24 09:30" in text  # Beijing time
