"""Diagnostics tools driven by taps against the simulators: camera preview (ok, too dark,
blurred), printer status bits with a faulty printer, sound and touch calibration, the log viewer,
the configuration page, and the actions (restart, device reset, reprint from the encrypted print
history, reset local data refused while anything is unsent, out of service across a restart)."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTextToSpeech import QTextToSpeech
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from devices.camera.source import image_files
from devices.printer.simulator import SimulatedPrinter
from devices.spec import DEMO_DIR
from kiosk.config import Settings, TechnicianSettings, VoiceSettings
from kiosk.core import KioskCore
from kiosk.diagnostics.prints import PrintHistory
from kiosk.diagnostics.state import RESTART_EXIT_CODE
from kiosk.store.outbox import OutboxRecord
from tests.ui.helpers import find, tap, visible_texts
from tests.ui.test_diagnostics import PIN_HASH, FakeClock, audit_rows, enter, kiosk, text_of  # noqa: F401
from app.gui import build_shell
from ui.diagnostics import DiagnosticsController
from ui.diagnostics.tools import CALIBRATION_TOLERANCE_MM, CameraPage, PrinterPage, SoundTouchPage
from ui.shell import Shell

Kiosk = tuple[Shell, DiagnosticsController, FakeClock]
CANARY_ID = "110105199003071239"  # the fictitious sample resident's number (assets/demo)


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """The technician reads English here (the zh_CN texts are covered by test_i18n)."""
    return Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key", language="en",
                    voice=VoiceSettings(engine="mock"),
                    technician=TechnicianSettings(pin_hash=PIN_HASH, lockout_after=5, lockout_s=300, idle_exit_s=120))


def devices_up(qtbot: QtBot, core: KioskCore) -> None:
    qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=10_000)


class StillSource:
    """A camera scene without sensor noise (a blurred copy of a demo face)."""

    def __init__(self, image: np.ndarray) -> None:
        self.image = image

    def frame_at(self, t: float) -> np.ndarray:
        return self.image.copy()


def test_camera_preview_shows_face_box_numbers_and_verdicts(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    devices_up(qtbot, core)
    camera = core.hardware.manager.get("camera")  # type: ignore[union-attr]
    tap(qtbot, shell, "diag_tab_camera")
    page = controller.overlay.page_by_name["camera"]
    assert isinstance(page, CameraPage)
    tap(qtbot, shell, "diag_camera_start")
    assert page.probe is not None
    qtbot.waitUntil(lambda: page.probe is not None and page.probe.reading().faces == 1
                    and page.probe.reading().fps > 5, timeout=15_000)
    qtbot.wait(300)
    numbers = text_of(shell, "diag_camera_numbers")
    assert "fps" in numbers and "640×480" in numbers
    for word in ("Brightness", "Sharpness", "Faces found: 1"):
        assert word in numbers or page.tr(word) in numbers
    assert text_of(shell, "diag_camera_verdict").startswith("OK") or "正常" in text_of(shell, "diag_camera_verdict")
    assert page.view.has_frame() and page.view._box is not None  # the face box is drawn

    camera.set_fault("black")  # covered lens
    qtbot.waitUntil(lambda: page.probe is not None and page.probe.reading().verdict == "too_dark", timeout=5000)
    qtbot.wait(200)
    assert "TOO DARK" in text_of(shell, "diag_camera_verdict") or "太暗" in text_of(shell, "diag_camera_verdict")
    assert "Brightness (mean luma): 0" in text_of(shell, "diag_camera_numbers") \
        or "亮度（平均亮度）：0" in text_of(shell, "diag_camera_numbers")
    camera.clear_fault()

    face = cv2.resize(cv2.imread(str(image_files(DEMO_DIR / "faces")[0])), (640, 480))
    camera.set_source(StillSource(cv2.GaussianBlur(face, (0, 0), 6)))  # fogged lens
    qtbot.waitUntil(lambda: page.probe is not None and page.probe.reading().verdict == "blurred", timeout=5000)
    qtbot.wait(200)
    assert "BLURRED" in text_of(shell, "diag_camera_verdict") or "模糊" in text_of(shell, "diag_camera_verdict")

    tap(qtbot, shell, "diag_camera_start")  # stop: the camera is watched only while looked at
    assert page.probe is None and not page.view.has_frame()
    assert core.self_tests["camera"]["ok"] is False  # the last verdict was "blurred"
    assert "device=camera ok=0" in [d for _, e, d in audit_rows(core) if e == "self_test"]


def _printer_page(qtbot: QtBot, shell: Shell, controller: DiagnosticsController) -> PrinterPage:
    page = controller.overlay.page_by_name["printer"]
    assert isinstance(page, PrinterPage)
    tap(qtbot, shell, "diag_printer_test")
    qtbot.waitUntil(lambda: not page.running, timeout=10_000)
    return page


def test_printer_status_bits_decoded_with_faults(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    devices_up(qtbot, core)
    printer = core.hardware.manager.get("printer")  # type: ignore[union-attr]
    assert isinstance(printer, SimulatedPrinter)
    tap(qtbot, shell, "diag_tab_printer")

    printer.set_fault("paper_empty")
    _printer_page(qtbot, shell, controller)
    summary = text_of(shell, "diag_printer_summary")
    assert summary.startswith("FAIL")
    assert "Reason: out of paper: load a new roll" in summary
    # an Epson printer goes offline when the paper runs out: both bits shown
    assert "Paper end: yes" in summary and "Cover open: no" in summary and "Online: no" in summary
    bits = text_of(shell, "diag_printer_bits")
    assert "DLE EOT 4 (paper sensor) = 0x7E: paper near end, paper end" in bits
    assert "DLE EOT 1 (printer) = 0x1A: offline" in bits
    assert "DLE EOT 2 (offline cause) = 0x32: printing stopped by paper end" in bits
    printer.clear_fault()

    printer.set_fault("cover_open")
    _printer_page(qtbot, shell, controller)
    summary = text_of(shell, "diag_printer_summary")
    assert summary.startswith("FAIL") and "cover open: close the printer cover" in summary
    assert "Cover open: yes" in summary and "Paper end: no" in summary
    assert "DLE EOT 2 (offline cause) = 0x16: cover open" in text_of(shell, "diag_printer_bits")
    printer.clear_fault()

    printed_before = len(printer.hardware.receipts())
    _printer_page(qtbot, shell, controller)
    summary = text_of(shell, "diag_printer_summary")
    assert summary.startswith("PASS") and "Test receipt printed" in summary
    assert len(printer.hardware.receipts()) > printed_before
    assert core.self_tests["printer"]["ok"] is True


def test_printer_that_does_not_answer(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    devices_up(qtbot, core)
    printer = core.hardware.manager.get("printer")  # type: ignore[union-attr]
    printer.set_fault("offline")
    tap(qtbot, shell, "diag_tab_printer")
    _printer_page(qtbot, shell, controller)
    summary = text_of(shell, "diag_printer_summary")
    assert summary.startswith("FAIL") and "does not answer status queries" in summary


def test_sound_and_touch_calibration(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_sound")
    page = controller.overlay.page_by_name["sound"]
    assert isinstance(page, SoundTouchPage)
    with qtbot.waitSignal(page.chime.played, timeout=2000):
        tap(qtbot, shell, "diag_sound_test")
    voice = shell.voice
    assert voice.engine is not None and voice.engine.state() == QTextToSpeech.State.Speaking
    assert voice.last == ""  # a citizen's "repeat" will not say the test sentence
    result = text_of(shell, "diag_sound_result")
    assert "warning.wav" in result and "voice test" in result

    # touch check: taps 1 mm off every target pass
    mm = shell.theme.px_per_mm
    tap(qtbot, shell, "diag_touch_test")
    overlay = page.calibration
    assert overlay.isVisible()
    for _ in range(5):
        target = overlay.current_target()
        qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton,
                         pos=(target + QPointF(mm * 1.0, 0)).toPoint())
    assert not overlay.isVisible()
    text = text_of(shell, "diag_touch_result")
    assert text.startswith("PASS") and "top left: off by" in text and "centre: off by" in text
    assert all(math.hypot(dx, dy) < 1.2 for _, dx, dy in page.touch_offsets)

    # a touch panel off by 8 mm on the bottom-right corner fails and says which
    tap(qtbot, shell, "diag_touch_test")
    for index in range(5):
        target = overlay.current_target()
        off = QPointF(-8 * mm, -3 * mm) if index == 2 else QPointF(0, 0)
        qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton,
                         pos=(target + off).toPoint())
    text = text_of(shell, "diag_touch_result")
    assert text.startswith("FAIL") and f"tolerance {CALIBRATION_TOLERANCE_MM:g} mm" in text
    assert "bottom right: off by 8.5 mm" in text or "bottom right: off by 8.6 mm" in text or "bottom right: off by 8.4 mm" in text
    assert "Recalibrate" in text
    events = [e for _, e, _ in audit_rows(core)]
    assert "sound_test" in events and events.count("touch_check") == 2


def test_log_viewer_filters_newest_first_and_redacts(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    logging.getLogger("devices.printer").warning("printer marker-one paper low")
    logging.getLogger("kiosk.sync.worker").error("sync marker-two failed id_number=%s", CANARY_ID)
    logging.getLogger("ui.shell").info("ui marker-three screen home")
    logging.getLogger("devices.scanner").debug("scanner marker-four (debug)")
    for handler in logging.getLogger().handlers:
        handler.flush()
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_logs")
    lines = text_of(shell, "diag_log_lines")
    assert "marker-three" in lines and "marker-two" in lines and "marker-one" in lines
    assert "marker-four" not in lines  # INFO and above by default
    assert lines.index("marker-three") < lines.index("marker-two") < lines.index("marker-one")  # newest first
    assert CANARY_ID not in lines and "[REDACTED]" in lines
    tap(qtbot, shell, "diag_log_level_WARNING")
    lines = text_of(shell, "diag_log_lines")
    assert "marker-three" not in lines and "marker-one" in lines and "marker-two" in lines
    tap(qtbot, shell, "diag_log_sub_sync")
    lines = text_of(shell, "diag_log_lines")
    assert "marker-two" in lines and "marker-one" not in lines
    tap(qtbot, shell, "diag_log_sub_all")
    tap(qtbot, shell, "diag_log_level_ERROR")
    lines = text_of(shell, "diag_log_lines")
    assert "marker-two" in lines and "marker-one" not in lines
    tap(qtbot, shell, "diag_log_sub_ui")
    assert "No log lines match." == text_of(shell, "diag_log_lines")
    for text in visible_texts(shell):
        assert CANARY_ID not in text


def test_configuration_hides_secrets_and_shows_versions(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_config")
    settings_text = text_of(shell, "diag_settings")
    assert "technician.pin_hash = [HIDDEN]" in settings_text
    assert core.settings.technician.pin_hash not in settings_text
    assert f"kiosk_id = {core.settings.kiosk_id}" in settings_text
    assert f"key_file = {core.settings.key_file}" in settings_text  # the path, never the key
    versions = text_of(shell, "diag_versions")
    for name in ("kiosk:", "catalog:", "Qt:", "OpenCV:", "dlib:", "face_recognition:", "PySide6:"):
        assert name in versions
    assert core.catalog.version in versions


def test_restart_exits_with_the_restart_code(qtbot: QtBot, kiosk: Kiosk, core: KioskCore,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    shell, controller, clock = kiosk
    codes: list[int] = []
    app = QApplication.instance()
    monkeypatch.setattr(app, "exit", lambda code=0: codes.append(code))
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_actions")
    tap(qtbot, shell, "diag_restart")
    qtbot.waitUntil(lambda: codes == [RESTART_EXIT_CODE], timeout=2000)
    assert RESTART_EXIT_CODE == 75 and not find(shell, "diagnostics").isVisible()
    assert ("technician", "restart", f"exit_code={RESTART_EXIT_CODE}") in audit_rows(core)


def test_reset_a_device_reopens_it(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    enter(qtbot, shell, clock)
    devices_up(qtbot, core)
    printer = core.hardware.manager.get("printer")  # type: ignore[union-attr]
    tap(qtbot, shell, "diag_tab_actions")
    page = controller.overlay.page_by_name["actions"]
    printer.unplug()
    tap(qtbot, shell, "diag_reset_printer")
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert "receipt printer [printer] reopened" in text_of(shell, "diag_action_status")  # in words, with its id
    assert not printer.status.usable
    printer.replug()
    tap(qtbot, shell, "diag_reset_printer")
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    status = text_of(shell, "diag_action_status")
    assert "receipt printer [printer] reopened" in status and printer.status.usable
    assert [d for _, e, d in audit_rows(core) if e == "device_reset"] == ["device=printer usable=0",
                                                                        "device=printer usable=1"]


def test_reprint_from_the_encrypted_print_history(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    devices_up(qtbot, core)
    printer = core.hardware.manager.get("printer")  # type: ignore[union-attr]
    assert core.hardware.print(lambda r: r.title("受理回执 Acceptance receipt").text("身份证 110105********1239").cut())
    printer.set_fault("paper_empty")
    assert not core.hardware.print(lambda r: r.title("预约凭条 Appointment slip").text("窗口 3").cut())
    printer.clear_fault()
    db_bytes = b"".join(p.read_bytes() for p in core.settings.data_dir.glob("kiosk.db*"))
    for plain in ("Acceptance receipt", "110105********1239", "Appointment slip"):
        assert plain.encode() not in db_bytes  # no receipt text on disk in plain

    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_actions")
    first = text_of(shell, "diag_reprint_0")
    assert "预约凭条 Appointment slip" in first and "did not print" in first  # newest first
    assert "受理回执 Acceptance receipt" in text_of(shell, "diag_reprint_1")
    count = len(printer.hardware.receipts())
    page = controller.overlay.page_by_name["actions"]
    tap(qtbot, shell, "diag_reprint_1")
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert text_of(shell, "diag_action_status") == "Reprinted."
    assert len(printer.hardware.receipts()) == count + 1
    assert "110105********1239" in printer.hardware.last_receipt_text()


def test_print_history_keeps_ten_for_a_day(core: KioskCore) -> None:
    from devices.printer.receipt import Receipt

    assert core.store is not None and core.print_history is not None
    clock = FakeClock()
    history = PrintHistory(core.store.db, core.print_history.cipher, clock=clock)
    for i in range(12):
        clock.now += 60
        history.record(Receipt().title(f"doc {i}"), True)
    titles = [d.title for d in history.recent()]
    assert titles == [f"doc {i}" for i in range(11, 1, -1)]
    clock.now += 24 * 3600 - 210  # the older ones pass 24 h
    assert [d.title for d in history.recent()] == ["doc 11", "doc 10", "doc 9", "doc 8"]
    clock.now += 3600
    assert history.recent() == []


def test_reset_local_data_refused_while_unsent_then_cleared_after_confirm(
        qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    assert core.store is not None
    devices_up(qtbot, core)
    core.hardware.print(lambda r: r.title("受理回执 Acceptance receipt"))
    (core.settings.data_dir / "catalog" / "v9").mkdir(parents=True)
    core.store.outbox.commit(OutboxRecord(kind="rating", item_code="ZA-0101", personal={"rating": {"score": 5}}))
    enter(qtbot, shell, clock)
    tap(qtbot, shell, "diag_tab_actions")
    assert not find(shell, "diag_reset_data").isEnabled()
    why = text_of(shell, "diag_reset_data_why")
    assert "Refused: 1 record not yet delivered to the server" in why
    with pytest.raises(RuntimeError):
        controller.diag.reset_local_data()  # checked again behind the button

    batch = core.store.outbox.next_batch()
    core.store.outbox.mark_acknowledged([r.id for r in batch])
    controller.overlay.current_page.refresh()
    assert find(shell, "diag_reset_data").isEnabled()
    tap(qtbot, shell, "diag_reset_data")
    assert find(shell, "diag_reset_data_confirm").isVisible()  # a confirm first
    tap(qtbot, shell, "diag_reset_data_confirm")
    assert "Local data cleared" in text_of(shell, "diag_action_status")
    assert not (core.settings.data_dir / "catalog").exists()
    assert controller.diag.recent_prints() == []
    events = [e for _, e, _ in audit_rows(core)]
    assert "reset_refused" in events and "local_data_reset" in events


def test_out_of_service_survives_a_restart(qtbot: QtBot, settings: Settings) -> None:
    first = KioskCore(settings, log_to_file=False, start_devices=False)
    shell = build_shell(first, keyboard=False)
    qtbot.addWidget(shell)
    controller = shell.findChild(DiagnosticsController)
    assert controller is not None and not shell.out_of_service
    controller.set_out_of_service(True)
    shell.close()
    first.close()

    again = KioskCore(settings, log_to_file=False, start_devices=False)
    try:
        shell2 = build_shell(again, keyboard=False)
        qtbot.addWidget(shell2)
        shell2.show()
        assert shell2.out_of_service and shell2.current.name == "out_of_service"
        controller2 = shell2.findChild(DiagnosticsController)
        assert controller2 is not None
        controller2.set_out_of_service(False)
        assert not controller2.diag.persisted_out_of_service()
    finally:
        again.close()


def test_heartbeat_device_health_carries_the_latest_self_test(qtbot: QtBot, kiosk: Kiosk, core: KioskCore) -> None:
    shell, controller, clock = kiosk
    devices_up(qtbot, core)
    controller.diag.self_test("scanner")
    health = core.device_health()
    test = health["scanner"]["self_test"]
    assert isinstance(test, dict) and set(test) == {"ok", "at"} and test["at"].endswith("Z")
    assert "self_test" not in health["printer"]


def _staff_kiosk(qtbot: QtBot, settings: Settings, cards: list[str]) -> tuple[Shell, DiagnosticsController, KioskCore]:
    cfg = settings.model_copy(update={"technician": settings.technician.model_copy(update={"staff_cards": cards})})
    core = KioskCore(cfg, log_to_file=True)
    shell = build_shell(core, keyboard=False)
    qtbot.addWidget(shell)
    shell.show()
    controller = shell.findChild(DiagnosticsController)
    assert controller is not None
    controller.card_timer.setInterval(100)
    return shell, controller, core


def test_a_staff_card_opens_diagnostics_without_the_pin(qtbot: QtBot, settings: Settings,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shell, controller, core = _staff_kiosk(qtbot, settings, [CANARY_ID])
    try:
        devices_up(qtbot, core)
        controller.open_pin_pad()
        core.hardware.card_reader().present_card("resident")  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: controller.inside, timeout=10_000)
        assert find(shell, "diag_main").isVisible()
        assert [e for _, e, _ in audit_rows(core)][:2] == ["staff_card_ok", "entered"]
        stored = "\n".join("|".join(map(str, r)) for r in core.store.db.conn().execute("SELECT * FROM audit"))  # type: ignore[union-attr]
        log_file = (core.settings.data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
        for text in (stored, log_file, caplog.text):
            assert CANARY_ID not in text
        controller.leave("exit")
    finally:
        controller.overlay.background.wait(10_000)
        core.close()


def test_a_card_that_is_not_a_staff_card_is_refused(qtbot: QtBot, settings: Settings) -> None:
    shell, controller, core = _staff_kiosk(qtbot, settings, ["11010519491231002X"])
    try:
        devices_up(qtbot, core)
        controller.open_pin_pad()
        core.hardware.card_reader().present_card("resident")  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: "staff_card_refused" in [e for _, e, _ in audit_rows(core)], timeout=10_000)
        qtbot.wait(100)
        assert not controller.inside and find(shell, "diag_pinpad").isVisible()
        assert "not a technician staff card" in text_of(shell, "diag_pin_message")
        controller.leave("cancel")
    finally:
        controller.overlay.background.wait(10_000)
        core.close()
