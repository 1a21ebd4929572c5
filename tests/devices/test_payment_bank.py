"""The simulated bank behind the MIS-POS simulator: a ledger that outlives the kiosk process,
void failures, and "reprint last" for a sale whose answer was lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devices.payment import mispos as m
from devices.payment.simulator import SimulatedBank, SimulatedPaymentTerminal
from devices.payment.terminal import Outcome
from devices.spec import DeviceKind, DeviceSpec

REPO = Path(__file__).resolve().parents[2]


def terminal(**options: object) -> SimulatedPaymentTerminal:
    t = SimulatedPaymentTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "simulator", options=options))
    t.open()
    return t


def test_unknown_result_is_found_by_reprint_last() -> None:
    t = terminal(script=["approve", "unknown_result", "timeout"], timeout_s=0.3, hang_s=0.4)
    assert t.query_last().code == "25"  # nothing yet
    earlier = t.sale(100)
    lost = t.sale(4200)
    assert lost.outcome is Outcome.UNKNOWN and lost.reference == ""  # the kiosk never got it
    last = t.query_last()
    assert last.outcome is Outcome.APPROVED and last.amount_fen == 4200
    assert last.reference and last.reference != earlier.reference
    assert last.reference == t.ledger()[-1].reference and last.voucher == t.ledger()[-1].voucher
    assert len(last.date) == 4 and len(last.time) == 6  # the original sale's date and time
    assert t.void(last.reference, last.voucher, 4200).outcome is Outcome.APPROVED
    assert t.query_last().code == "12"  # the last sale, now voided
    # a sale that charged nothing (timeout) leaves the last one as it was: the kiosk compares
    # the amount, time and known references before taking it as its own
    assert t.sale(999).outcome is Outcome.UNKNOWN
    time.sleep(0.3)
    assert t.query_last().reference == last.reference
    t.shutdown()


def test_void_fails_from_the_script_once() -> None:
    t = terminal(script=["void_fails", "approve"])
    sale = t.sale(500)
    assert sale.outcome is Outcome.APPROVED
    failed = t.void(sale.reference, sale.voucher, 500)
    assert (failed.outcome, failed.code) == (Outcome.DECLINED, "96")
    assert t.query(sale.reference).outcome is Outcome.APPROVED  # not voided
    assert t.void(sale.reference, sale.voucher, 500).outcome is Outcome.APPROVED  # retry works
    assert t.ledger()[0].voided
    t.shutdown()


def test_void_fails_fault_with_count_and_until_cleared() -> None:
    t = terminal()
    sale = t.sale(700)
    t.set_fault("void_fails", count=2)
    assert t.sale(100).outcome is Outcome.APPROVED  # sales are not affected
    assert [t.void(sale.reference, sale.voucher, 700).code for _ in range(3)] == ["96", "96", "00"]
    other = t.sale(300)
    t.set_fault("void_fails")  # until clear_fault
    assert [t.void(other.reference, other.voucher, 300).code for _ in range(3)] == ["96"] * 3
    t.clear_fault()
    assert t.void(other.reference, other.voucher, 300).outcome is Outcome.APPROVED
    with pytest.raises(ValueError):
        t.set_fault("void_fails", count=-1)
    t.shutdown()


def test_ledger_persists_across_instances(tmp_path: Path) -> None:
    path = tmp_path / "bank" / "ledger.json"
    t = terminal(ledger_path=str(path))
    first = t.sale(1000)
    second = t.sale(2000)
    t.void(first.reference, first.voucher, 1000)
    t.shutdown()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["counter"] == 2 and data["last"] == second.reference
    assert not list(path.parent.glob("*.tmp"))  # no temp file left behind
    again = terminal(ledger_path=str(path))
    assert [(e.amount_fen, e.voided) for e in again.ledger()] == [(1000, True), (2000, False)]
    assert again.query(second.reference).outcome is Outcome.APPROVED
    assert again.query(first.reference).code == "12"
    assert again.query_last().reference == second.reference
    third = again.sale(3000)  # the counter carries on: no reused voucher or reference
    assert third.voucher == "000003" and third.reference not in {first.reference, second.reference}
    again.shutdown()


def test_unreadable_ledger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="unreadable"):
        SimulatedBank(["approve"], 1.0, ledger_path=path)


KILLED_KIOSK = r"""
import os, signal, sys
from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind, DeviceSpec
t = SimulatedPaymentTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "simulator",
                             options={"ledger_path": sys.argv[1], "script": ["approve", "unknown_result"]}))
t.open()
t.sale(1500)
result = t.sale(4200)
print(result.outcome.value, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no clean shutdown, nothing flushed at exit
"""


def test_kiosk_killed_with_sigkill_finds_the_charge_after_restart(tmp_path: Path) -> None:
    path = tmp_path / "ledger.json"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", KILLED_KIOSK, str(path)], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.strip() == "unknown"
    t = terminal(ledger_path=str(path))  # the restarted kiosk, same bank
    last = t.query_last()
    assert last.outcome is Outcome.APPROVED and last.amount_fen == 4200
    assert [e.amount_fen for e in t.ledger()] == [1500, 4200]
    assert t.void(last.reference, last.voucher, 4200).outcome is Outcome.APPROVED
    t.shutdown()
    assert json.loads(path.read_text(encoding="utf-8"))["ledger"][1]["voided"] is True


def test_reprint_with_empty_reference_is_a_plain_record() -> None:
    """The query-last request is an ordinary REPRINT record: blank original reference."""
    record = m.build_request(m.MisPosRequest(m.TransType.REPRINT))
    assert record[16:18] == b"04" and record[38:50] == b" " * 12
    assert m.parse_request(record).orig_reference == ""
