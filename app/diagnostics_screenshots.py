"""``kiosk technician screenshots DIR``: a PNG of every diagnostics screen in each language, from
a demo kiosk with simulated devices (the printer is put out of paper so the overview, the
self-test and the citizen's paused services show a real fault). For reviews: look at them."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.diagnostics.pin import DEMO_PIN
from app.gui import build_shell, make_application
from ui.diagnostics.controller import DiagnosticsController
from ui.diagnostics.pages import SelfTestsPage
from app.screenshots import settle
from ui.shell import Shell


def _wait(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        settle(50)


def write_diagnostics_screenshots(settings: Settings, directory: Path, languages: Sequence[str],
                                  orientations: Sequence[str] = ("portrait",)) -> list[Path]:
    make_application()
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for orientation in orientations:
        width, height = (1080, 1920) if orientation == "portrait" else (1920, 1080)
        for language in languages:
            with tempfile.TemporaryDirectory(prefix="kiosk-diag-shots-") as tmp:
                screen = settings.screen.model_copy(update={"orientation": orientation, "width_px": width,
                                                            "height_px": height, "fullscreen": False})
                # Demo settings: no technician hash, so the documented demo PIN opens the pad.
                cfg = settings.model_copy(update={"screen": screen, "data_dir": Path(tmp) / "data",
                                                  "language": language, "devices": {},
                                                  "technician": settings.technician.model_copy(update={"pin_hash": ""})})
                core = KioskCore(cfg, log_to_file=True)  # the log viewer page shows this run's log
                shell = build_shell(core, keyboard=False)
                shell.show()
                settle(300)
                controller = shell.findChild(DiagnosticsController)
                assert controller is not None

                def shot(name: str, shell: Shell = shell, orientation: str = orientation,
                         language: str = language) -> None:
                    settle(120)
                    path = directory / f"diagnostics-{orientation}-{language}-{name}.png"
                    shell.grab().save(str(path))
                    written.append(path)

                _tour(controller, core, shot)
                controller.overlay.background.wait(20_000)
                shell.close()
                shell.deleteLater()
                core.close()
                settle()
    return written


def _type(controller: DiagnosticsController, pin: str) -> None:
    pad = controller.overlay.pin_pad
    for digit in pin:
        pad.press(digit)
    pad.submit()
    _wait(lambda: not pad._checking)


def _tour(controller: DiagnosticsController, core: KioskCore, shoot: Callable[[str], None]) -> None:
    _wait(lambda: core.hardware.manager is not None)
    manager = core.hardware.manager
    assert manager is not None
    manager.get("printer").set_fault("paper_empty")  # type: ignore[attr-defined]
    _wait(lambda: "printer" in core.unusable_devices(), 5)
    if core.store is not None:
        core.store.add_alert("clock_wrong", "The kiosk clock differs from the server by 2 h 05 min.")
    controller.open_pin_pad()
    shoot("01-pin-pad")
    for digit in "123":  # the field shows one dot per digit typed
        controller.overlay.pin_pad.press(digit)
    shoot("01b-pin-typing")
    controller.overlay.pin_pad.clear_digits()
    _type(controller, "1234")
    shoot("02-pin-wrong")
    _type(controller, DEMO_PIN)
    shoot("03-overview")
    controller.overlay.show_page("tests")
    tests = controller.overlay.page_by_name["tests"]
    assert isinstance(tests, SelfTestsPage)
    for name in [s.name for s in core.hardware.specs]:
        tests.start(name)
    shoot("04-self-tests-running")
    _wait(lambda: not tests.running)
    shoot("05-self-tests-results")
    controller.overlay.show_page("sync")
    shoot("06-sync")
    # documents printed for citizens earlier (the print history the Actions page reprints from)
    printer = manager.get("printer")
    printer.clear_fault()  # type: ignore[attr-defined]
    core.hardware.print(lambda r: r.title("受理回执 Acceptance receipt").text("案件 K01-20261123-0007").cut())
    core.hardware.print(lambda r: r.title("预约凭条 Appointment slip").text("窗口 3 · 10:30").cut())
    if core.store is not None:  # one record waiting: "reset local data" is refused
        from kiosk.store.outbox import OutboxRecord

        core.store.outbox.commit(OutboxRecord(kind="rating", item_code="ZA-0101", personal={"rating": {"score": 5}}))
    controller.overlay.show_page("actions")
    shoot("07-actions")
    controller.set_out_of_service(True)
    controller.overlay.refresh()
    shoot("08-actions-out-of-service")
    controller.set_out_of_service(False)
    _tools(controller, core, shoot)
    controller.set_out_of_service(True)
    controller.leave("exit")
    shoot("09-citizen-out-of-service")
    controller.open_pin_pad()
    for _ in range(core.settings.technician.lockout_after):
        _type(controller, "1111")
    shoot("10-pin-locked")
    controller.leave("cancel")
    controller.set_out_of_service(False)


def _tools(controller: DiagnosticsController, core: KioskCore, shoot: Callable[[str], None]) -> None:
    """The tool pages: camera preview (ok and covered lens), printer bits (cover open, then a good
    print), sound and touch, logs, configuration, and the reset-data confirm."""
    import logging

    from ui.diagnostics.tools import CameraPage, PrinterPage, SoundTouchPage

    manager = core.hardware.manager
    assert manager is not None
    overlay = controller.overlay
    overlay.show_page("camera")
    camera = overlay.page_by_name["camera"]
    assert isinstance(camera, CameraPage)
    camera.start()
    _wait(lambda: camera.probe is not None and camera.probe.reading().faces == 1
          and camera.probe.reading().fps > 5, 15)
    settle(400)
    shoot("11-camera-ok")
    manager.get("camera").set_fault("black")  # type: ignore[attr-defined]
    _wait(lambda: camera.probe is not None and camera.probe.reading().verdict == "too_dark", 5)
    settle(300)
    shoot("12-camera-too-dark")
    manager.get("camera").clear_fault()  # type: ignore[attr-defined]
    camera.stop()

    overlay.show_page("printer")
    printer_page = overlay.page_by_name["printer"]
    assert isinstance(printer_page, PrinterPage)
    manager.get("printer").set_fault("cover_open")  # type: ignore[attr-defined]
    printer_page.start()
    _wait(lambda: not printer_page.running)
    shoot("13-printer-cover-open")
    manager.get("printer").clear_fault()  # type: ignore[attr-defined]
    printer_page.start()
    _wait(lambda: not printer_page.running)
    shoot("14-printer-ok")

    overlay.show_page("sound")
    sound = overlay.page_by_name["sound"]
    assert isinstance(sound, SoundTouchPage)
    sound.test_sound()
    sound.test_touch()
    shoot("15-touch-target")  # with its way out, 停止触摸测试
    mm = overlay.shell.theme.px_per_mm
    for index in range(5):
        target = sound.calibration.current_target()
        dx = 6.0 if index == 2 else 0.8
        sound.calibration.tap(type(target)(target.x() + dx * mm, target.y() - 0.5 * mm))
    shoot("16-sound-touch-results")

    logging.getLogger("devices.printer").warning("printer cover_open: printer cover is open")
    logging.getLogger("kiosk.sync.worker").error("server unreachable: connection refused")
    overlay.show_page("logs")
    shoot("17-logs")
    overlay.page_by_name["logs"].set_level("WARNING")  # type: ignore[attr-defined]
    shoot("18-logs-warnings")
    overlay.show_page("config")
    shoot("19-configuration")
    if core.store is not None:
        batch = core.store.outbox.next_batch()
        core.store.outbox.mark_acknowledged([r.id for r in batch])
    overlay.show_page("actions")
    actions = overlay.page_by_name["actions"]
    actions.reset_local_data()  # type: ignore[attr-defined]
    shoot("20-actions-reset-confirm")
    actions.cancel_reset()  # type: ignore[attr-defined]


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots/diagnostics")
    paths = write_diagnostics_screenshots(Settings(), out, ["zh_CN", "en"])
    print(f"wrote {len(paths)} screenshots to {out}")
