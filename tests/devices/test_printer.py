"""Receipts through the real python-escpos Serial transport into the simulated printer on a pty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from escpos.printer import Dummy
from PIL import Image

from devices.printer.escpos_out import write_receipt
from devices.printer.interpret import QrOp, interpret, printed_text
from devices.printer.receipt import Receipt, text_columns, wrap
from devices.printer.simulator import SimulatedPrinter
from devices.printer.status import PrinterState, StatusError, check_status_byte, encode_status, parse_status, to_device_status
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceFailure, MediaState
from tests.qrscan import scan_qr

PUNCT = "（）：，。【】￥"


@pytest.fixture
def printer() -> Iterator[SimulatedPrinter]:
    device = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator", options={"paper_width_mm": 80}))
    device.open()
    yield device
    device.shutdown()


def acceptance_receipt(paper_mm: int = 80) -> Receipt:
    r = Receipt(paper_mm).title("业务受理回执")
    r.separator()
    r.pair("姓名：", "测试䶮").pair("证件号码：", "110105********1234")
    r.text(f"标点：{PUNCT}")
    r.text("生僻字：䶮𠮷")
    r.text("请凭此回执【领取】证件。", bold=True)
    r.pair("费用：", "￥0.00")
    r.separator("=").qr("https://example.gov.cn/r/R20261122-0001").barcode("R20261122-0001")
    return r.text("Thank you 谢谢", align="center").cut()


def test_python_escpos_alone_mangles_full_width_punctuation_and_rare_characters() -> None:
    """Why escpos_out sends GB18030 itself: text() turns these into '?'."""
    d = Dummy()
    d.text(PUNCT + "\n")
    d.text("䶮\n")
    assert d.output.count(b"?") == len(PUNCT) + 1


@pytest.fixture
def gb18030_printer() -> Iterator[SimulatedPrinter]:
    """A printer whose font has GB18030 (option code_page), so rare name characters print."""
    device = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator",
                                         options={"paper_width_mm": 80, "code_page": "gb18030"}))
    device.open()
    yield device
    device.shutdown()


def test_a_gbk_printer_gets_only_gbk_and_a_box_for_what_its_font_lacks(printer: SimulatedPrinter) -> None:
    """The default code page is GBK, the font every Chinese thermal printer has: 䶮 and 𠮷 are
    not in it and print as □; the half-width ¥ (not in GBK either) goes out as GBK's own ￥."""
    printer.print_receipt(Receipt(80).text("生僻字：䶮𠮷").pair("费用：", "¥15.00").cut())
    lines = printer.hardware.last_receipt_text().splitlines()
    assert "生僻字：□□" in lines
    assert any(line.endswith("￥15.00") and line.startswith("费用：") for line in lines)
    job = bytes(printer.hardware.received)
    assert "生僻字：□□".encode("gbk") in job and "￥15.00".encode("gbk") == b"\xa3\xa415.00"
    assert "￥15.00".encode("gbk") in job and b"\x81\x30\x84\x36" not in job


def test_acceptance_receipt_decoded_text_and_png(gb18030_printer: SimulatedPrinter, artifacts: list[Path]) -> None:
    printer = gb18030_printer
    printer.print_receipt(acceptance_receipt())
    text = printer.hardware.last_receipt_text()
    lines = text.splitlines()
    assert lines[0] == "业务受理回执"
    assert "测试䶮" in text and "110105********1234" in text
    assert f"标点：{PUNCT}" in lines
    assert "请凭此回执【领取】证件。" in lines
    assert "[QR:https://example.gov.cn/r/R20261122-0001]" in lines
    assert "[BARCODE:R20261122-0001]" in lines
    assert lines[-1] == "[CUT]"
    assert b"?" not in bytes(printer.hardware.received).split(b"\x1d(k")[0]  # no mangled text
    # the bytes on the wire are GB18030 (4-byte sequence for the rare character)
    assert "测试䶮".encode("gb18030") in printer.hardware.received
    assert "生僻字：䶮𠮷" in lines  # 𠮷 (U+20BB7) is outside the BMP: a 4-byte GB18030 sequence
    assert "𠮷".encode("gb18030") in printer.hardware.received and len("𠮷".encode("gb18030")) == 4
    pngs = [printer.hardware.render_last(folder / "acceptance_receipt.png") for folder in artifacts]
    image = np.asarray(Image.open(pngs[0]).convert("L"))
    assert image.shape[1] == 576 + 32  # 80 mm paper: 576 dots plus margins
    dark_rows = np.flatnonzero((image < 128).any(axis=1))
    assert len(dark_rows) > 300  # title, text, QR and barcode all put ink on paper
    qr_op = next(op for op in printer.hardware.receipts()[-1] if isinstance(op, QrOp))
    assert qr_op.data == b"https://example.gov.cn/r/R20261122-0001"


def test_qr_in_png_decodes_to_its_content(printer: SimulatedPrinter, tmp_path: Path) -> None:
    import cv2

    printer.print_receipt(printer.new_receipt().qr("R20261122-0001 测试").cut())
    png = printer.hardware.render_last(tmp_path / "qr.png")
    image = cv2.imread(str(png))
    value = scan_qr(image)
    assert value == "R20261122-0001 测试"


def test_58mm_wraps_long_lines_by_display_width() -> None:
    receipt = Receipt(58).text("测" * 20)
    d = Dummy()
    write_receipt(d, receipt)
    lines = printed_text(interpret(d.output)).splitlines()
    assert lines == ["测" * 16, "测" * 4]
    assert all(text_columns(line) <= 32 for line in wrap("中文ABC，。" * 9, 32))


def test_wrapping_keeps_codes_and_words_whole_and_brackets_with_what_they_open() -> None:
    # a technician reads the kiosk id and a citizen the date off the paper: never split across lines
    assert wrap("受理地点：示例市公安局政务服务大厅（demo-kiosk-01）", 48) == [
        "受理地点：示例市公安局政务服务大厅", "（demo-kiosk-01）"]
    assert wrap("Please bring your resident identity card and the old permit.", 32) == [
        "Please bring your resident", "identity card and the old", "permit."]
    assert wrap("往来港澳通行证申领/换发（含签注）", 16) == ["往来港澳通行证申", "领/换发（含签", "注）"]
    assert wrap("x" * 40, 32) == ["x" * 32, "x" * 8]  # longer than a line: split, nothing lost
    for text in ("预计办结日期（工作日）2026-12-02，请凭回执领取（demo-kiosk-01）" * 3, "（" * 40):
        lines = wrap(text, 32)
        assert "".join(lines) == text and all(text_columns(line) <= 32 for line in lines)


def test_firmware_and_model_come_from_the_printer_itself(printer: SimulatedPrinter) -> None:
    info = printer.check_health().info
    assert (info["firmware"], info["model"]) == ("SIM 1.04", "SIM-80 receipt printer")
    assert b"\x1dIA" in printer.hardware.received  # asked with GS I 65 over the wire
    result = printer.self_test()
    assert result.ok and "model: SIM-80 receipt printer, firmware: SIM 1.04" in result.lines
    assert "SIM 1.04" in printer.hardware.last_receipt_text()  # on the test receipt too


def test_a_printer_that_ignores_the_id_question_still_prints_and_its_firmware_is_unknown() -> None:
    quiet = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator",
                                        options={"answers_printer_id": False, "status_timeout_s": 0.2}))
    quiet.open()
    try:
        status = quiet.check_health()
        assert status.usable and "firmware" not in status.info
        assert "model: unknown, firmware: unknown" in quiet.self_test().lines
        quiet.print_receipt(acceptance_receipt())
        assert "业务受理回执" in quiet.hardware.last_receipt_text()
    finally:
        quiet.shutdown()


def test_paper_runs_out_on_script(printer: SimulatedPrinter) -> None:
    printer.load_paper(lines=6)
    with pytest.raises(DeviceFailure) as info:
        printer.print_receipt(acceptance_receipt())
    assert info.value.error.code == "paper_empty"
    status = printer.check_health()
    assert status.media is MediaState.EMPTY and not status.usable
    with pytest.raises(DeviceFailure) as again:
        printer.print_receipt(acceptance_receipt())  # refused before sending anything
    assert again.value.error.code == "paper_empty"
    printer.load_paper()
    printer.print_receipt(acceptance_receipt())
    assert printer.check_health().usable


@pytest.mark.parametrize(("fault", "availability", "media", "code"), [
    ("paper_empty", Availability.ONLINE, MediaState.EMPTY, "paper_empty"),
    ("cover_open", Availability.HARDWARE_ERROR, MediaState.OK, "cover_open"),
    ("jam", Availability.HARDWARE_ERROR, MediaState.JAMMED, "paper_jam"),
    ("offline", Availability.OFFLINE, MediaState.NOT_APPLICABLE, "timeout"),
])
def test_faults_show_in_status(printer: SimulatedPrinter, fault: str, availability: Availability,
                               media: MediaState, code: str) -> None:
    printer.set_fault(fault)
    status = printer.check_health()
    assert (status.availability, status.media) == (availability, media)
    assert status.last_error is not None and status.last_error.code == code
    assert not status.usable
    printer.clear_fault()
    assert printer.check_health().usable


def test_paper_low_still_usable(printer: SimulatedPrinter) -> None:
    printer.set_fault("paper_low")
    status = printer.check_health()
    assert status.media is MediaState.LOW and status.usable


def test_unplug_and_replug(printer: SimulatedPrinter) -> None:
    printer.unplug()
    assert printer.check_health().availability is Availability.OFFLINE
    with pytest.raises(DeviceFailure):
        printer.open()
    printer.replug()
    printer.open()
    printer.print_receipt(acceptance_receipt())
    assert "业务受理回执" in printer.hardware.last_receipt_text()


def test_status_bytes_round_trip_and_reject_noise() -> None:
    state = PrinterState(offline=True, paper_end_stop=True, paper_near_end=True, paper_end=True)
    answers = {n: bytes([b]) for n, b in encode_status(state).items()}
    assert parse_status(answers) == state
    assert to_device_status(parse_status({1: b"\x1a", 2: b"\x12", 4: b"\x12"})).last_error is not None  # bit 3: offline
    for bad in (b"", b"\x00", b"\xff", b"\x12\x12"):
        with pytest.raises(StatusError):
            check_status_byte(bad)
