"""MIS-POS records, the simulated bank, and the ctypes driver against a compiled C library."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from devices.payment import mispos as m
from devices.payment.driver import MisPosTerminal
from devices.payment.simulator import SimulatedPaymentTerminal
from devices.manager import DeviceManager
from devices.payment.terminal import Outcome
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceFailure


def terminal(**options: object) -> SimulatedPaymentTerminal:
    t = SimulatedPaymentTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "simulator", options=options))
    t.open()
    return t


def test_request_record_layout() -> None:
    record = m.build_request(m.MisPosRequest(m.TransType.SALE, 1234, "POS00001", "OP01"))
    assert len(record) == m.REQUEST_LEN == 59
    assert record[:8] == b"POS00001" and record[8:16] == b"OP01    "
    assert record[16:18] == b"00" and record[18:30] == b"000000001234"
    assert m.parse_request(record).amount_fen == 1234


def test_response_round_trip_with_chinese_message() -> None:
    resp = m.MisPosResponse("00", "0102", "622202******1234", "000123", 1500, "交易成功（测试）", "898110000000001",
                            "SIM00001", "000001", "1122", "101530", "101530000001", "123456", "1122")
    raw = m.build_response(resp)
    assert len(raw) == m.RESPONSE_LEN == 148
    assert m.parse_response(raw + b"\x00" * 10) == resp


def test_long_message_cut_at_character_boundary() -> None:
    raw = m.build_response(m.MisPosResponse("05", message="很" * 30))
    assert m.parse_response(raw).message == "很" * 20


@pytest.mark.parametrize("bad", [b"", b"00" * 10, b"x" * 148])
def test_bad_response_records_raise_only_mispos_error(bad: bytes) -> None:
    with pytest.raises(m.MisPosError):
        m.parse_response(bad)


@pytest.mark.parametrize("amount", [-1, 10**12, 1.5, True])
def test_amounts_are_integer_fen_in_range(amount: object) -> None:
    with pytest.raises(m.MisPosError):
        m.build_request(m.MisPosRequest(m.TransType.SALE, amount))  # type: ignore[arg-type]


def test_sale_approve_query_and_void() -> None:
    t = terminal()
    assert t.sign_in().outcome is Outcome.APPROVED
    sale = t.sale(2500)
    assert sale.outcome is Outcome.APPROVED and sale.amount_fen == 2500 and sale.reference
    assert "******" in sale.card
    assert t.query(sale.reference).outcome is Outcome.APPROVED
    assert t.void(sale.reference, sale.voucher, 2500).outcome is Outcome.APPROVED
    assert t.query(sale.reference).outcome is Outcome.DECLINED  # voided
    assert t.void(sale.reference, sale.voucher, 2500).outcome is Outcome.DECLINED  # not twice
    with pytest.raises(ValueError):
        t.sale(0)
    t.shutdown()


def test_a_settled_sale_cannot_be_voided_only_refunded_with_its_date() -> None:
    t = terminal()
    sale = t.sale(2500)
    t.settle()
    void = t.void(sale.reference, sale.voucher, 2500)
    assert void.outcome is Outcome.DECLINED and void.code == "12"
    looked = t.query(sale.reference)
    [entry] = t.ledger()
    assert looked.date == entry.date[4:]  # the terminal says which day it was
    assert t.refund(sale.reference, "20000101", 2500).code == "25"  # wrong original date
    assert t.refund(sale.reference, entry.date, 2500).outcome is Outcome.APPROVED
    assert t.refund(sale.reference, entry.date, 2500).code == "25"  # never twice
    assert t.ledger()[0].refunded
    t.shutdown()


def test_decline_script() -> None:
    t = terminal(script=["decline", "insufficient_funds", "approve"])
    first, second, third = t.sale(100), t.sale(100), t.sale(100)
    assert (first.outcome, first.code) == (Outcome.DECLINED, "05")
    assert (second.outcome, second.code) == (Outcome.DECLINED, "51")
    assert third.outcome is Outcome.APPROVED
    t.shutdown()


def test_timeout_is_unknown_and_bounded() -> None:
    t = terminal(script=["timeout"], timeout_s=0.3, hang_s=0.6)
    started = time.monotonic()
    result = t.sale(100)
    assert result.outcome is Outcome.UNKNOWN and result.code == "timeout"
    assert time.monotonic() - started < 1.0
    assert not t.check_health().usable  # still stuck in the earlier call: it cannot be driven
    assert t.sale(100).code == "busy"
    time.sleep(0.5)
    t.set_script(["approve"])
    assert t.check_health().usable  # the call returned: asked again, it answers
    assert t.sale(100).outcome is Outcome.APPROVED
    assert [e.amount_fen for e in t.ledger()] == [100]  # the timed-out sale charged nothing
    t.shutdown()


def test_unknown_result_was_charged_and_query_finds_nothing_by_guess() -> None:
    t = terminal(script=["unknown_result"])
    result = t.sale(4200)
    assert result.outcome is Outcome.UNKNOWN and result.code == "bad_answer"
    charged = t.ledger()
    assert len(charged) == 1 and charged[0].amount_fen == 4200  # the bank did take the money
    # the kiosk recovers it by reference from its journal / the terminal's last transaction
    assert t.query(charged[0].reference).outcome is Outcome.APPROVED
    assert t.void(charged[0].reference, charged[0].voucher, 4200).outcome is Outcome.APPROVED
    t.shutdown()


def test_offline_terminal() -> None:
    t = terminal(health_every_s=0)
    t.set_fault("offline")
    deadline = time.monotonic() + 2
    while t.check_health().availability is not Availability.OFFLINE and time.monotonic() < deadline:
        time.sleep(0.01)  # an idle terminal is asked in the background
    assert t.check_health().availability is Availability.OFFLINE
    with pytest.raises(DeviceFailure):
        t.open()
    t.clear_fault()
    t.open()
    assert t.check_health().usable
    t.shutdown()


C_LIBRARY = r"""
#include <string.h>
#include <stdio.h>
#include <unistd.h>
/* A stand-in vendor library: approves every sale, echoing the amount. Built with -DUNPLUGGED=path:
   while that file exists the terminal does not answer and the library returns an error code. */
int bankall(char *req, char *rsp) {
#ifdef UNPLUGGED
    if (access(UNPLUGGED, F_OK) == 0) return -3;
#endif
    char body[146];
    char amount[13];
    memcpy(amount, req + 18, 12); amount[12] = 0;
#ifdef BLANK_AMOUNT
    memset(amount, ' ', 12);  /* a library that leaves the amount field blank */
#endif
    snprintf(body, sizeof body, "%-2s%-4s%-20s%-6s%-12s%-40s%-15s%-8s%-6s%-4s%-6s%-12s%-6s%-4s",
             "00", "0102", "622202******9999", "000007", amount, "APPROVED", "898110000000001",
             "CLIB0001", "000001", "1122", "101010", "000000000007", "654321", "1122");
    unsigned char x = 0;
    for (int i = 0; i < 145; i++) x ^= (unsigned char)body[i];
    memcpy(rsp, body, 145);
    snprintf(rsp + 145, 4, "%03d", x);
    return 0;
}
"""


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build the stand-in vendor library")
def test_ctypes_driver_with_a_real_shared_library(tmp_path: Path) -> None:
    src = tmp_path / "bank.c"
    src.write_text(C_LIBRARY)
    lib = tmp_path / "libbank.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src)], check=True, timeout=60)
    t = MisPosTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "mispos", options={"library": str(lib)}))
    t.open()
    result = t.sale(1999)
    assert result.outcome is Outcome.APPROVED
    assert (result.amount_fen, result.card, result.auth_code) == (1999, "622202******9999", "654321")
    t.shutdown()


def test_ctypes_driver_without_library() -> None:
    t = MisPosTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "mispos", options={"library": "/nonexistent.so"}))
    with pytest.raises(DeviceFailure) as info:
        t.open()
    assert info.value.error.code == "no_device"


def _build_library(tmp_path: Path, *defines: str) -> Path:
    src = tmp_path / "bank.c"
    src.write_text(C_LIBRARY)
    lib = tmp_path / "libbank.so"
    subprocess.run(["cc", "-shared", "-fPIC", *defines, "-o", str(lib), str(src)], check=True, timeout=60)
    return lib


def _wait_for(manager: DeviceManager, usable: bool, within_s: float = 5.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        manager.poll_once()
        if (DeviceKind.PAYMENT_TERMINAL in manager.usable_kinds()) is usable:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build the stand-in vendor library")
def test_terminal_health_asks_the_terminal_and_recovers_by_itself(tmp_path: Path) -> None:
    """Issue #14 item 2: after a vendor error code the terminal stayed hardware_error until some
    other transaction succeeded, and an idle terminal that stopped answering still showed online."""
    unplugged = tmp_path / "unplugged"
    lib = _build_library(tmp_path, f'-DUNPLUGGED="{unplugged}"')
    t = MisPosTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "mispos",
                                  options={"library": str(lib), "health_every_s": 0.2}))
    manager = DeviceManager([t.spec], devices=[t], backoff_base_s=0.05, backoff_cap_s=0.2)
    manager.open_all(start_health_thread=False)
    try:
        assert _wait_for(manager, usable=True)
        unplugged.touch()  # the PIN pad's cable is pulled while nobody pays
        assert _wait_for(manager, usable=False), "an idle terminal that no longer answers is not usable"
        unplugged.unlink()
        assert _wait_for(manager, usable=True), "back without any sale: health asked the terminal again"

        unplugged.touch()
        assert t.sale(1500).outcome is Outcome.UNKNOWN  # the vendor's error code: result unknown
        assert not t.status.usable
        unplugged.unlink()
        assert _wait_for(manager, usable=True), "a vendor error code does not latch"
        assert t.sale(1500).outcome is Outcome.APPROVED
    finally:
        manager.close_all()


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build the stand-in vendor library")
def test_an_approval_with_a_blank_amount_is_not_an_approval(tmp_path: Path) -> None:
    """Issue #14 item 1 at the record level: MIS-POS response bytes 32–43 are the transaction's
    amount in fen; an "00" answer whose amount field is blank (read as 0) is not an approval of
    the 19.99 asked, so the result is unknown (query, then void), never APPROVED."""
    lib = _build_library(tmp_path, "-DBLANK_AMOUNT")
    t = MisPosTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "mispos", options={"library": str(lib)}))
    t.open()
    try:
        result = t.sale(1999)
        assert result.outcome is Outcome.UNKNOWN and result.code == "mismatch"
    finally:
        t.shutdown()


def test_a_terminal_without_its_vendor_library_is_never_usable() -> None:
    """Issue #14 item 2: a terminal whose library failed to load showed "busy" (usable) once
    anyone tried it, e.g. the technician's self-test."""
    t = MisPosTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "mispos", options={"library": "/nonexistent.so"}))
    manager = DeviceManager([t.spec], devices=[t])
    manager.open_all(start_health_thread=False)
    try:
        result = t.self_test()
        assert not result.ok
        assert not t.status.usable and t.status.availability is not Availability.BUSY
        assert t.sale(1500).code == "not_connected"  # nothing sent, said plainly
        manager.poll_once()
        assert DeviceKind.PAYMENT_TERMINAL not in manager.usable_kinds()
    finally:
        manager.close_all()
