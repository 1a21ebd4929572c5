"""Code classification, the wedge assembler and the serial scanner on a pty."""

from __future__ import annotations

import time

import pytest

from devices.scanner.assembler import LineSplitter, WedgeAssembler
from devices.scanner.codes import CodeKind, classify_code
from devices.scanner.simulator import SimulatedScanner
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability


@pytest.mark.parametrize(("text", "kind"), [
    ("134567890123456789", CodeKind.WECHAT_PAY),  # 18 digits, 13…
    ("104567890123456789", CodeKind.WECHAT_PAY),
    ("164567890123456789", CodeKind.OTHER),  # 16… is not WeChat
    ("13456789012345678", CodeKind.OTHER),  # 17 digits
    ("2812345678901234", CodeKind.ALIPAY),  # 16 digits, 28…
    ("301234567890123456789012", CodeKind.ALIPAY),  # 24 digits
    ("3012345678901234567890123", CodeKind.OTHER),  # 25 digits
    ("311234567890123456", CodeKind.OTHER),
    ("6212345678901234567", CodeKind.UNIONPAY),  # 19 digits, 62…
    ("621234567890123456", CodeKind.OTHER),  # 18 digits, 62…
    ("R20261122-0001", CodeKind.OTHER),  # a receipt number
    ("１３４５６７８９０１２３４５６７８９", CodeKind.OTHER),  # full-width digits are not a payment code
    ("", CodeKind.OTHER),
])
def test_classify_code(text: str, kind: CodeKind) -> None:
    assert classify_code(text).kind is kind


def test_payment_code_not_in_repr() -> None:
    assert "134567890123456789" not in repr(classify_code("134567890123456789"))


def test_line_splitter_cr_lf_crlf_and_pieces() -> None:
    s = LineSplitter()
    assert s.feed(b"AB") == []
    assert s.feed(b"C\r\nDEF\nGH\r") == ["ABC", "DEF", "GH"]
    assert s.feed(b"\n\r\n") == []
    assert LineSplitter(max_len=4).feed(b"123456789\rOK\r") == ["OK"]


def test_wedge_assembler_fast_keys_then_enter() -> None:
    w = WedgeAssembler()
    t = 100.0
    out = [w.feed(ch, t + i * 0.01) for i, ch in enumerate("R20261122-0001")]
    assert out == [None] * 14
    assert w.feed("Enter", t + 0.15) == "R20261122-0001"


def test_wedge_assembler_ignores_human_typing() -> None:
    w = WedgeAssembler()
    for i, ch in enumerate("123456"):
        assert w.feed(ch, i * 0.3) is None  # a person types slowly
    assert w.feed("Return", 2.0) is None


def test_serial_scanner_on_a_pty() -> None:
    scanner = SimulatedScanner(DeviceSpec("scanner", DeviceKind.SCANNER, "simulator"))
    scanner.open()
    try:
        seen = []
        scanner.add_code_listener(seen.append)
        scanner.scan("134567890123456789")
        code = scanner.read_code(2.0)
        assert code is not None and code.kind is CodeKind.WECHAT_PAY
        scanner.set_fault("garbled")
        scanner.scan("R20261122-0001", terminator="\r\n")
        codes = [scanner.read_code(2.0), scanner.read_code(2.0)]
        assert any(c is not None and c.text == "R20261122-0001" and c.kind is CodeKind.OTHER for c in codes)
        assert len(seen) >= 2
        scanner.clear_fault()
        scanner.clear_codes()
        assert scanner.read_code(0.05) is None  # bounded wait
        scanner.unplug()
        deadline = time.monotonic() + 2
        while scanner.check_health().availability is not Availability.OFFLINE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert scanner.check_health().availability is Availability.OFFLINE
        scanner.replug()
        scanner.open()
        scanner.scan("6212345678901234567")
        code = scanner.read_code(2.0)
        assert code is not None and code.kind is CodeKind.UNIONPAY
    finally:
        scanner.shutdown()
