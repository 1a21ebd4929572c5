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


def scans(splitter: LineSplitter, *bursts: bytes) -> list[str]:
    """Each burst arrives in pieces, then the line stays quiet (as between two reads)."""
    out: list[str] = []
    t = 0.0
    for burst in bursts:
        for i in range(0, len(burst), 3):
            assert splitter.feed(burst[i:i + 3], t) == []
            t += 0.001  # 9600 baud: about a millisecond a byte
        out += splitter.idle(t + splitter.gap_s / 2)  # not yet: the burst may go on
        t += 0.5
        out += splitter.idle(t)
    return out


def test_line_splitter_cr_lf_crlf_and_pieces() -> None:
    s = LineSplitter()
    assert scans(s, b"ABC\r\n", b"DEF\n", b"GH\r", b"\n\r\n") == ["ABC", "DEF", "GH"]
    assert scans(LineSplitter(max_len=4), b"123456789\r", b"OK\r") == ["OK"]


def test_a_code_without_its_terminator_is_not_glued_to_the_next_scan() -> None:
    """Issue #14 item 4: the bytes of one read, then silence, are one code."""
    s = LineSplitter()
    assert scans(s, b"134567890123456789", b"R20261122-0001\r") == ["134567890123456789", "R20261122-0001"]
    assert classify_code("134567890123456789").kind is CodeKind.WECHAT_PAY


def test_a_code_cut_by_a_stray_cr_is_dropped_not_classified() -> None:
    """Issue #14 item 4: "2812345678901234" alone has the shape of an Alipay code; followed at
    once by "5678" it is only a piece of one: the burst is dropped and counted."""
    s = LineSplitter()
    assert scans(s, b"2812345678901234\r5678\r") == []
    assert s.broken == 1
    assert scans(s, b"28123456789012345678\r") == ["28123456789012345678"]  # a clean rescan


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
        scanner.clear_codes()
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


def test_serial_scanner_ends_a_code_on_silence_and_drops_a_code_cut_by_a_stray_cr() -> None:
    """Issue #14 item 4, over a real pty: a WeChat code whose CR suffix was lost became "other"
    glued to the next scan; an Alipay code cut short by a stray CR was classified as Alipay."""
    scanner = SimulatedScanner(DeviceSpec("scanner", DeviceKind.SCANNER, "simulator"))
    scanner.open()
    try:
        scanner.set_fault("no_terminator")
        scanner.scan("134567890123456789")
        time.sleep(0.4)  # the citizen takes the phone away; the next thing scanned is a receipt
        scanner.clear_fault()
        scanner.scan("R20261122-0001")
        first, second = scanner.read_code(2.0), scanner.read_code(2.0)
        assert first is not None and (first.kind, first.text) == (CodeKind.WECHAT_PAY, "134567890123456789")
        assert second is not None and (second.kind, second.text) == (CodeKind.OTHER, "R20261122-0001")

        scanner.set_fault("stray_cr")
        scanner.scan("28123456789012345678")  # 20 digits; the CR falls after the 16th
        assert scanner.read_code(1.0) is None  # no piece of it is taken for a payment code
        assert scanner.counters["garbled_scans"] == 1
        scanner.clear_fault()
        scanner.scan("28123456789012345678")
        code = scanner.read_code(2.0)
        assert code is not None and (code.kind, code.text) == (CodeKind.ALIPAY, "28123456789012345678")
    finally:
        scanner.shutdown()
