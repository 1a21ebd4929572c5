"""SIGKILL at every payment journal state, for the bank card and both QR directions, then a
restart: the end is always "paid once and the case submitted" or "refunded and not submitted".

The bank (the simulated terminal's ledger file) and the gateway (the central server, a separate
process) outlive the killed kiosk, as they do in life."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind, DeviceSpec
from kiosk.payments.journal import PaymentJournal, State
from kiosk.payments.service import Payments, Timings
from kiosk.store.keys import load_or_create_key
from kiosk.store.store import open_store
from kiosk.sync.client import ServerClient
from server.launcher import LocalServer, start_local_server

CHILD = Path(__file__).with_name("payment_crash_child.py")
ROOT = Path(__file__).resolve().parents[2]
FAST = Timings(first_query_s=0.05, user_paying_every_s=0.1, user_paying_limit_s=2.0, unknown_limit_s=2.0)

# (method, kill at this journal state, gateway/terminal script, make the case fail after paying)
CASES = [
    ("card", "created", "approve", False),
    ("card", "submitted", "approve", False),
    ("card", "unknown", "unknown_result", False),
    ("card", "paid", "approve", False),
    ("card", "done", "approve", False),
    ("card", "reversing", "approve", True),
    ("code", "created", "paid", False),
    ("code", "submitted", "paid", False),
    ("code", "user_paying", "user_paying", False),
    ("code", "unknown", "system_error", False),
    ("code", "paid", "paid", False),
    ("code", "done", "paid", False),
    ("code", "reversing", "paid", True),
    ("qr", "created", "", False),
    ("qr", "submitted", "", False),
    ("qr", "user_paying", "", False),
    ("qr", "paid", "", False),
    ("qr", "done", "", False),
    ("qr", "reversing", "", True),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "crash-kiosk") as local:
        yield local


def _run_child_until(args: list[str], crash_at: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith(f"AT {crash_at}") or (crash_at == "done" and line.startswith("DONE")):
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
                return line.split()[2] if line.startswith("AT") else ""
            if line.startswith(("NOT PAID", "REFUNDED", "DONE")):
                break
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    raise AssertionError(f"the child never reached {crash_at} (exit {proc.returncode})")


@pytest.mark.parametrize(("method", "crash_at", "script", "fail_submit"), CASES,
                         ids=[f"{m}-{c}{'-case-fails' if f else ''}" for m, c, _, f in CASES])
def test_killed_at_every_journal_state_ends_paid_and_submitted_or_refunded(
        tmp_path: Path, server: LocalServer, method: str, crash_at: str, script: str, fail_submit: bool) -> None:
    client = ServerClient(server.url, server.kiosk_id, server.secret)
    data, key, ledger = tmp_path / "data", tmp_path / "keys" / "data.key", tmp_path / "bank.json"
    if method == "code":
        client.pay_code_script([script])
    args = [str(data), str(key), str(ledger), method, crash_at, server.url, server.secret, script or "-"]
    _run_child_until(args + (["fail_submit"] if fail_submit else []), crash_at)

    # -- restart: what the kiosk does at start-up before the first citizen ---------------------------
    store = open_store(data, load_or_create_key(key, data), kiosk_id="crash-kiosk")
    try:
        journal = PaymentJournal(store.db, "crash-kiosk")
        terminal = SimulatedPaymentTerminal(DeviceSpec(name="pos", kind=DeviceKind.PAYMENT_TERMINAL, driver="simulator",
                                                       options={"ledger_path": str(ledger), "timeout_s": 1.0}))
        terminal.open()
        results = Payments(journal, lambda: terminal, lambda: client, FAST).recover()
        [entry] = journal.recent()
        cases = store.outbox.depth()
        if method == "card":
            kept = [s for s in terminal.ledger() if not s.voided]
            charges = len(kept)
        elif method == "code":
            try:
                charges = int(client.pay_code_status(entry.order_id)["status"] == "paid")
            except Exception:  # never reached the gateway
                charges = 0
        else:
            try:
                charges = int(client.pay_qr_status(entry.order_id)["status"] == "paid")
            except Exception:
                charges = 0
        terminal.shutdown()
    finally:
        store.close()
    assert entry.state in (State.SETTLED, State.FAILED, State.REVERSED), entry
    if entry.state is State.SETTLED:
        assert (charges, cases) == (1, 1), "paid once and the case submitted"
        assert results == []
    else:
        assert (charges, cases) == (0, 0), "refunded (or never charged) and not submitted"
    if crash_at in ("paid", "reversing") or (crash_at == "unknown" and method == "card"):
        # money had moved when the kiosk died: the notice on restart says it was returned, and by when
        assert [r.outcome for r in results] == ["refunded"] and results[0].refund_by is not None
    json.dumps([r.outcome for r in results])  # plain values, shown by the notice screen
