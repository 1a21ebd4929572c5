"""Nobody is turned away for lacking a mobile phone: every phone field of the shipped catalog takes
"no mobile phone" (all 35 were required), and the receipt then says no SMS will come."""

from __future__ import annotations

from datetime import datetime

from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import FieldKind, default_catalog_dir, load_catalog
from kiosk.fields import NO_PHONE, check_answer
from kiosk.receipts import Place, fill_acceptance, receipt_lines
from kiosk.session import Session

CATALOG = load_catalog(default_catalog_dir())


def test_every_phone_field_takes_no_mobile_phone() -> None:
    phone_fields = [(item.code, f) for item in CATALOG.items() for f in item.fields() if f.kind is FieldKind.PHONE]
    assert len(phone_fields) >= 30  # 34 in the shipped catalog: the loop below must really run over them
    for code, f in phone_fields:
        assert check_answer(f, NO_PHONE).value == NO_PHONE, (code, f.key)
        assert check_answer(f, "").error == ("required" if f.required else None)  # still not left blank
        assert check_answer(f, "1391234567").error == "phone"  # and a number is still checked


def test_receipt_says_no_sms_will_come() -> None:
    printer = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator", options={"paper_width_mm": 80}))
    printer.open()
    try:
        for language, words in (("zh_CN", "不发送短信通知"), ("en", "no SMS will be sent")):
            session = Session(language=language)
            session.answers.update({"name": "测试甲", "phone": NO_PHONE})
            session.case_numbers.append("K01-20261207-0001")
            receipt = printer.new_receipt()
            fill_acceptance(receipt, session, [CATALOG.item("ZA-0101")], Place("demo-kiosk-01", "大厅", "窗口"),
                            datetime(2026, 12, 7, 10, 0))
            printer.print_receipt(receipt)
            text = " ".join(printer.hardware.last_receipt_text().split())
            assert words in text.replace(" ", "") or words in text
            assert any(words in line for line in receipt_lines(session, [CATALOG.item("ZA-0101")]))
            session.answers["phone"] = "13912345678"
            assert not any(words in line for line in receipt_lines(session, [CATALOG.item("ZA-0101")]))
    finally:
        printer.shutdown()
