"""Technician diagnostics driven by taps against the real simulators: the hidden gesture, the
PIN pad and its lockout (with the audit rows), self-tests including a faulty printer, out of
service and back, and leaving on inactivity."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from devices.printer.simulator import SimulatedPrinter
from kiosk.config import Settings, TechnicianSettings
from kiosk.core import KioskCore
from kiosk.diagnostics.pin import hash_pin
from kiosk.session import EndReason
from tests.ui.helpers import find, tap, visible_texts
from app.gui import build_shell
from ui.diagnostics import DiagnosticsController
from ui.diagnostics.pages import ActionsPage, SelfTestsPage
from ui.shell import Shell

PIN = "246810"
WRONG = "975313"
# A cheap scrypt (n=2^10) keeps five wrong PINs fast; production hashes use n=2^15.
PIN_HASH = hash_pin(PIN, n=2**10)
PASS, FAIL = ("PASS", "通过"), ("FAIL", "失败")  # the kiosk starts in zh_CN; either language will do


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                    technician=TechnicianSettings(pin_hash=PIN_HASH, lockout_after=5, lockout_s=300, idle_exit_s=120))


@pytest.fixture()
def kiosk(qtbot: QtBot, core: KioskCore) -> Iterator[tuple[Shell, DiagnosticsController, FakeClock]]:
    shell = build_shell(core, keyboard=False)
    qtbot.addWidget(shell)
    shell.show()
    qtbot.waitExposed(shell)
    controller = shell.findChild(DiagnosticsController)
    assert controller is not None
    clock = FakeClock()
    controller.taps.clock = clock
    controller.diag.steer_simulators = False  # the tests put cards and codes in front themselves
    yield shell, controller, clock
    controller.overlay.background.wait(15_000)


def tap_at(qtbot: QtBot, shell: Shell, x: int, y: int) -> None:
    """A real press at (x, y) of the shell, as a finger would: QTest sends it through the window,
    and Qt hands it to whatever widget is under the point. (Mapping the point into that child
    first is wrong: QTest reads a local QPoint(0, 0), a press on the child's own corner, as "the
    child's centre" — with the design's header label starting at the corner, every corner tap
    landed 360 px away.)"""
    assert (x, y) != (0, 0), "QTest reads QPoint(0, 0) as the centre of the window"
    qtbot.mouseClick(shell, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    QApplication.processEvents()


def text_of(shell: Shell, name: str) -> str:
    widget = find(shell, name)
    assert isinstance(widget, (QLabel, QAbstractButton))
    return widget.text()


def corner_taps(qtbot: QtBot, shell: Shell, clock: FakeClock, count: int = 5, gap_s: float = 0.3) -> None:
    for _ in range(count):
        clock.now += gap_s
        tap_at(qtbot, shell, 8, 8)
    QApplication.processEvents()  # the pad opens from a queued call


def type_pin(qtbot: QtBot, shell: Shell, pin: str) -> None:
    for digit in pin:
        tap(qtbot, shell, f"diag_pin_{digit}")
    tap(qtbot, shell, "diag_pin_ok")
    qtbot.waitUntil(lambda: not _checking(shell), timeout=5000)  # scrypt runs off the UI thread


def _checking(shell: Shell) -> bool:
    controller = shell.findChild(DiagnosticsController)
    assert controller is not None
    return controller.overlay.pin_pad._checking


def enter(qtbot: QtBot, shell: Shell, clock: FakeClock) -> None:
    corner_taps(qtbot, shell, clock)
    assert find(shell, "diag_pinpad").isVisible()
    type_pin(qtbot, shell, PIN)
    assert find(shell, "diag_main").isVisible()


def audit_rows(core: KioskCore) -> list[tuple[str, str, str]]:
    assert core.store is not None
    return core.store.db.conn().execute(
        "SELECT actor, event, detail FROM audit WHERE actor = 'technician' ORDER BY seq").fetchall()


def test_ordinary_taps_never_open_it(qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock]) -> None:
    shell, controller, clock = kiosk
    overlay = find(shell, "diagnostics")
    # a citizen using the kiosk
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    tap(qtbot, shell, "frame_back")
    # taps everywhere but the corner, fast
    for x, y in ((200, 200), (shell.width() - 10, 10), (10, shell.height() - 10), (shell.width() // 2, 400)):
        for _ in range(5):
            tap_at(qtbot, shell, x, y)
            clock.now += 0.2
    # just outside the 20 mm square
    edge = controller.taps.size_px
    for _ in range(5):
        tap_at(qtbot, shell, edge + 2, 5)
        clock.now += 0.2
    # four corner taps
    corner_taps(qtbot, shell, clock, count=4)
    clock.now += 5
    # five corner taps spread over more than 3 s
    corner_taps(qtbot, shell, clock, count=5, gap_s=0.8)
    clock.now += 5
    # five corner taps with a tap elsewhere in between
    corner_taps(qtbot, shell, clock, count=3)
    clock.now += 0.3
    tap_at(qtbot, shell, 300, 300)
    clock.now += 0.3
    corner_taps(qtbot, shell, clock, count=2)
    assert not overlay.isVisible()
    assert shell.sessions.current is not None  # the citizen's session was never touched
    # ... and the real gesture does open it
    corner_taps(qtbot, shell, clock)
    assert overlay.isVisible() and find(shell, "diag_pinpad").isVisible()


def test_cancel_on_the_pad_gives_the_citizen_back_their_session(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock]) -> None:
    shell, controller, clock = kiosk
    tap(qtbot, shell, "attract_start")
    session = shell.sessions.current
    corner_taps(qtbot, shell, clock)
    assert not shell.idle.timer.isActive()  # the citizen countdown cannot pop up over the pad
    tap(qtbot, shell, "diag_pin_cancel")
    assert not find(shell, "diagnostics").isVisible()
    assert shell.sessions.current is session and shell.current.name == "home"
    assert shell.idle.timer.isActive()


def test_wrong_pins_lock_the_pad_and_every_attempt_is_audited_without_the_pin(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock], core: KioskCore,
        caplog: pytest.LogCaptureFixture) -> None:
    shell, controller, clock = kiosk
    caplog.set_level(logging.DEBUG)
    corner_taps(qtbot, shell, clock)
    for attempt in range(1, 5):
        type_pin(qtbot, shell, WRONG)
        assert "Wrong PIN" in text_of(shell, "diag_pin_message") or "错误" in text_of(shell, "diag_pin_message")
        assert str(5 - attempt) in text_of(shell, "diag_pin_message")
    type_pin(qtbot, shell, WRONG)  # the fifth
    assert not find(shell, "diag_pin_1").isEnabled()  # locked: digits disabled
    assert controller.diag.gate.locked_for_s() > 290
    # even the right PIN is refused while locked (the gate does not check it)
    controller.overlay.pin_pad._digits[:] = list(PIN)
    controller.overlay.pin_pad.submit()
    qtbot.waitUntil(lambda: not controller.overlay.pin_pad._checking, timeout=5000)
    assert not find(shell, "diag_main").isVisible()

    events = [event for _, event, _ in audit_rows(core)]
    assert events == ["pin_wrong"] * 5 + ["pin_lockout", "pin_refused_locked"]
    assert core.store is not None
    stored = "\n".join("|".join(str(v) for v in row) for row in core.store.db.conn().execute("SELECT * FROM audit"))
    log_file = (core.settings.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    for text in (stored, log_file, caplog.text):
        assert WRONG not in text and PIN not in text
    assert "pin_lockout" in log_file or "locked" in log_file


def test_the_right_pin_ends_the_citizen_session_and_opens_the_overview(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock], core: KioskCore) -> None:
    shell, controller, clock = kiosk
    tap(qtbot, shell, "attract_start")
    session = shell.sessions.current
    assert session is not None
    enter(qtbot, shell, clock)
    assert shell.sessions.current is None and session.ended is EndReason.STAFF
    assert [e for _, e, _ in audit_rows(core)] == ["pin_ok", "entered"]
    qtbot.waitUntil(lambda: core.hardware.manager is not None)
    # in English (a technician may switch; the kiosk starts in Chinese)
    shell.language = "en_US"
    shell.translations.use("en_US")
    controller.overlay.current_page.refresh()
    for name in ("card_reader", "camera", "printer", "payment_terminal", "scanner"):
        text = text_of(shell, f"diag_device_{name}")
        assert "simulator" in text and "working" in text
    # Issue #16: in Chinese, words — not card_reader, online, not_applicable
    shell.language = "zh_CN"
    shell.translations.use("zh_CN")
    controller.overlay.current_page.refresh()
    text = text_of(shell, "diag_device_card_reader")
    assert "身份证阅读器" in text and "正常" in text
    for raw in ("card_reader", "online", "not_applicable"):
        assert raw not in text, raw


def test_self_tests_against_the_simulators_with_a_faulty_printer(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock], core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    manager = core.hardware.manager
    assert manager is not None
    printer = manager.get("printer")
    assert isinstance(printer, SimulatedPrinter)
    printer.set_fault("paper_empty")
    manager.get("card_reader").present_card("resident")  # type: ignore[attr-defined]
    manager.get("scanner").scan("R20261122-0001")  # type: ignore[attr-defined]
    tap(qtbot, shell, "diag_tab_tests")
    for name in ("card_reader", "camera", "printer", "payment_terminal", "scanner"):
        tap(qtbot, shell, f"diag_test_{name}")
    page = controller.overlay.page_by_name["tests"]
    assert isinstance(page, SelfTestsPage)
    # the camera test watches frames for a second: off the UI thread, its button waits meanwhile
    assert "camera" in page.running and not find(shell, "diag_test_camera").isEnabled()
    assert "Running" in text_of(shell, "diag_result_camera") or "正在" in text_of(shell, "diag_result_camera")
    qtbot.waitUntil(lambda: not page.running, timeout=15_000)

    results = {name: text_of(shell, f"diag_result_{name}") for name in page.results}
    assert results["printer"].startswith(FAIL) and "paper_empty" in results["printer"]
    for name in ("card_reader", "camera", "payment_terminal", "scanner"):
        assert results[name].startswith(PASS), results[name]
    card = results["card_reader"]
    assert "110105********1239" in card and "name: 测**" in card
    texts = "\n".join(visible_texts(shell))
    for personal in ("110105199003071239", "测试甲", "示例路"):
        assert personal not in texts
    assert "fps" in results["camera"]
    assert "scanned: other" in results["scanner"]
    assert "approved" in results["payment_terminal"].lower()

    # paper loaded: the printer passes and prints its test receipt
    printer.clear_fault()
    tap(qtbot, shell, "diag_test_printer")
    qtbot.waitUntil(lambda: not page.running, timeout=10_000)
    assert text_of(shell, "diag_result_printer").startswith(PASS)
    assert "Printer test" in printer.hardware.last_receipt_text()
    oks = [detail for _, event, detail in audit_rows(core) if event == "self_test"]
    assert "device=printer ok=0" in oks and "device=printer ok=1" in oks


def test_out_of_service_and_back(qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock],
                                 core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_actions")
    tap(qtbot, shell, "diag_out_of_service")
    assert shell.out_of_service
    tap(qtbot, shell, "diag_exit")
    assert not find(shell, "diagnostics").isVisible()
    assert shell.current.name == "out_of_service" and find(shell, "oos_title").isVisible()
    counter = core.settings.counter["zh" if shell.language.startswith("zh") else "en"]
    assert counter in text_of(shell, "oos_body")
    tap_at(qtbot, shell, shell.width() // 2, shell.height() // 2)
    assert shell.current.name == "out_of_service" and shell.sessions.current is None  # citizens cannot start

    clock.now += 10
    enter(qtbot, shell, clock)  # the gesture still works out of service
    tap(qtbot, shell, "diag_tab_actions")
    tap(qtbot, shell, "diag_back_in_service")
    tap(qtbot, shell, "diag_exit")
    assert not shell.out_of_service and shell.current.name == "attract"
    events = [e for _, e, _ in audit_rows(core)]
    assert events.count("out_of_service") == 1 and events.count("back_in_service") == 1


def test_leaves_by_itself_after_inactivity(qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock],
                                           core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    assert controller.idle_timer.isActive()
    assert controller.idle_timer.interval() == core.settings.technician.idle_exit_s * 1000
    tap(qtbot, shell, "diag_tab_sync")  # a touch restarts the countdown
    assert controller.idle_timer.remainingTime() > 115_000
    controller.idle_timer.timeout.emit()  # idle_exit_s have passed
    assert not find(shell, "diagnostics").isVisible()
    assert shell.current.name == "attract"
    assert audit_rows(core)[-1][1:] == ("left", "reason=idle")


def test_sync_panel_shows_the_outbox_and_alerts(qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock],
                                                core: KioskCore) -> None:
    shell, controller, clock = kiosk
    assert core.store is not None
    core.store.add_alert("clock_wrong", "The kiosk clock is 2 h behind the server.")
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_sync")
    summary = text_of(shell, "diag_sync_summary")
    assert "0" in summary and ("not linked" in summary or "未连接" in summary)
    assert "clock_wrong" in text_of(shell, "diag_alerts")
    assert not find(shell, "diag_sync_now").isEnabled()  # no server linked in this test




def test_reload_catalog_and_write_a_bundle_from_the_actions_page(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock], core: KioskCore) -> None:
    shell, controller, clock = kiosk
    old_catalog = shell.catalog
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_actions")
    page = controller.overlay.page_by_name["actions"]
    assert isinstance(page, ActionsPage)
    tap(qtbot, shell, "diag_reload_catalog")
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert core.catalog.version in text_of(shell, "diag_action_status")
    assert shell.catalog is core.catalog and shell.catalog is not old_catalog

    fallback = len(page.folders) - 1  # data_dir/bundles, always offered last
    assert page.folders[fallback] == core.settings.data_dir / "bundles"
    tap(qtbot, shell, f"diag_bundle_{fallback}")
    qtbot.waitUntil(lambda: not page.busy, timeout=15_000)
    written = list((core.settings.data_dir / "bundles").glob("diagnostics-*.zip"))
    assert len(written) == 1 and written[0].name in text_of(shell, "diag_action_status")
    events = [e for _, e, _ in audit_rows(core)]
    assert "catalog_reloaded" in events and "bundle_written" in events
