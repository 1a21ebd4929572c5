"""Paper documents through the real ESC/POS path into the printer simulator, read back as text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import Catalog, default_catalog_dir, load_catalog
from kiosk.fields import NO_PHONE
from kiosk.receipts import Place, add_working_days, fill_acceptance, fill_appointment
from kiosk.session import Session


@pytest.fixture()
def printer() -> Iterator[SimulatedPrinter]:
    device = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator", options={"paper_width_mm": 58}))
    device.open()
    yield device
    device.shutdown()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_catalog_dir())


def test_appointment_slip_on_58_mm_paper(printer: SimulatedPrinter, catalog: Catalog) -> None:
    session = Session(language="zh_CN")
    session.bookings.append({"booking_number": "B20261124-0042", "start": "2026-11-24T09:30:00+08:00", "service": "fingerprint"})
    item = catalog.item("YY-0101")  # ZA-0301 (the earlier example) is no longer booked: issue #17
    receipt = printer.new_receipt()
    fill_appointment(receipt, session, item, Place("demo-kiosk-01", "示例市公安局政务服务大厅", "一楼窗口"))
    printer.print_receipt(receipt)
    text = printer.hardware.last_receipt_text()
    assert "预约单" in text and "B20261124-0042" in text and "2026-11-24 09:30" in text  # Beijing time
    assert "居民身份证或户口簿" in text  # what to bring, from the guide
    assert max(len(line) for line in text.splitlines()) <= 32  # fits 58 mm (CJK counted once here)


def test_promised_date_skips_weekends() -> None:
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday + 1 → Monday
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


@pytest.mark.parametrize(("code", "answers", "says", "way"), [
    ("HZ-0401", {"card_delivery": "dispenser", "phone": NO_PHONE}, "到本机刷身份证、刷脸领取", "本机自助取证"),
    ("ZA-0201", {"mail_address": "北京市朝阳区示例路1号", "phone": "13800138000"},
     "制证完成后免费邮寄到您填写的地址，请注意查收短信", "免费邮寄"),
])
def test_acceptance_receipt_says_how_the_result_comes_without_a_counter(
        printer: SimulatedPrinter, catalog: Catalog, code: str, answers: dict[str, str], says: str, way: str) -> None:
    """Issue #17: these items end without a counter; the receipt (the notice, for a citizen
    without a phone) must not send them to one."""
    session = Session(language="zh_CN")
    session.answers.update(answers)
    session.case_numbers.append("K01-20261208-0007")
    receipt = printer.new_receipt()
    fill_acceptance(receipt, session, [catalog.item(code)], Place("demo-kiosk-01", "示例大厅", "一楼窗口"),
                    datetime(2026, 12, 8, 10, 0))
    printer.print_receipt(receipt)
    text = printer.hardware.last_receipt_text().replace("\n", "")
    assert f"领取方式：{way}" in text and says in text, text
    assert "窗口领取" not in text
