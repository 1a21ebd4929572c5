"""`kiosk demo`'s simulated-devices window (app/demo_panel.py) drives the real simulators: a card on
the reader, a payment code into the shell, the printer out of paper; never built with real devices."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.card_reader.simulator import SimulatedCardReader
from devices.scanner.codes import CodeKind, classify_code
from devices.status import DeviceFailure
from devices.spec import DeviceKind, DeviceSpec, demo_specs
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.payments.journal import Entry, Method, State
from tests.ui.helpers import running_kiosk, simulated
from app.demo_panel import DemoPanel, all_simulated, alipay_code, show_demo_panel, wechat_code
from ui.shell import Shell


@pytest.fixture()
def kiosk(qtbot: QtBot, settings: Settings) -> Iterator[tuple[Shell, KioskCore, DemoPanel]]:
    with running_kiosk(qtbot, settings) as (shell, core):
        panel = show_demo_panel(shell, core, windowed=True)
        assert panel is not None
        qtbot.addWidget(panel)
        yield shell, core, panel
        panel.background.wait()


def press(qtbot: QtBot, panel: DemoPanel, name: str) -> None:
    button = panel.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_window_is_separate_and_titled(kiosk: tuple[Shell, KioskCore, DemoPanel]) -> None:
    shell, _, panel = kiosk
    assert panel.isWindow() and panel.parent() is None
    assert panel.windowTitle() in ("Simulated devices (demo only)", "模拟设备（仅演示）")
    assert panel.x() > shell.x()


def test_present_resident_card_puts_a_card_on_the_reader(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore, DemoPanel]) -> None:
    _, core, panel = kiosk
    reader = simulated(core, DeviceKind.CARD_READER, SimulatedCardReader)
    press(qtbot, panel, "demo_card_resident")
    record = reader.read_card()
    assert record is not None
    assert panel.findChild(QWidget, "demo_status").text()  # type: ignore[union-attr]
    press(qtbot, panel, "demo_card_remove")
    assert reader.sam._card is None


def test_scan_wechat_code_reaches_the_shell(qtbot: QtBot, kiosk: tuple[Shell, KioskCore, DemoPanel]) -> None:
    shell, _, panel = kiosk
    with qtbot.waitSignal(shell.scanned, timeout=3000) as blocker:
        press(qtbot, panel, "demo_scan_wechat")
    text = blocker.args[0]
    assert classify_code(text).kind is CodeKind.WECHAT_PAY
    assert text.startswith("13") and len(text) == 18


def test_printer_paper_out_makes_the_printer_unusable_and_back(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore, DemoPanel]) -> None:
    _, core, panel = kiosk
    qtbot.waitUntil(lambda: "printer" not in core.unusable_devices(), timeout=3000)
    press(qtbot, panel, "demo_printer_paper_empty")
    qtbot.waitUntil(lambda: "printer" in core.unusable_devices(), timeout=5000)
    press(qtbot, panel, "demo_printer_ok")
    qtbot.waitUntil(lambda: "printer" not in core.unusable_devices(), timeout=5000)


def test_dispenser_jam_and_card_left_in_the_slot_can_be_played(
        qtbot: QtBot, kiosk: tuple[Shell, KioskCore, DemoPanel]) -> None:
    from devices.card_dispenser.simulator import SimulatedCardDispenser

    _, core, panel = kiosk
    manager = core.hardware.manager
    assert manager is not None
    dispenser = manager.first(DeviceKind.CARD_DISPENSER)
    assert isinstance(dispenser, SimulatedCardDispenser)
    qtbot.waitUntil(lambda: "card_dispenser" not in core.unusable_devices(), timeout=5000)
    press(qtbot, panel, "demo_dispenser_jam")
    with pytest.raises(DeviceFailure):
        dispenser.dispense(1)  # the next card jams: the dispenser is out of use
    qtbot.waitUntil(lambda: "card_dispenser" in core.unusable_devices(), timeout=5000)
    press(qtbot, panel, "demo_dispenser_ok")
    qtbot.waitUntil(lambda: "card_dispenser" not in core.unusable_devices(), timeout=5000)
    press(qtbot, panel, "demo_dispenser_not_taken")
    dispenser.dispense(2)
    assert dispenser.wait_taken(2.5) is False  # the demo citizen would have taken it after 2 s


def test_unreadable_fingers_can_be_played(qtbot: QtBot, kiosk: tuple[Shell, KioskCore, DemoPanel]) -> None:
    from devices.fingerprint.simulator import SimulatedFingerprintModule

    _, core, panel = kiosk
    manager = core.hardware.manager
    assert manager is not None
    module = manager.first(DeviceKind.FINGERPRINT)
    assert isinstance(module, SimulatedFingerprintModule)
    press(qtbot, panel, "demo_fingerprint_no_fingerprints")
    assert module.capture(1, 3.0) == "too_few_points"  # the demo citizen's finger is down, unreadable
    press(qtbot, panel, "demo_fingerprint_ok")
    assert module.capture(1, 3.0) == "ok"


def test_payment_code_formats() -> None:
    for _ in range(50):
        assert classify_code(wechat_code()).kind is CodeKind.WECHAT_PAY
        assert classify_code(alipay_code()).kind is CodeKind.ALIPAY


def test_not_built_when_a_device_is_real(qtbot: QtBot) -> None:
    real = [*demo_specs()[:-1], DeviceSpec("scanner", DeviceKind.SCANNER, "serial", port="/dev/ttyACM0")]
    assert all_simulated(demo_specs())
    assert not all_simulated(real)
    assert not all_simulated([])
    shell = QWidget()
    qtbot.addWidget(shell)
    core: Any = SimpleNamespace(hardware=SimpleNamespace(specs=real))
    assert show_demo_panel(shell, core, windowed=True) is None


class FakeClient:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def pay_qr_simulate(self, order_id: str, outcome: str) -> dict[str, Any]:
        self.calls.append((order_id, outcome))
        return {}

    def pay_code_script(self, steps: list[str]) -> dict[str, Any]:
        self.calls.append(("script", steps))
        return {}


def test_phone_pays_the_newest_waiting_qr_order(qtbot: QtBot) -> None:
    client = FakeClient()
    entries = [Entry("K2611CODE", "s1", Method.CODE, 500, State.USER_PAYING),
               Entry("K2611QR02", "s1", Method.QR, 500, State.USER_PAYING),
               Entry("K2611QR01", "s0", Method.QR, 500, State.FAILED)]
    core: Any = SimpleNamespace(hardware=SimpleNamespace(manager=None, specs=demo_specs()),
                                journal=SimpleNamespace(recent=lambda limit=20: entries),
                                server=SimpleNamespace(client=client), store=None)
    panel = DemoPanel(core)
    qtbot.addWidget(panel)
    panel.show()
    press(qtbot, panel, "demo_qr_paid")
    qtbot.waitUntil(lambda: "paid" in panel.status.text() or "已支付" in panel.status.text(), timeout=3000)
    assert client.calls == [("K2611QR02", "paid")]
    assert "K2611" in panel.status.text()
    press(qtbot, panel, "demo_code_declined")
    qtbot.waitUntil(lambda: ("script", ["declined"]) in client.calls, timeout=3000)
    panel.background.wait()
