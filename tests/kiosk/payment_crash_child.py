"""Child process for test_payment_crash.py: one citizen pays and submits, exactly as the kiosk's
pay and submit steps do, and the process stops dead (the parent sends SIGKILL) when the payment
journal reaches a given state. Run as:

    python payment_crash_child.py DATA_DIR KEY_FILE LEDGER METHOD CRASH_AT SERVER_URL SECRET SCRIPT [fail_submit]

SCRIPT is the bank terminal's script for card payments (the gateway's is set by the parent).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.payments.journal import Entry, Method, PaymentJournal, State
from kiosk.payments.service import PAID, Payments, Timings
from kiosk.session import Session
from kiosk.store.keys import load_or_create_key
from kiosk.store.outbox import OutboxLimits
from kiosk.store.store import open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.sync.client import ServerClient
from kiosk.workflow import SubmitError

WECHAT_CODE = "134567890123456789"
FAST = Timings(first_query_s=0.05, user_paying_every_s=0.1, user_paying_limit_s=2.0, unknown_limit_s=2.0)


def main(argv: list[str]) -> int:
    data_dir, key_file, ledger, method, crash_at, url, secret, script = argv[:8]
    fail_submit = argv[8:9] == ["fail_submit"]
    store = open_store(Path(data_dir), load_or_create_key(Path(key_file), Path(data_dir)), kiosk_id="crash-kiosk")
    if fail_submit:
        store.outbox.limits = OutboxLimits(warn_depth=1, warn_age_s=3600, max_depth=0)  # storage full
    journal = PaymentJournal(store.db, "crash-kiosk")
    terminal = SimulatedPaymentTerminal(DeviceSpec(name="pos", kind=DeviceKind.PAYMENT_TERMINAL, driver="simulator",
                                                   options={"ledger_path": ledger, "timeout_s": 1.0, "hang_s": 1.5,
                                                            "script": script if method == "card" else "approve"}))
    terminal.open()
    client = ServerClient(url, "crash-kiosk", secret)
    payments = Payments(journal, lambda: terminal, lambda: client, FAST)

    def crash_here(entry: Entry) -> None:
        if entry.state.value == crash_at:
            print(f"AT {crash_at} {entry.order_id}", flush=True)
            time.sleep(120)  # the parent kills us here

    journal.on_change(crash_here)
    item = load_catalog(default_catalog_dir()).item("CRJ-0102")
    session = Session()
    entry = journal.create(session.id, Method(method), 1500)
    if method == "card":
        result = payments.pay_card(entry)
    elif method == "code":
        result = payments.pay_code(entry, WECHAT_CODE, item.name.zh)
    else:
        entry, _text = payments.start_qr(entry, item.name.zh)
        client.pay_qr_simulate(entry.order_id, "paid")  # the citizen pays on the phone
        while entry.state is State.USER_PAYING:
            entry = payments.poll_qr(entry)
        result = payments.result_of(entry)
    if result.outcome != PAID:
        print(f"NOT PAID {result.outcome}", flush=True)
        return 3
    e = result.entry
    session.payments.append({"order_id": e.order_id, "method": method, "amount_fen": e.amount_fen,
                             "reference": e.reference})
    try:
        OutboxSubmitter(store.outbox, journal).submit(session, [item])
    except SubmitError:
        payments.refund(e)  # as the submit screen does
        print("REFUNDED", flush=True)
        return 0
    print("DONE", flush=True)
    if crash_at == "done":
        time.sleep(120)  # killed after the case: it must stay paid and submitted
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
