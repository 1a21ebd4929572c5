"""Payment numbers: what the crash-safe journal costs and how long the kiosk's own part of a payment
takes, with the gateway (the central server, SQLite, a subprocess on loopback) and the simulated
bank-card terminal (in process, answering at once) so that only the kiosk's work is timed.

    uv run python benchmarks/bench_payments.py [--n 200] [--recover 50]

Prints: journal write (one state change = one committed, fsynced SQLite transaction with its audit
row) p50/p99; a payment-code charge (create → submitted → paid: three journal writes and one signed
HTTPS-shaped request) p50/p95; a bank-card sale through the MIS-POS driver p50/p95; a case submitted
and its payment settled in the same transaction p50/p95; start-up recovery of N paid payments left
without a case (each refunded at the gateway) in total and per payment.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.payments import service as pay
from kiosk.payments.journal import Method, PaymentJournal, State
from kiosk.payments.service import Payments, Timings
from kiosk.session import Session
from kiosk.store.store import open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.sync.client import ServerClient
from server.launcher import start_local_server

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_outbox import pct  # noqa: E402

KIOSK = "bench-pay-01"
WECHAT_CODE = "134567890123456789"  # the shape of a WeChat payment code; the gateway is simulated
FAST = Timings(first_query_s=0.01, user_paying_every_s=0.01, user_paying_limit_s=1.0, unknown_limit_s=1.0,
               qr_poll_s=0.01)


def ms(seconds: list[float], q: float) -> str:
    return f"{pct(seconds, q * 100) * 1000:.2f} ms"  # the same percentile as the outbox numbers


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200, help="payments per measurement")
    parser.add_argument("--recover", type=int, default=50, help="payments left without a case for start-up")
    args = parser.parse_args()
    catalog = load_catalog(default_catalog_dir())
    item = catalog.item("CRJ-0102")

    with tempfile.TemporaryDirectory(dir=REPO) as tmp, start_local_server(Path(tmp) / "server", KIOSK) as server:
        client = ServerClient(server.url, server.kiosk_id, server.secret)
        store = open_store(Path(tmp) / "data", os.urandom(32), kiosk_id=KIOSK)
        terminal = SimulatedPaymentTerminal(DeviceSpec("pos", DeviceKind.PAYMENT_TERMINAL, "simulator",
                                                       options={"timeout_s": 2.0}))
        terminal.open()
        journal = PaymentJournal(store.db, KIOSK)
        payments = Payments(journal, lambda: terminal, lambda: client, FAST, alert=store.add_alert)
        submitter = OutboxSubmitter(store.outbox, journal)
        try:
            writes: list[float] = []
            for i in range(args.n):
                entry = journal.create(f"w{i}", Method.CODE, 1500)
                writes.append(timed(lambda: journal.move(entry, State.FAILED, reason="bench")))

            code, card, settle = [], [], []
            client.pay_code_script(["paid"])  # the last step repeats
            for i in range(args.n):
                session = Session()
                entry = journal.create(session.id, Method.CODE, 1500)
                start = time.perf_counter()
                result = payments.pay_code(entry, WECHAT_CODE, "签注")
                code.append(time.perf_counter() - start)
                assert result.outcome == pay.PAID, result
                session.payments.append({"order_id": entry.order_id, "method": "code", "amount_fen": 1500,
                                         "reference": result.entry.reference})
                session.answers.update({"delivery_method": "pickup", "phone": "13900000000"})
                settle.append(timed(lambda: submitter.submit(session, [item])))
                assert journal.get(entry.order_id).state is State.SETTLED
            for i in range(args.n):
                session = Session()
                entry = journal.create(session.id, Method.CARD, 1500)
                start = time.perf_counter()
                result = payments.pay_card(entry)
                card.append(time.perf_counter() - start)
                assert result.outcome == pay.PAID, result
                session.payments.append({"order_id": entry.order_id, "method": "card", "amount_fen": 1500,
                                         "reference": result.entry.reference})
                session.answers.update({"delivery_method": "pickup", "phone": "13900000000"})
                submitter.submit(session, [item])

            for i in range(args.recover):  # paid, then the kiosk died before the case was written
                entry = journal.create(f"lost{i}", Method.CODE, 1500)
                payments.pay_code(entry, WECHAT_CODE, "签注")
            start = time.perf_counter()
            results = payments.recover()
            recovery = time.perf_counter() - start
            outcomes = [r.outcome for r in results]
            assert outcomes == [pay.REFUNDED] * args.recover, f"{len(outcomes)} results: {set(outcomes)}"
        finally:
            terminal.shutdown()
            store.close()

    print(f"journal write (one state change, fsynced): p50 {ms(writes, 0.5)}  p99 {ms(writes, 0.99)}  (n={args.n})")
    print(f"payment-code charge, kiosk side:           p50 {ms(code, 0.5)}  p95 {ms(code, 0.95)}")
    print(f"bank-card sale via MIS-POS (instant bank): p50 {ms(card, 0.5)}  p95 {ms(card, 0.95)}")
    print(f"case submitted + payment settled:          p50 {ms(settle, 0.5)}  p95 {ms(settle, 0.95)}")
    print(f"start-up recovery of {args.recover} paid payments without a case: "
          f"{recovery:.2f} s, {recovery / args.recover * 1000:.1f} ms each (all refunded)")


if __name__ == "__main__":
    main()
