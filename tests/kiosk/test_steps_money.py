"""The pay and submit steps without Qt, on every money path: the real simulated bank-card terminal,
the real central server's simulated gateway (local HTTP server), the real payment journal and
the real encrypted case store. What is asserted is what the citizen's bank sees (charged, kept,
voided, reversed), what the case store holds and what the citizen is told (the view's notice)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind, DeviceSpec
from kiosk.catalog import StepKind, load_catalog
from kiosk.payments.journal import Method, PaymentJournal, State
from kiosk.payments.service import Payments, Timings
from kiosk.session import Session
from kiosk.steps.pay import Notice, PayController, PayPhase
from kiosk.steps.runner import ThreadRunner
from kiosk.steps.submit import SubmitController, SubmitPhase
from kiosk.store.outbox import OutboxLimits
from kiosk.store.store import Store, open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.sync.client import ServerClient
from kiosk.workflow import Workflow
from server.launcher import LocalServer, start_local_server

CATALOG = load_catalog(Path(__file__).resolve().parents[1] / "ui" / "data" / "catalog_pay.toml")
ITEM = "CRJ-0102"  # ¥15.00 in the test catalog
ID_NUMBER = "110105199003071239"  # fictitious, well formed; born 1990 (no age exemption)
WECHAT_CODE = "134567890123456789"  # 18 digits starting 13: a WeChat payment code (single use)
FAST = Timings(first_query_s=0.05, user_paying_every_s=0.1, user_paying_limit_s=0.6, unknown_limit_s=0.6,
               qr_poll_s=0.05)
ALL = ["card", "code", "qr"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "steps-kiosk-01") as local:
        yield local


@pytest.fixture
def gateway(server: LocalServer) -> Iterator[ServerClient]:
    c = ServerClient(server.url, server.kiosk_id, server.secret)
    c.pay_code_script(["paid"])
    yield c
    c.pay_code_script(["paid"])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "data", secrets.token_bytes(32), kiosk_id="steps-kiosk-01")
    yield s
    s.close()


@pytest.fixture
def terminal() -> Iterator[SimulatedPaymentTerminal]:
    t = SimulatedPaymentTerminal(DeviceSpec(name="pos", kind=DeviceKind.PAYMENT_TERMINAL, driver="simulator",
                                            options={"timeout_s": 0.5, "hang_s": 0.8}))
    t.open()
    yield t
    t.shutdown()


@pytest.fixture
def payments(store: Store, gateway: ServerClient, terminal: SimulatedPaymentTerminal) -> Payments:
    return Payments(PaymentJournal(store.db, "steps-kiosk-01"), lambda: terminal, lambda: gateway, FAST,
                    alert=store.add_alert)


@pytest.fixture
def runner() -> Iterator[ThreadRunner]:
    r = ThreadRunner()
    yield r
    r.drain()


def at_pay_step(store: Store, payments: Payments, session: Session | None = None) -> Workflow:
    """A citizen who filled in the form and confirmed the review: the next step is pay."""
    session = session or Session()
    session.answers.update({"name": "Li Si", "id_number": ID_NUMBER})
    flow = Workflow([CATALOG.item(ITEM)], session, OutboxSubmitter(store.outbox, payments.journal))
    flow.index = [s.kind for s in flow.steps].index(StepKind.PAY)
    return flow


def pay(flow: Workflow, payments: Payments, runner: ThreadRunner, methods: list[str] | None = None) -> PayController:
    return PayController(flow, payments, lambda: ALL if methods is None else methods, runner, qr_wait_s=30)


def settle(runner: ThreadRunner, ctrl: PayController, *phases: PayPhase, timeout: float = 15) -> None:
    assert runner.pump_until(lambda: ctrl.phase in phases, timeout), ctrl.view()


def submit(flow: Workflow, ctrl: PayController, payments: Payments, runner: ThreadRunner) -> SubmitController:
    assert ctrl.proceed()
    flow.next()
    assert flow.step.kind is StepKind.SUBMIT
    sub = SubmitController(flow, payments, runner)
    sub.commit()
    return sub


def test_card_paid_then_the_case_is_saved_and_the_sale_settled_with_it(
        store: Store, payments: Payments, terminal: SimulatedPaymentTerminal, runner: ThreadRunner) -> None:
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    assert ctrl.view().phase is PayPhase.CHOOSE and ctrl.view().total_fen == 1500
    assert ctrl.view().methods == ("card", "code", "qr")
    ctrl.choose("card")
    ctrl.choose("card")  # a second tap while the terminal works: never a second sale
    assert ctrl.view().holding  # no idle timeout, no way back while money moves
    settle(runner, ctrl, PayPhase.PAID)
    assert ctrl.view().amount_fen == 1500
    sub = submit(flow, ctrl, payments, runner)
    assert sub.phase is SubmitPhase.SAVED
    [sale] = terminal.ledger()
    assert sale.amount_fen == 1500 and not sale.voided
    [entry] = payments.journal.recent()
    assert entry.state is State.SETTLED and entry.case_numbers == flow.session.case_numbers[0]
    assert flow.session.payments[0]["reference"] == sale.reference
    ctrl.leave()  # leaving the pay step after the case took the money over gives nothing back
    sub.leave()
    runner.drain()
    assert not terminal.ledger()[0].voided


def test_paid_but_the_case_cannot_be_saved_returns_the_money_and_offers_no_retry(
        store: Store, payments: Payments, gateway: ServerClient, runner: ThreadRunner) -> None:
    gateway.pay_code_script(["reverse_fails"])  # the gateway refuses the first two reversals
    store.outbox.limits = OutboxLimits(warn_depth=1, warn_age_s=3600, max_depth=0)  # storage full
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("code")
    assert ctrl.phase is PayPhase.CODE_WAIT
    ctrl.scanned(WECHAT_CODE)
    settle(runner, ctrl, PayPhase.PAID)
    order = flow.session.payments[0]["order_id"]
    sub = submit(flow, ctrl, payments, runner)
    assert sub.phase is SubmitPhase.REFUNDING and sub.view().paid and not sub.view().can_retry
    assert runner.pump_until(lambda: sub.phase is SubmitPhase.REFUNDED, 15)
    [refund] = sub.view().refunds
    assert refund.returned and refund.amount_fen == 1500 and refund.refund_by is not None
    assert sub.view().error == "store_full"
    assert gateway.pay_code_status(order)["status"] == "reversed"
    assert store.outbox.depth() == 0 and flow.session.case_numbers == []
    sub.retry()  # a retry button press that slipped through: it must not save or charge
    assert sub.phase is SubmitPhase.REFUNDED


def test_paid_then_the_citizen_leaves_before_the_case_is_saved_gets_the_money_back(
        store: Store, payments: Payments, terminal: SimulatedPaymentTerminal, runner: ThreadRunner) -> None:
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("card")
    settle(runner, ctrl, PayPhase.PAID)
    ctrl.leave()  # Home, or the idle timeout, in the moment between "Payment complete" and saving
    runner.drain()
    [sale] = terminal.ledger()
    assert sale.voided
    assert payments.journal.recent()[0].state is State.REVERSED
    # The same citizen chooses the service again: the money went back, so it is owed again.
    again = pay(flow, payments, runner)
    assert again.phase is PayPhase.CHOOSE and not flow.fees_settled


def test_a_sale_that_completes_after_the_citizen_left_is_given_back(
        store: Store, payments: Payments, terminal: SimulatedPaymentTerminal, runner: ThreadRunner) -> None:
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("card")
    ctrl.leave()  # the session ended while the card was in the terminal
    assert runner.pump_until(lambda: bool(terminal.ledger()) and terminal.ledger()[0].voided, 15)
    assert flow.session.payments == []
    runner.drain()
    assert payments.journal.recent()[0].state is State.REVERSED


def test_an_unknown_card_result_is_found_by_query_and_kept_for_the_case(
        store: Store, payments: Payments, terminal: SimulatedPaymentTerminal, runner: ThreadRunner) -> None:
    terminal.set_fault("unknown_result")  # charged, but the answer is lost on the way back
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("card")
    settle(runner, ctrl, PayPhase.PAID)
    sub = submit(flow, ctrl, payments, runner)
    assert sub.phase is SubmitPhase.SAVED
    [sale] = terminal.ledger()
    assert not sale.voided and flow.session.payments[0]["reference"] == sale.reference


def test_a_terminal_that_never_answers_charges_nothing_and_says_so(
        store: Store, payments: Payments, terminal: SimulatedPaymentTerminal, runner: ThreadRunner) -> None:
    terminal.set_fault("timeout")
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("card")
    settle(runner, ctrl, PayPhase.CHOOSE)
    assert ctrl.view().notice in (Notice.NOT_CHARGED, Notice.STOPPED, Notice.DECLINED)
    assert terminal.ledger() == [] and flow.session.payments == [] and not flow.fees_settled


def test_declined_card_then_paid_by_qr_code_on_the_phone(
        store: Store, payments: Payments, terminal: SimulatedPaymentTerminal, gateway: ServerClient,
        runner: ThreadRunner) -> None:
    terminal.set_fault("decline")
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("card")
    settle(runner, ctrl, PayPhase.CHOOSE)
    assert ctrl.view().notice is Notice.DECLINED and ctrl.view().methods == ("card", "code", "qr")
    assert terminal.ledger() == [] or not any(not s.voided for s in terminal.ledger())
    ctrl.choose("qr")
    settle(runner, ctrl, PayPhase.QR_SHOWN)
    view = ctrl.view()
    assert view.qr_text and view.qr_seconds_left == 30 and view.can_cancel
    order = payments.journal.recent(1)[0].order_id
    gateway.pay_qr_simulate(order, "paid")  # the citizen pays on the phone
    while ctrl.phase is PayPhase.QR_SHOWN:
        ctrl.tick(FAST.qr_poll_s)  # the screen's timer
        runner.pump(0.2)
    settle(runner, ctrl, PayPhase.PAID)
    sub = submit(flow, ctrl, payments, runner)
    assert sub.phase is SubmitPhase.SAVED
    assert payments.journal.get(order).state is State.SETTLED
    assert gateway.pay_qr_status(order)["status"] == "paid"


def test_walking_away_from_a_qr_code_closes_the_order(
        store: Store, payments: Payments, gateway: ServerClient, runner: ThreadRunner) -> None:
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("qr")
    settle(runner, ctrl, PayPhase.QR_SHOWN)
    order = payments.journal.recent(1)[0].order_id
    ctrl.leave()
    runner.drain()
    assert gateway.pay_qr_status(order)["status"] == "cancelled"
    assert payments.journal.get(order).state is State.FAILED


def test_a_qr_code_that_runs_out_is_closed_and_nothing_is_charged(
        store: Store, payments: Payments, gateway: ServerClient, runner: ThreadRunner) -> None:
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("qr")
    settle(runner, ctrl, PayPhase.QR_SHOWN)
    order = payments.journal.recent(1)[0].order_id
    ctrl.tick(31)  # the time the code is shown has passed
    assert ctrl.phase is PayPhase.QR_CLOSING
    settle(runner, ctrl, PayPhase.CHOOSE)
    assert ctrl.view().notice is Notice.STOPPED
    assert gateway.pay_qr_status(order)["status"] == "cancelled"


def test_a_qr_code_paid_just_as_the_citizen_stops_is_returned(
        store: Store, payments: Payments, gateway: ServerClient, runner: ThreadRunner) -> None:
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.choose("qr")
    settle(runner, ctrl, PayPhase.QR_SHOWN)
    order = payments.journal.recent(1)[0].order_id
    gateway.pay_qr_simulate(order, "paid")
    ctrl.cancel()  # "Choose another way", tapped as the phone paid
    settle(runner, ctrl, PayPhase.CHOOSE)
    assert ctrl.view().notice is Notice.REFUNDED and ctrl.view().refund_by is not None
    assert gateway.pay_qr_status(order)["status"] == "refunded"
    assert flow.session.payments == []


def test_payment_code_waits_for_the_password_then_pays(
        store: Store, payments: Payments, gateway: ServerClient, runner: ThreadRunner) -> None:
    gateway.pay_code_script(["user_paying"])
    flow = at_pay_step(store, payments)
    ctrl = pay(flow, payments, runner)
    ctrl.scanned(WECHAT_CODE)  # not waiting for a code yet: ignored
    assert payments.journal.recent() == []
    ctrl.choose("code")
    ctrl.scanned("KIOSK-CASE:not a payment code")
    assert ctrl.phase is PayPhase.CODE_WAIT and ctrl.view().notice is Notice.NOT_A_PAYMENT_CODE
    ctrl.scanned(WECHAT_CODE)
    assert ctrl.phase is PayPhase.CODE_PAYING
    settle(runner, ctrl, PayPhase.PAID)
    assert gateway.pay_code_status(flow.session.payments[0]["order_id"])["status"] == "paid"


def test_after_a_crash_recovery_returns_money_a_gone_citizen_paid(
        store: Store, payments: Payments, gateway: ServerClient) -> None:
    """Payment unknown → recovery: the kiosk died after the gateway charged, before the answer."""
    entry = payments.journal.move(payments.journal.create("gone", Method.CODE, 1500), State.SUBMITTED)
    gateway.pay_code_charge(entry.order_id, WECHAT_CODE, 1500, "x")
    [result] = payments.recover()
    assert result.outcome == "refunded"
    assert gateway.pay_code_status(entry.order_id)["status"] == "reversed"


def test_nothing_to_pay_and_no_way_to_pay(store: Store, payments: Payments, runner: ThreadRunner) -> None:
    free = at_pay_step(store, payments, Session())
    free.session.answers["id_number"] = "11010519491231002X"  # born 1949: the age exemption applies
    ctrl = pay(free, payments, runner)
    assert ctrl.phase is PayPhase.NOTHING_DUE and free.fees_settled and ctrl.view().total_fen == 0
    assert ctrl.proceed()
    owed = at_pay_step(store, payments)
    none = pay(owed, payments, runner, methods=[])
    assert none.phase is PayPhase.CHOOSE and none.view().methods == ()
    none.choose("card")  # a stale button: nothing happens
    assert payments.journal.recent() == [] and not none.proceed()
