"""JG-0302 (temporary plate) as shipped: the VIN is checked with the centre BEFORE the fee is taken.

The real local server (the demo's, in its own process; its vehicle register knows one registered
VIN), the demo's simulated payment terminal and document printer (with its plate tray). Before the
check existed the pay step offered the card at once and the centre refused the plate only after
the money was taken."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DeviceKind
from kiosk.catalog import StepKind
from kiosk.config import Settings
from kiosk.identity import MATCH
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-01"
CITIZEN = "110105199003071239"  # 测试甲 in the demo register
REGISTERED_VIN = "LSVAU2180N2183294"  # the demo vehicle register: already registered (no plate)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


def at_pay(shell: Shell, vin: str) -> None:
    """JG-0302 as shipped, identified by a face match, the vehicle form filled: confirm the review."""
    shell.start_session()
    item = shell.catalog.item("JG-0302")
    kinds = [s.kind for s in item.workflow]
    assert kinds.index(StepKind.REVIEW) + 1 == kinds.index(StepKind.PAY) < kinds.index(StepKind.ISSUE)
    shell.start_workflow([item])
    flow = shell.workflow
    assert flow is not None
    flow.session.verification, flow.session.verified_id_number = MATCH, CITIZEN
    flow.session.answers.update({"vin": vin, "phone": "13800138000"})
    flow.index = kinds.index(StepKind.REVIEW)
    shell.next_step()  # review → pay, as "Confirm" does
    assert shell.current.name == "pay"


def status(shell: Shell) -> str:
    return find(shell, "pay_status").text()


def no_way_to_pay(shell: Shell) -> bool:
    return not any(find_opt(shell, f"pay_method_{m}") for m in ("card", "code", "qr"))


def find_opt(shell: Shell, name: str) -> bool:
    from PySide6.QtWidgets import QWidget

    widget = shell.findChild(QWidget, name)
    return widget is not None and widget.isVisible()


@pytest.mark.parametrize(("vin", "why_zh", "why_en"), [
    (REGISTERED_VIN, "该车辆已注册登记", "already registered"),
    ("LFV2A21K5P40000O1", "不是有效的17位代号", "not a valid 17-character VIN"),  # O: ISO 3779 has none
])
def test_a_vin_the_centre_refuses_is_said_before_any_money_is_taken(
        qtbot: QtBot, settings: Settings, server: object, vin: str, why_zh: str, why_en: str) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
        at_pay(shell, vin)
        qtbot.waitUntil(lambda: "车辆管理所" in status(shell) or find_opt(shell, "pay_method_card"), timeout=20_000)
        if find_opt(shell, "pay_method_card"):  # a way to pay offered: the citizen pays, as anyone would
            tap(qtbot, shell, "pay_method_card")
            qtbot.waitUntil(lambda: shell.current.name == "issue", timeout=30_000)
        assert terminal.ledger() == [], "charged for a plate the centre refuses"
        assert why_zh in status(shell) and "未收取任何费用" in status(shell)
        assert find(shell, "pay_title").text() == "请到窗口办理"
        assert no_way_to_pay(shell)  # nothing to tap that could take money
        assert shell.back_button.isVisible()  # back to the form, where a mistyped VIN is put right
        shell.toggle_language()
        assert why_en in status(shell) and "Nothing was charged" in status(shell)
        assert terminal.ledger() == []
        assert core.journal is None or core.journal.recent() == []
        assert shell.workflow is not None and shell.workflow.session.payments == []


def test_centre_unreachable_nothing_charged_then_try_again_offers_the_ways_to_pay(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
        at_pay(shell, "LFV2A21K5P4000123")  # the centre is not linked: the network is down
        qtbot.waitUntil(lambda: "未收取任何费用" in status(shell), timeout=20_000)
        assert "暂时无法连接" in status(shell) and no_way_to_pay(shell)
        assert find(shell, "pay_next").text() == "重试"
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        tap(qtbot, shell, "pay_next")
        qtbot.waitUntil(lambda: find_opt(shell, "pay_method_card"), timeout=20_000)
        tap(qtbot, shell, "pay_method_card")  # a good VIN: the fee is taken, then the plate is issued
        qtbot.waitUntil(lambda: shell.current.name == "issue", timeout=30_000)
        assert [s.amount_fen for s in terminal.ledger()] == [500]
