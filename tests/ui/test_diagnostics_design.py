"""Issue #16, diagnostics: the technician's screens measured as laid out on the reference panel
(27", 3.21 px/mm) against the design system (docs/design.md; reference/ux.md): text capital
height ≥ 7 mm, touch targets ≥ 16 mm on each edge and ≥ 3 mm apart, the Chinese UI in Chinese
words (an identifier only in brackets after them), a way out of the touch-target test, and a
PIN field that shows one dot per digit typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.gui import build_shell
from kiosk.config import Settings, TechnicianSettings
from kiosk.core import KioskCore
from tests.ui.helpers import find, tap
from tests.ui.test_diagnostics import PIN, PIN_HASH, WRONG, FakeClock, type_pin
from ui import theme
from ui.diagnostics import DiagnosticsController
from ui.diagnostics.window import PAGE_CLASSES
from ui.shell import Shell

# The log viewer and the settings list show the log file and the configuration as they are
# (what the service desk asks for); everything else a technician reads is in words.
RAW_TEXT = {"diag_log_lines", "diag_settings"}
TARGET_MM = 16.0
GAP_MM = 3.0
CAP_MM = 7.0
# Raw identifiers a technician's screen must not show alone in Chinese: the device kinds, states
# and error codes of the devices' common vocabulary (devices/ status and error codes).
IDENTIFIERS = {"card_reader", "camera", "printer", "payment_terminal", "scanner", "document_printer",
               "card_dispenser", "rgb_ir_camera", "online", "offline", "no_device", "hardware_error", "jammed",
               "not_applicable", "paper_empty", "paper_jam", "cover_open", "not_connected", "printer_error",
               "checksum", "card_read_failed", "card_removed", "card_moved", "sam_error", "driver_error",
               "bad_status", "bad_card_data"}


@pytest.fixture(params=["zh_CN", "en"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key", language=request.param,
                    technician=TechnicianSettings(pin_hash=PIN_HASH, lockout_after=5, lockout_s=300,
                                                  idle_exit_s=120))


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
    controller.diag.steer_simulators = False
    yield shell, controller, clock
    controller.overlay.background.wait(15_000)


def shown(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible() and not w.objectName().startswith("qt_")]


def problems(shell: Shell, root: QWidget) -> list[str]:
    """What a technician standing at the panel would notice: small text, small or crowded
    buttons, a bare identifier in the Chinese UI."""
    px_per_mm = shell.theme.px_per_mm
    out: list[str] = []
    rects: list[tuple[str, int, int, int, int]] = []
    zh = shell.language.startswith("zh")
    for widget in shown(root):
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QAbstractButton):
            edge = min(widget.width(), widget.height()) / px_per_mm
            if edge < TARGET_MM - 0.05:
                out.append(f"target {name} {edge:.1f} mm")
            p = widget.mapTo(shell, widget.rect().topLeft())
            rects.append((name, p.x(), p.y(), p.x() + widget.width(), p.y() + widget.height()))
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text().strip():
            cap = widget.font().pixelSize() * theme.CAP_HEIGHT_RATIO / px_per_mm
            if cap < CAP_MM - 0.05:
                out.append(f"text {name} {cap:.1f} mm")
            if zh and name not in RAW_TEXT:
                outside_brackets = re.sub(r"\[[^\]]*\]", "", widget.text())
                bare = {w for w in re.findall(r"[a-z_]+", outside_brackets) if w in IDENTIFIERS}
                if bare:
                    out.append(f"identifier {sorted(bare)} shown alone in {name}: {widget.text()!r}")
    for i, (na, ax0, ay0, ax1, ay1) in enumerate(rects):
        for nb, bx0, by0, bx1, by1 in rects[i + 1:]:
            if ax0 < bx1 and bx0 < ax1:
                gap = max(by0 - ay1, ay0 - by1)
            elif ay0 < by1 and by0 < ay1:
                gap = max(bx0 - ax1, ax0 - bx1)
            else:
                continue
            if 0 <= gap / px_per_mm < GAP_MM - 0.05:
                out.append(f"gap {na}|{nb} {gap / px_per_mm:.1f} mm")
    return out


def open_pad(qtbot: QtBot, shell: Shell, clock: FakeClock) -> None:
    # The hidden gesture has its own tests (test_diagnostics.py); here the pad is simply opened.
    controller = shell.findChild(DiagnosticsController)
    assert controller is not None
    controller.open_pin_pad()
    QApplication.processEvents()
    assert find(shell, "diag_pinpad").isVisible()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_every_diagnostics_page_has_kiosk_sized_text_and_targets_and_words(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock], size: tuple[int, int]) -> None:
    shell, controller, clock = kiosk
    shell.resize(*size)
    QApplication.processEvents()
    open_pad(qtbot, shell, clock)
    assert controller.overlay.size().toTuple() == size
    found = {"pin pad": problems(shell, controller.overlay)}
    type_pin(qtbot, shell, PIN)
    assert find(shell, "diag_main").isVisible()
    for cls in PAGE_CLASSES:
        tap(qtbot, shell, f"diag_tab_{cls.name}")
        QApplication.processEvents()
        found[cls.name] = problems(shell, controller.overlay)
        needed = shell.minimumSizeHint()
        if needed.width() > size[0] or needed.height() > size[1]:
            found[cls.name].append(f"needs {needed.width()}x{needed.height()} on a {size[0]}x{size[1]} panel")
    assert {page: p for page, p in found.items() if p} == {}


def test_the_touch_target_test_has_a_way_out(qtbot: QtBot,
                                             kiosk: tuple[Shell, DiagnosticsController, FakeClock]) -> None:
    shell, controller, clock = kiosk
    open_pad(qtbot, shell, clock)
    type_pin(qtbot, shell, PIN)
    tap(qtbot, shell, "diag_tab_sound")
    tap(qtbot, shell, "diag_touch_test")
    calibration = find(shell, "diag_calibration")
    assert calibration.isVisible()
    buttons = [w for w in shown(calibration) if isinstance(w, QAbstractButton)]
    assert buttons, "the full-screen touch test offers no button to leave it"
    stop = buttons[0]
    px_per_mm = shell.theme.px_per_mm
    assert min(stop.width(), stop.height()) / px_per_mm >= TARGET_MM - 0.05
    assert stop.text() and stop.font().pixelSize() * theme.CAP_HEIGHT_RATIO / px_per_mm >= CAP_MM - 0.05
    # Clear of every crosshair (drawn 1.6 × 6 mm from its centre), so aiming at a target never stops the test.
    box = stop.geometry().adjusted(-round(10 * px_per_mm), -round(10 * px_per_mm),
                                   round(10 * px_per_mm), round(10 * px_per_mm))
    sound_page = controller.overlay.page_by_name["sound"]
    for _, point in sound_page.calibration.targets():  # type: ignore[attr-defined]
        assert not box.contains(point.toPoint())
    tap(qtbot, shell, stop.objectName())
    assert not calibration.isVisible()
    assert find(shell, "diag_touch_test").isVisible() and find(shell, "diag_exit").isVisible()


def test_the_pin_field_shows_a_dot_per_digit_and_clears_on_a_wrong_pin(
        qtbot: QtBot, kiosk: tuple[Shell, DiagnosticsController, FakeClock]) -> None:
    shell, controller, clock = kiosk
    open_pad(qtbot, shell, clock)
    dots = find(shell, "diag_pin_dots")
    assert isinstance(dots, QLabel)
    px_per_mm = shell.theme.px_per_mm
    empty_height = dots.height()
    # An empty field before the first digit (the old pad showed a bare "—" and no field at all).
    assert dots.isVisible() and dots.text().strip() == ""
    image = dots.grab().toImage()
    edge = image.pixelColor(1, image.height() // 2).name().upper()
    assert edge == theme.TEXT.upper(), f"no field outline: {edge}"
    for typed, digit in enumerate("975", start=1):
        tap(qtbot, shell, f"diag_pin_{digit}")
        assert dots.text().count("●") == typed
        assert not re.search(r"\d", dots.text())  # never the digits themselves
    # Dots a technician can count at arm's length, in a field that does not jump when typing starts.
    assert dots.font().pixelSize() * theme.CAP_HEIGHT_RATIO / px_per_mm >= CAP_MM - 0.05
    assert abs(dots.height() - empty_height) <= 2
    tap(qtbot, shell, "diag_pin_clear")
    assert dots.text().count("●") == 0
    type_pin(qtbot, shell, WRONG)
    assert dots.text().count("●") == 0 and find(shell, "diag_pinpad").isVisible()
