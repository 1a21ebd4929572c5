"""The pay step as a citizen lives it, against the simulated terminal, the simulated scanner and
the central server's simulated gateway: what they are told, what is charged, what is printed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.printer.simulator import SimulatedPrinter, printed_text
from devices.scanner.simulator import SimulatedScanner
from devices.spec import DeviceKind
from kiosk.config import DeviceSettings, PaymentSettings, Settings
from kiosk.core import KioskCore
from kiosk.payments.journal import Method, PaymentJournal, State
from kiosk.store.keys import load_or_create_key
from kiosk.store.store import open_store
from kiosk.store.outbox import OutboxLimits
from kiosk.sync.client import ServerClient
from kiosk.sync.settings import SyncSettings
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, running_kiosk, simulated, tap, type_into
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_pay.toml"
OUT = Path(__file__).resolve().parents[2] / "out" / "receipts"
ID_NUMBER = "110105199003071239"  # fictitious, well formed; born 1990 (no age exemption)
ELDER_ID = "11010519491231002X"  # fictitious; born 1949: the age_over_70 example exemption applies
WECHAT_CODE = "134567890123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01") as local:
        yield local


@pytest.fixture()
def gateway(server: LocalServer) -> Iterator[ServerClient]:
    client = ServerClient(server.url, server.kiosk_id, server.secret)
    client.pay_code_script(["paid"])
    yield client
    client.pay_code_script(["paid"])


def pay_settings(settings: Settings, server: LocalServer) -> Settings:
    devices = {
        "printer": DeviceSettings(kind="printer"),
        "pos": DeviceSettings(kind="payment_terminal", options={"timeout_s": 1.0, "hang_s": 1.5}),
        "scanner": DeviceSettings(kind="scanner"),
    }
    return settings.model_copy(update={
        "devices": devices,
        "sync": SyncSettings(server_url=server.url, secret=server.secret, heartbeat_s=3600),
        "payment": PaymentSettings(query_limit_s=1.5, user_paying_every_s=0.2, first_query_s=0.1, qr_wait_s=30),
    })


@pytest.fixture()
def kiosk(qtbot: QtBot, settings: Settings, server: LocalServer) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, pay_settings(settings, server), CATALOG) as running:
        yield running


def to_pay_step(qtbot: QtBot, shell: Shell, id_number: str = ID_NUMBER) -> None:
    for name in ("attract_start", "area_exit_entry", "item_CRJ-0102", "guide_start"):
        tap(qtbot, shell, name)
    type_into(qtbot, shell, "field_name", "Li Si")
    type_into(qtbot, shell, "field_id_number", id_number)
    tap(qtbot, shell, "form_next")
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "pay", timeout=3000)


def status(shell: Shell) -> str:
    return find(shell, "pay_status").text()


def wait_for_methods(qtbot: QtBot, shell: Shell, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: shell.current.name == "pay" and find(shell, "pay_method_card").isVisible(), timeout=timeout)


def test_card_payment_prints_receipt_and_voucher(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    printer = simulated(core, DeviceKind.PRINTER, SimulatedPrinter)
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    to_pay_step(qtbot, shell)
    assert "15.00" in find(shell, "pay_amount").text()
    assert {"pay_method_card", "pay_method_code", "pay_method_qr"} <= {
        b.objectName() for b in shell.findChildren(type(find(shell, "pay_method_card"))) if b.isVisible()}
    tap(qtbot, shell, "pay_method_card")
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=8000)
    qtbot.waitUntil(lambda: find(shell, "receipt_next").isVisible(), timeout=8000)
    number = shell.workflow.session.case_numbers[0]
    [sale] = terminal.ledger()
    assert sale.amount_fen == 1500 and not sale.voided
    receipts = printer.hardware.receipts()
    receipt, voucher = printed_text(receipts[-2]), printed_text(receipts[-1])
    assert number in receipt and "已缴费用" in receipt and "￥15.00" in receipt
    assert "缴费凭证" in voucher and "￥15.00" in voucher and sale.reference in voucher
    assert "622202******1234" in voucher  # the card as the terminal masked it, nothing more
    assert "110105********1239" in receipt and ID_NUMBER not in receipt + voucher
    OUT.mkdir(parents=True, exist_ok=True)
    assert printer.hardware.render_last(OUT / "payment_voucher.png").stat().st_size > 5000
    assert core.journal is not None
    assert [e.state for e in core.journal.recent()] == [State.SETTLED]


def test_declined_card_then_qr_code_on_the_phone(qtbot: QtBot, kiosk: tuple[Shell, KioskCore],
                                                 gateway: ServerClient) -> None:
    shell, core = kiosk
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    terminal.set_fault("decline")
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_card")
    wait_for_methods(qtbot, shell)
    assert "Nothing was charged" in status(shell) or "未扣款" in status(shell)
    tap(qtbot, shell, "pay_method_qr")
    qtbot.waitUntil(lambda: not find(shell, "pay_qr").pixmap().isNull(), timeout=5000)
    assert core.journal is not None
    entry = core.journal.recent(1)[0]
    gateway.pay_qr_simulate(entry.order_id, "paid")  # the citizen pays on the phone
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=8000)
    assert core.journal.get(entry.order_id).state is State.SETTLED


def test_terminal_that_never_answers_charges_nothing_and_says_so(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    terminal.set_fault("timeout")
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_card")
    wait_for_methods(qtbot, shell, timeout=15_000)
    assert "Nothing was charged" in status(shell) or "未扣款" in status(shell)
    assert terminal.ledger() == []
    assert shell.workflow.session.case_numbers == []


def test_unknown_result_is_found_by_query_and_the_case_goes_on(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    terminal.set_fault("unknown_result")  # charged, but the answer is lost on the way back
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_card")
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=15_000)
    [sale] = terminal.ledger()
    assert not sale.voided  # one charge, kept, for one case
    assert shell.workflow.session.payments[0]["reference"] == sale.reference


def test_payment_code_user_paying_then_paid(qtbot: QtBot, kiosk: tuple[Shell, KioskCore], gateway: ServerClient) -> None:
    shell, core = kiosk
    gateway.pay_code_script(["user_paying"])
    scanner = simulated(core, DeviceKind.SCANNER, SimulatedScanner)
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_code")
    scanner.scan("KIOSK-CASE:not a payment code")
    qtbot.waitUntil(lambda: "not a payment code" in status(shell) or "不是付款码" in status(shell), timeout=3000)
    scanner.scan(WECHAT_CODE)
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=8000)
    order = shell.workflow.session.payments[0]["order_id"]
    assert gateway.pay_code_status(order)["status"] == "paid"


def test_case_not_saved_after_paying_returns_the_money_even_when_the_reversal_fails_first(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore], gateway: ServerClient) -> None:
    shell, core = kiosk
    gateway.pay_code_script(["reverse_fails"])  # the gateway refuses the first two reversals
    assert core.store is not None
    core.store.outbox.limits = OutboxLimits(warn_depth=1, warn_age_s=3600, max_depth=0)  # storage full
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_code")
    simulated(core, DeviceKind.SCANNER, SimulatedScanner).scan(WECHAT_CODE)
    qtbot.waitUntil(lambda: shell.current.name == "submit", timeout=8000)
    body = lambda: find(shell, "submit_body").text()  # noqa: E731
    qtbot.waitUntil(lambda: "15.00" in body(), timeout=15_000)  # the outcome of giving the money back
    assert "returned" in body() or "已退回" in body()
    assert "Nothing was charged" not in body() and "未扣" not in body()
    assert not find(shell, "submit_retry").isVisible()  # no retry that could charge again
    order = shell.workflow.session.payments[0]["order_id"]
    assert gateway.pay_code_status(order)["status"] == "reversed"
    assert core.store.outbox.depth() == 0


def test_an_exemption_is_shown_with_its_reason_and_nothing_is_charged(qtbot: QtBot,
                                                                      kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    to_pay_step(qtbot, shell, ELDER_ID)
    assert "70" in find(shell, "pay_lines").text()
    assert find(shell, "pay_next").isVisible()
    assert not [b for b in shell.findChildren(type(find(shell, "pay_next")))
                if b.objectName().startswith("pay_method_") and b.isVisible()]
    tap(qtbot, shell, "pay_next")
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=5000)
    assert simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal).ledger() == []


def test_only_working_ways_to_pay_are_offered(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    shell, core = kiosk
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    terminal.set_fault("offline")
    qtbot.waitUntil(lambda: "payment_terminal" in core.unusable_devices(), timeout=8000)
    to_pay_step(qtbot, shell)
    assert not find(shell, "pay_method_card").isVisible() if shell.findChild(
        type(find(shell, "pay_next")), "pay_method_card") else True
    assert find(shell, "pay_method_qr").isVisible()


def test_walking_away_from_a_qr_code_closes_the_order(qtbot: QtBot, kiosk: tuple[Shell, KioskCore],
                                                     gateway: ServerClient) -> None:
    shell, core = kiosk
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_qr")
    qtbot.waitUntil(lambda: not find(shell, "pay_qr").pixmap().isNull(), timeout=5000)
    assert core.journal is not None
    order = core.journal.recent(1)[0].order_id
    shell.timeout()  # the idle timer ran out: the session ends
    qtbot.waitUntil(lambda: gateway.pay_qr_status(order)["status"] == "cancelled", timeout=8000)
    # The kiosk writes its journal just after the gateway answers the cancel, on a worker thread.
    journal = core.journal
    qtbot.waitUntil(lambda: journal.get(order).state is State.FAILED, timeout=5000)


def test_after_a_crash_the_next_start_returns_the_money_and_says_so(qtbot: QtBot, settings: Settings,
                                                                     server: LocalServer, gateway: ServerClient) -> None:
    configured = pay_settings(settings, server)
    # The kiosk died right after the gateway charged a payment code, before it heard the answer.
    store = open_store(configured.data_dir, load_or_create_key(configured.key_file, configured.data_dir),
                       kiosk_id=configured.kiosk_id)
    journal = PaymentJournal(store.db, configured.kiosk_id)
    entry = journal.move(journal.create("gone", Method.CODE, 1500), State.SUBMITTED)
    gateway.pay_code_charge(entry.order_id, WECHAT_CODE, 1500, "x")
    store.close()
    with running_kiosk(qtbot, configured, CATALOG) as (shell, core):
        qtbot.waitUntil(lambda: shell.current.name == "payment_notice", timeout=15_000)
        body = find(shell, "payment_notice_body").text()
        assert "15.00" in body and entry.order_id in body
        assert "returned" in body or "退回" in body
        assert gateway.pay_code_status(entry.order_id)["status"] == "reversed"
        tap(qtbot, shell, "payment_notice_ok")
        assert shell.current.name == "attract"


def test_unpaid_fines_are_paid_and_reach_the_centre_with_the_case(qtbot: QtBot, kiosk: tuple[Shell, KioskCore],
                                                                  gateway: ServerClient) -> None:
    from server.demo_data import RESIDENT  # the fictitious demo owner of 京A12345

    shell, core = kiosk
    for name in ("attract_start", "area_traffic", "item_JG-0101", "guide_start"):
        tap(qtbot, shell, name)
    type_into(qtbot, shell, "field_plate_number", "京A12345")
    type_into(qtbot, shell, "field_id_number", RESIDENT)
    tap(qtbot, shell, "form_next")
    qtbot.waitUntil(lambda: shell.current.name == "result", timeout=8000)
    unpaid = [v for v in gateway.violations("京A12345", RESIDENT) if not v["paid"]]
    owed = sum(int(v["fine_fen"]) for v in unpaid)
    assert owed > 0
    tap(qtbot, shell, "result_next")
    tap(qtbot, shell, "review_confirm")
    qtbot.waitUntil(lambda: shell.current.name == "pay", timeout=3000)
    assert f"¥{owed // 100}.00" in find(shell, "pay_amount").text()
    tap(qtbot, shell, "pay_method_card")
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=8000)
    assert shell.workflow.session.payments[0]["violations"] == [v["id"] for v in unpaid]
    # The case travels through the outbox; the centre marks the fines paid when it arrives.
    qtbot.waitUntil(lambda: all(v["paid"] for v in gateway.violations("京A12345", RESIDENT)), timeout=15_000)


def test_the_demo_panel_pays_the_qr_code_and_scans_a_payment_code(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    """What a person trying `kiosk demo` does with the simulated-devices window."""
    from app.demo_panel import DemoPanel

    shell, core = kiosk
    panel = DemoPanel(core)
    qtbot.addWidget(panel)
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_qr")
    qtbot.waitUntil(lambda: not find(shell, "pay_qr").pixmap().isNull(), timeout=5000)
    qtbot.mouseClick(panel.findChild(QPushButton, "demo_qr_paid"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=8000)
    shell.cancel_session()
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_code")
    qtbot.mouseClick(panel.findChild(QPushButton, "demo_scan_wechat"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.current.name == "receipt", timeout=8000)


def test_home_right_after_paying_gives_the_money_back(qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    """The citizen pays, then taps Home in the moment before the case is saved: no case will take
    the money, so the sale is voided at once — not left standing while the session goes on."""
    shell, core = kiosk
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_card")
    qtbot.waitUntil(lambda: find(shell, "pay_title").text() in ("Payment complete", "缴费成功", "支付成功")
                    or bool(shell.workflow and shell.workflow.session.payments), timeout=8000)
    tap(qtbot, shell, "frame_home")
    assert shell.current.name == "home"
    qtbot.waitUntil(lambda: bool(terminal.ledger()) and terminal.ledger()[0].voided, timeout=8000)
    assert core.journal is not None
    qtbot.waitUntil(lambda: core.journal.recent(1)[0].state is State.REVERSED, timeout=5000)


def test_switching_language_while_the_card_is_in_the_terminal_does_not_start_the_countdown(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore]) -> None:
    """A citizen switches to English while the terminal asks for the PIN: the idle countdown (and
    its "are you still there?" warning, then the session's end) must not run while money moves."""
    shell, core = kiosk
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    terminal.set_fault("timeout")  # the terminal takes its time (and in the end charges nothing)
    to_pay_step(qtbot, shell)
    tap(qtbot, shell, "pay_method_card")
    assert not shell.idle.timer.isActive()
    tap(qtbot, shell, "frame_language")
    assert not shell.idle.timer.isActive() and not shell.back_button.isVisible()
    tap(qtbot, shell, "frame_elder")
    assert not shell.idle.timer.isActive()
    wait_for_methods(qtbot, shell, timeout=15_000)  # the outcome is known: the countdown runs again
    assert shell.idle.timer.isActive()
