"""Payment orchestration against the real central server's simulated gateway and the simulated
bank-card terminal: what ends up charged, returned or settled, and what the citizen is told."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.payments import service as pay
from kiosk.payments.journal import Method, PaymentJournal, State
from kiosk.payments.service import Payments, Timings
from kiosk.session import Session
from kiosk.store.store import Store, open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.sync.client import ServerClient
from kiosk.workflow import SubmitError
from server.launcher import LocalServer, start_local_server

WECHAT_CODE = "134567890123456789"  # 18 digits starting 13: a WeChat payment code (single use)
FAST = Timings(first_query_s=0.05, user_paying_every_s=0.1, user_paying_limit_s=0.6, unknown_limit_s=0.6,
               qr_poll_s=0.05)
CATALOG = load_catalog(default_catalog_dir())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "pay-kiosk-01") as local:
        yield local


@pytest.fixture
def client(server: LocalServer) -> Iterator[ServerClient]:
    c = ServerClient(server.url, server.kiosk_id, server.secret)
    c.pay_code_script(["paid"])
    yield c
    c.pay_code_script(["paid"])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data", secrets.token_bytes(32), kiosk_id="pay-kiosk-01")
    yield s
    s.close()


@pytest.fixture
def terminal() -> Iterator[SimulatedPaymentTerminal]:
    t = SimulatedPaymentTerminal(DeviceSpec(name="pos", kind=DeviceKind.PAYMENT_TERMINAL, driver="simulator",
                                            options={"timeout_s": 0.5, "hang_s": 0.8}))
    t.open()
    yield t
    t.shutdown()


def _payments(store: Store, client: ServerClient | None, terminal: SimulatedPaymentTerminal | None = None,
              timings: Timings = FAST) -> Payments:
    journal = PaymentJournal(store.db, "pay-kiosk-01")
    return Payments(journal, lambda: terminal, lambda: client, timings, alert=store.add_alert)


# -- payment code (the citizen's phone under the scanner) ---------------------------------------------
def test_payment_code_paid_then_settled_with_its_case(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    session = Session()
    entry = payments.journal.create(session.id, Method.CODE, 7500)
    result = payments.pay_code(entry, WECHAT_CODE, "往来港澳通行证")
    assert result.outcome == pay.PAID and result.entry.reference
    session.payments.append({"order_id": entry.order_id, "method": "code", "amount_fen": 7500,
                             "reference": result.entry.reference})
    numbers = OutboxSubmitter(store.outbox, payments.journal).submit(session, [CATALOG.item("CRJ-0101")])
    settled = payments.journal.get(entry.order_id)
    assert settled.state is State.SETTLED and settled.case_numbers == numbers[0]
    assert payments.recover() == []  # nothing left for start-up: never refunded, never charged again


def test_declined_code_charges_nothing(store: Store, client: ServerClient) -> None:
    client.pay_code_script(["declined"])
    payments = _payments(store, client)
    entry = payments.journal.create("s", Method.CODE, 1500)
    result = payments.pay_code(entry, WECHAT_CODE, "签注")
    assert result.outcome == pay.DECLINED
    assert payments.journal.get(entry.order_id).state is State.FAILED


def test_user_paying_then_paid_is_queried_until_paid(store: Store, client: ServerClient) -> None:
    client.pay_code_script(["user_paying"])
    payments = _payments(store, client)
    entry = payments.journal.create("s", Method.CODE, 1500)
    result = payments.pay_code(entry, WECHAT_CODE, "签注")
    assert result.outcome == pay.PAID
    assert client.pay_code_status(entry.order_id)["status"] == "paid"


def test_user_paying_forever_is_reversed_and_the_citizen_told_by_when(store: Store, client: ServerClient) -> None:
    client.pay_code_script(["user_paying_forever"])
    payments = _payments(store, client)
    entry = payments.journal.create("s", Method.CODE, 1500)
    result = payments.pay_code(entry, WECHAT_CODE, "签注")
    assert result.outcome == pay.REFUNDED and result.refund_by is not None
    assert client.pay_code_status(entry.order_id)["status"] == "reversed"


def test_system_error_after_the_money_moved_is_found_by_query(store: Store, client: ServerClient) -> None:
    client.pay_code_script(["system_error"])
    payments = _payments(store, client)
    entry = payments.journal.create("s", Method.CODE, 1500)
    assert payments.pay_code(entry, WECHAT_CODE, "签注").outcome == pay.PAID


def test_system_error_without_payment_is_a_plain_failure(store: Store, client: ServerClient) -> None:
    client.pay_code_script(["system_error_unpaid"])
    payments = _payments(store, client)
    entry = payments.journal.create("s", Method.CODE, 1500)
    assert payments.pay_code(entry, WECHAT_CODE, "签注").outcome == pay.DECLINED


def test_a_reversal_that_fails_is_retried_until_the_money_is_back(store: Store, client: ServerClient) -> None:
    client.pay_code_script(["reverse_fails"])
    payments = _payments(store, client)
    entry = payments.journal.create("s", Method.CODE, 1500)
    assert payments.pay_code(entry, WECHAT_CODE, "签注").outcome == pay.PAID
    # The case could not be stored: the money goes back (the gateway refuses twice, then reverses).
    back = payments.refund(payments.journal.get(entry.order_id))
    assert back.state is State.REVERSED
    assert client.pay_code_status(entry.order_id)["status"] == "reversed"


def test_a_case_cannot_be_taken_on_a_payment_that_was_returned(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    session = Session()
    entry = payments.journal.create(session.id, Method.CODE, 1500)
    paid = payments.pay_code(entry, WECHAT_CODE, "签注").entry
    payments.refund(paid)
    session.payments.append({"order_id": entry.order_id, "method": "code", "amount_fen": 1500, "reference": ""})
    with pytest.raises(SubmitError):
        OutboxSubmitter(store.outbox, payments.journal).submit(session, [CATALOG.item("CRJ-0102")])
    assert store.outbox.depth() == 0  # nothing half-committed


def test_gateway_unreachable_means_the_method_is_not_available(store: Store) -> None:
    payments = _payments(store, None)
    entry = payments.journal.create("s", Method.CODE, 1500)
    assert payments.pay_code(entry, WECHAT_CODE, "签注").outcome == pay.UNAVAILABLE


# -- QR code shown by the kiosk -------------------------------------------------------------------------
def test_qr_paid_on_the_phone_is_seen_by_polling(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry, text = payments.start_qr(payments.journal.create("s", Method.QR, 6000), "往来港澳通行证")
    assert text and entry.state is State.USER_PAYING
    assert payments.poll_qr(entry).state is State.USER_PAYING
    client.pay_qr_simulate(entry.order_id, "paid")
    assert payments.poll_qr(entry).state is State.PAID


def test_qr_cancelled_before_paying_charges_nothing(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry, _ = payments.start_qr(payments.journal.create("s", Method.QR, 6000), "x")
    result = payments.cancel_qr(entry)
    assert result.outcome == pay.CANCELLED
    assert client.pay_qr_status(entry.order_id)["status"] == "cancelled"


def test_qr_paid_at_the_moment_of_cancelling_is_refunded(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry, _ = payments.start_qr(payments.journal.create("s", Method.QR, 6000), "x")
    client.pay_qr_simulate(entry.order_id, "paid")  # the phone paid; the kiosk has not polled yet
    result = payments.cancel_qr(entry)
    assert result.outcome == pay.REFUNDED
    assert client.pay_qr_status(entry.order_id)["status"] == "refunded"


# -- start-up recovery ------------------------------------------------------------------------------------
def test_recovery_reverses_a_code_charge_whose_answer_was_lost(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry = payments.journal.move(payments.journal.create("gone", Method.CODE, 1500), State.SUBMITTED)
    client.pay_code_charge(entry.order_id, WECHAT_CODE, 1500, "x")  # reached the gateway; then the crash
    results = payments.recover()
    assert [r.outcome for r in results] == [pay.REFUNDED]
    assert client.pay_code_status(entry.order_id)["status"] == "reversed"


def test_recovery_blocks_a_charge_that_never_arrived(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry = payments.journal.move(payments.journal.create("gone", Method.CODE, 1500), State.SUBMITTED)
    results = payments.recover()
    assert [r.outcome for r in results] == [pay.CANCELLED]
    from kiosk.sync.errors import ApiError
    with pytest.raises(ApiError) as late:  # the request arrives late: refused, never charged
        client.pay_code_charge(entry.order_id, WECHAT_CODE, 1500, "x")
    assert late.value.status == 409


def test_recovery_refunds_a_paid_qr_order_without_a_case(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry, _ = payments.start_qr(payments.journal.create("gone", Method.QR, 6000), "x")
    client.pay_qr_simulate(entry.order_id, "paid")
    assert [r.outcome for r in payments.recover()] == [pay.REFUNDED]
    assert client.pay_qr_status(entry.order_id)["status"] == "refunded"


def test_recovery_leaves_the_current_citizens_payment_alone(store: Store, client: ServerClient) -> None:
    payments = _payments(store, client)
    entry = payments.journal.create("here", Method.CODE, 1500)
    assert payments.recover(frozenset({"here"})) == []
    assert payments.journal.get(entry.order_id).state is State.CREATED


# -- bank card ----------------------------------------------------------------------------------------------
def test_card_approved_is_paid_with_the_masked_card(store: Store, terminal: SimulatedPaymentTerminal) -> None:
    payments = _payments(store, None, terminal)
    result = payments.pay_card(payments.journal.create("s", Method.CARD, 1500))
    assert result.outcome == pay.PAID
    assert result.entry.card == "622202******1234" and result.entry.reference


def test_card_answer_lost_is_found_on_the_terminal(store: Store, terminal: SimulatedPaymentTerminal) -> None:
    terminal.set_fault("unknown_result")
    payments = _payments(store, None, terminal)
    result = payments.pay_card(payments.journal.create("s", Method.CARD, 1500))
    [sale] = terminal.ledger()
    assert result.outcome == pay.PAID and result.entry.reference == sale.reference


@pytest.mark.parametrize("fault", ["blank_amount", "other_amount"])
def test_a_card_approval_for_another_amount_is_returned_never_paid(store: Store, terminal: SimulatedPaymentTerminal,
                                                                  fault: str) -> None:
    """Issue #14 item 1: an APPROVED answer with a blank amount (read as 0) or another amount than
    asked ended PAID. MIS-POS: an approval's amount field is the amount of the transaction."""
    terminal.set_fault(fault)
    payments = _payments(store, None, terminal)
    entry = payments.journal.create("s", Method.CARD, 1500)
    result = payments.pay_card(entry)
    assert result.outcome == pay.REFUNDED and result.refund_by is not None  # the citizen is told
    assert payments.journal.get(entry.order_id).state is State.REVERSED
    [sale] = terminal.ledger()
    assert sale.voided  # whatever the bank took is back on the card


def test_an_earlier_sale_is_not_mistaken_for_ours(store: Store, terminal: SimulatedPaymentTerminal) -> None:
    payments = _payments(store, None, terminal)
    assert payments.pay_card(payments.journal.create("a", Method.CARD, 1500)).outcome == pay.PAID
    terminal.set_fault("timeout")  # our sale never reaches the bank; the last sale is the earlier one
    result = payments.pay_card(payments.journal.create("b", Method.CARD, 1500))
    assert result.outcome == pay.DECLINED and result.reason == "not_charged"
    assert len(terminal.ledger()) == 1


def test_a_card_sale_settled_overnight_is_refunded_because_it_can_no_longer_be_voided(
        store: Store, terminal: SimulatedPaymentTerminal) -> None:
    payments = _payments(store, None, terminal)
    entry = payments.journal.create("gone", Method.CARD, 1500)
    assert payments.pay_card(entry).outcome == pay.PAID  # ... and the kiosk lost power before the case
    terminal.settle()  # it stayed off overnight: the bank settled the day's sales
    [result] = payments.recover()
    assert result.outcome == pay.REFUNDED and result.refund_by is not None
    [sale] = terminal.ledger()
    assert sale.voided and sale.refunded  # returned by a refund with the original date, not a void
    assert payments.journal.get(entry.order_id).state is State.REVERSED


def test_sale_date_takes_the_year_closest_to_the_journal() -> None:
    assert pay.sale_date("1206", "2026-12-06T10:00:00Z") == "20261206"
    assert pay.sale_date("0101", "2026-12-31T16:30:00Z") == "20270101"  # Beijing was already in 2027
    assert pay.sale_date("1231", "2027-01-01T02:00:00Z") == "20261231"


def test_card_void_that_fails_is_retried_and_then_handed_to_staff(store: Store,
                                                                 terminal: SimulatedPaymentTerminal) -> None:
    payments = _payments(store, None, terminal, Timings(reverse_tries=2, reverse_max_attempts=4))
    paid = payments.pay_card(payments.journal.create("s", Method.CARD, 1500)).entry
    terminal.set_fault("void_fails", count=1)
    assert payments.refund(paid).state is State.REVERSED  # second try inline succeeds
    [sale] = terminal.ledger()
    assert sale.voided

    paid = payments.pay_card(payments.journal.create("t", Method.CARD, 1500)).entry
    terminal.set_fault("void_fails")  # every void fails
    entry = payments.refund(paid)
    assert entry.state is State.REVERSING  # left for the reconciler, the citizen told "by …"
    assert payments.result_of(entry).outcome == pay.REFUND_PENDING
    entry = payments.refund(entry)
    assert entry.state is State.MANUAL_REVIEW
    assert any(a.kind == "payment_manual_review" for a in store.alerts())


def test_the_reconciler_leaves_a_payment_alone_while_the_card_holder_types_the_pin(
        store: Store, terminal: SimulatedPaymentTerminal) -> None:
    terminal.set_fault("timeout")  # the terminal takes its time (0.8 s here)
    payments = _payments(store, None, terminal)
    entry = payments.journal.create("citizen-left-the-screen", Method.CARD, 1500)
    worker = threading.Thread(target=payments.pay_card, args=(entry,))
    worker.start()
    try:
        deadline = time.monotonic() + 2
        while payments.journal.get(entry.order_id).state is State.CREATED and time.monotonic() < deadline:
            time.sleep(0.01)
        assert payments.recover() == []  # not touched while the sale is under way
    finally:
        worker.join(10)
    assert payments.journal.get(entry.order_id).state is State.FAILED
