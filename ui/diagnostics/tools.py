"""Diagnostics pages beyond the first four: camera preview, printer status and test print, sound
and touch, log viewer, configuration. Every text through self.tr; nothing personal is shown (the
camera picture is live only, never kept; log lines are redacted; secrets are hidden)."""

from __future__ import annotations

import logging
import math
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.diagnostics.camera import CameraProbe
from kiosk.diagnostics.logview import SUBSYSTEMS
from kiosk.diagnostics.printer import PrinterCheck, bit_lines
from ui.camera_view import CameraView
from ui.diagnostics.pages import FitLabel, Page
from ui.theme import BACKGROUND, DANGER, TEXT
from ui.widgets import PagedArea, button, label

if TYPE_CHECKING:
    from ui.diagnostics.host import PageHost

log = logging.getLogger("ui.diagnostics")


def _kind_names(overlay: PageHost, kind: str) -> list[str]:
    return [s.name for s in overlay.core.hardware.specs if s.kind.value == kind]


class CameraPage(Page):
    """Live preview with the face box; fps, brightness (mean luma), sharpness (variance of the
    Laplacian) and the verdict: too dark / blurred / ok."""

    name = "camera"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.view = CameraView("diag_camera_view")
        self.start_button = button("", self.toggle, "diag_camera_start")
        self.numbers = self.card("diag_camera_numbers")
        self.verdict = label("", "title", name="diag_camera_verdict")
        layout = QVBoxLayout(self)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(self.numbers)
        self.probe: CameraProbe | None = None
        self.camera_name = ""
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.update_view)
        self.last_verdict = ""

    def refresh(self) -> None:
        self.start_button.setText(self.tr("Stop preview") if self.probe else self.tr("Start camera preview"))
        self.start_button.setAccessibleName(self.start_button.text())
        if self.probe is None:
            self.numbers.setText(self.tr("Frames per second, brightness (mean luma 0–255) and sharpness "
                                         "(variance of the Laplacian) appear here while the preview runs."))
            self.verdict.setText("")
        else:
            self.update_view()

    def toggle(self) -> None:
        if self.probe is not None:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        names = _kind_names(self.overlay, "camera")
        if not names:
            self.verdict.setText(self.tr("No camera is configured."))
            return
        self.camera_name = names[0]
        self.probe = self.diag.camera_probe(self.camera_name)
        if self.probe is None:
            self.verdict.setText(self.tr("Devices are still starting."))
            return
        self.last_verdict = ""
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()
        probe, self.probe = self.probe, None
        if probe is not None:
            probe.stop()
            if self.last_verdict:
                self.diag.note_self_test(self.camera_name, self.last_verdict == "ok")
        self.view.clear()
        self.refresh()

    def hideEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        if self.probe is not None:
            self.stop()  # the camera is only watched while the technician looks at it
        super().hideEvent(event)  # type: ignore[arg-type]

    def verdict_text(self, code: str) -> str:
        return {"no_frames": self.tr("NO PICTURE: the camera delivers no frames"),
                "too_dark": self.tr("TOO DARK: check the lens cover and the lighting"),
                "blurred": self.tr("BLURRED: clean the lens or check the focus"),
                "ok": self.tr("OK: bright and sharp enough for the face check")}[code]

    def update_view(self) -> None:
        if self.probe is None:
            return
        r = self.probe.reading()
        self.view.show_frame(r.image, r.box, r.box is not None)
        self.last_verdict = r.verdict if r.image is not None or self.probe.samples else self.last_verdict
        self.verdict.setText(self.verdict_text(r.verdict))
        self.verdict.setProperty("verdict", r.verdict)
        m = r.metrics
        lines = [
            self.tr("Camera: %1 · %2×%3").replace("%1", self.camera_name).replace("%2", str(r.width))
            .replace("%3", str(r.height)),
            self.tr("Measured: %1 fps").replace("%1", f"{r.fps:.1f}"),
            self.tr("Brightness (mean luma): %1").replace("%1", f"{m.brightness:.0f}" if m else "-"),
            self.tr("Sharpness (variance of Laplacian): %1").replace("%1", f"{m.sharpness:.0f}" if m else "-"),
            self.tr("Faces found: %1").replace("%1", str(r.faces)),
        ]
        self.numbers.setText("\n".join(lines))


class PrinterPage(Page):
    """Status bits (DLE EOT 1–4) decoded, then a test print."""

    name = "printer"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.test_button = button("", self.start, "diag_printer_test")
        self.summary = self.card("diag_printer_summary")
        self.bits = self.card("diag_printer_bits")
        layout = QVBoxLayout(self)
        layout.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.summary)
        layout.addWidget(self.bits)
        layout.addStretch(1)
        self.running = False
        self.check: PrinterCheck | None = None

    def refresh(self) -> None:
        self.test_button.setText(self.tr("Read status and print a test receipt"))
        self.test_button.setAccessibleName(self.test_button.text())
        self.test_button.setEnabled(not self.running and bool(_kind_names(self.overlay, "printer")))
        if self.running:
            self.summary.setText(self.tr("Running…"))
            return
        check = self.check
        if check is None:
            self.summary.setText(self.tr("Not tested yet"))
            self.bits.setText(self.tr("The printer's status bits appear here."))
            return
        flags = check.flags
        yes, no = self.tr("yes"), self.tr("no")
        head = self.tr("PASS") if check.ok else self.tr("FAIL")
        lines = [head]
        if check.reason:
            lines.append(self.tr("Reason: %1").replace("%1", self.reason_text(check)))
        if check.answered:
            lines += [
                self.tr("Online: %1").replace("%1", yes if flags["online"] else no),
                self.tr("Cover open: %1").replace("%1", yes if flags["cover_open"] else no),
                self.tr("Paper near end: %1").replace("%1", yes if flags["paper_near_end"] else no),
                self.tr("Paper end: %1").replace("%1", yes if flags["paper_end"] else no),
                self.tr("Error: %1").replace("%1", yes if flags["error"] else no),
            ]
        if check.printed is not None:
            lines.append(self.tr("Test receipt printed") if check.printed else self.tr("Test receipt NOT printed"))
        lines += check.lines
        self.summary.setText("\n".join(lines))
        self.summary.setProperty("state", "ok" if check.ok else "bad")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        self.bits.setText(self.tr("Status bytes (DLE EOT n):") + "\n" + ("\n".join(bit_lines(check)) or "-"))

    def reason_text(self, check: PrinterCheck) -> str:
        words = {"paper_end": self.tr("out of paper: load a new roll"),
                 "cover_open": self.tr("cover open: close the printer cover"),
                 "cutter": self.tr("auto-cutter error: clear the paper jam"),
                 "error": self.tr("the printer reports an error: switch it off and on"),
                 "offline": self.tr("the printer is offline"),
                 "no_answer": self.tr("the printer does not answer status queries (off, unplugged or wrong port)")}
        known = [words[c] for c in check.codes if c in words]
        return "; ".join(known) if known and len(known) == len(check.codes) else check.reason

    def start(self) -> None:
        names = _kind_names(self.overlay, "printer")
        if self.running or not names:
            return
        self.running = True
        self.refresh()
        self.overlay.background.run(lambda: self.diag.printer_check(names[0]), self._done)

    def _done(self, check: PrinterCheck | None, error: BaseException | None) -> None:
        self.running = False
        if error is not None or check is None:
            log.error("printer check failed to run: %s", type(error).__name__)
            check = PrinterCheck(False, reason=f"error: {type(error).__name__}")
        self.check = check
        self.refresh()


# -- sound and touch ------------------------------------------------------------------------------
CALIBRATION_INSET_MM = 15.0
CALIBRATION_TOLERANCE_MM = 4.0


class CalibrationOverlay(QFrame):
    """Five crosshair targets (four corners, centre), one at a time; the technician taps each.
    Emits the offsets in mm when the fifth is tapped."""

    finished = Signal(list)  # [(target name, dx_mm, dy_mm)]
    cancelled = Signal()

    def __init__(self, parent: QWidget, px_per_mm: float, text_px: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("diag_calibration")
        self.px_per_mm = px_per_mm
        self.text_px = text_px or round(9 * px_per_mm)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.prompt = ""
        self.index = 0
        self.results: list[tuple[str, float, float]] = []
        # The way out (issue #16: the screen had none): a technician called away, or a panel
        # so far off that a target cannot be hit, must not be stuck on a full-screen test.
        # It sits between the centre target and the bottom ones, clear of every crosshair.
        self.cancel_button = button("", self.cancel, "diag_calibration_cancel", "secondary")
        self.cancel_button.setParent(self)
        self.hide()

    def cancel(self) -> None:
        self.hide()
        self.cancelled.emit()

    def _place_cancel(self) -> None:
        b = self.cancel_button
        b.adjustSize()
        b.move(round((self.width() - b.width()) / 2), round(self.height() * 0.72 - b.height() / 2))
        b.raise_()

    def targets(self) -> list[tuple[str, QPointF]]:
        inset = CALIBRATION_INSET_MM * self.px_per_mm
        w, h = self.width(), self.height()
        return [("top-left", QPointF(inset, inset)), ("top-right", QPointF(w - inset, inset)),
                ("bottom-right", QPointF(w - inset, h - inset)), ("bottom-left", QPointF(inset, h - inset)),
                ("centre", QPointF(w / 2, h / 2))]

    def begin(self, prompt: str, cancel_text: str) -> None:
        self.prompt = prompt
        self.cancel_button.setText(cancel_text)
        self.cancel_button.setAccessibleName(cancel_text)
        self.index = 0
        self.results = []
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self._place_cancel()
        self.update()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_cancel()

    def current_target(self) -> QPointF:
        return self.targets()[self.index][1]

    def tap(self, pos: QPointF) -> None:
        name, target = self.targets()[self.index]
        self.results.append((name, (pos.x() - target.x()) / self.px_per_mm, (pos.y() - target.y()) / self.px_per_mm))
        self.index += 1
        if self.index >= len(self.targets()):
            self.hide()
            self.finished.emit(list(self.results))
        else:
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.tap(event.position())
        event.accept()

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        painter.setPen(QColor(TEXT))
        font = painter.font()
        font.setPixelSize(self.text_px)
        painter.setFont(font)
        text_rect = QRectF(self.width() * 0.1, self.height() * 0.3, self.width() * 0.8, self.height() * 0.15)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         f"{self.prompt}  ({self.index + 1}/5)")
        if self.index < len(self.targets()):
            c = self.current_target()
            r = 6 * self.px_per_mm
            pen = QPen(QColor(DANGER))
            pen.setWidth(max(2, round(0.6 * self.px_per_mm)))
            painter.setPen(pen)
            painter.drawEllipse(c, r, r)
            painter.drawLine(QPointF(c.x() - 1.6 * r, c.y()), QPointF(c.x() + 1.6 * r, c.y()))
            painter.drawLine(QPointF(c.x(), c.y() - 1.6 * r), QPointF(c.x(), c.y() + 1.6 * r))
        painter.end()


class SoundTouchPage(Page):
    """Speaker (the warning sound, then a spoken test sentence) and the touch calibration check."""

    name = "sound"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        from ui.timeout import Chime

        self.chime = Chime(self)
        self.sound_button = button("", self.test_sound, "diag_sound_test")
        self.sound_result = self.card("diag_sound_result")
        self.touch_button = button("", self.test_touch, "diag_touch_test")
        self.touch_result = self.card("diag_touch_result")
        layout = QVBoxLayout(self)
        layout.addWidget(self.sound_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.sound_result)
        layout.addWidget(self.touch_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.touch_result)
        layout.addStretch(1)
        theme = overlay.shell.theme
        self.calibration = CalibrationOverlay(overlay.as_widget(), theme.px_per_mm, theme.title_px)
        self.calibration.finished.connect(self._touch_done)
        self.calibration.cancelled.connect(self._touch_cancelled)
        self.sound_state = ""  # "", "played"
        self.touch_offsets: list[tuple[str, float, float]] = []
        self.spoken = ""

    def refresh(self) -> None:
        self.sound_button.setText(self.tr("Play the warning sound and a spoken sentence"))
        self.touch_button.setText(self.tr("Touch calibration check (tap 5 targets)"))
        for b in (self.sound_button, self.touch_button):
            b.setAccessibleName(b.text())
        voice = self.overlay.shell.voice
        if not self.sound_state:
            self.sound_result.setText(self.tr("Not tested yet"))
        else:
            lines = [self.tr("Warning sound played: %1").replace("%1", "warning.wav")]
            if voice.available:
                lines.append(self.tr("Spoken: “%1”").replace("%1", self.spoken))
            else:
                lines.append(self.tr("No speech engine: voice guidance is off (install speech-dispatcher and espeak-ng)."))
            lines.append(self.tr("Did you hear both? If not, check the volume and the speaker cable."))
            self.sound_result.setText("\n".join(lines))
        if not self.touch_offsets:
            self.touch_result.setText(self.tr("Not tested yet"))
        else:
            self.touch_result.setText(self._touch_text())

    def test_sound(self) -> None:
        self.chime.play()
        self.spoken = self.tr("This is the kiosk's voice test. If you can hear this, the speaker works.")
        voice = self.overlay.shell.voice
        voice.say(self.spoken, self.overlay.shell.language)
        voice.last = ""  # a citizen's "repeat" must not say the technician's test
        self.sound_state = "played"
        self.diag.audit.record("sound_test", f"voice={int(voice.available)}")
        self.refresh()

    def test_touch(self) -> None:
        self.calibration.begin(self.tr("Tap the centre of the red target"), self.tr("Stop the touch test"))

    def _touch_cancelled(self) -> None:
        self.diag.audit.record("touch_check", "cancelled")
        self.refresh()

    def _touch_done(self, offsets: list[tuple[str, float, float]]) -> None:
        self.touch_offsets = offsets
        ok = self.touch_ok()
        self.diag.audit.record("touch_check", f"ok={int(ok)} worst_mm={self.worst():.1f}")
        self.refresh()

    def worst(self) -> float:
        return max((math.hypot(dx, dy) for _, dx, dy in self.touch_offsets), default=0.0)

    def touch_ok(self) -> bool:
        return bool(self.touch_offsets) and self.worst() <= CALIBRATION_TOLERANCE_MM

    def _touch_text(self) -> str:
        names = {"top-left": self.tr("top left"), "top-right": self.tr("top right"),
                 "bottom-right": self.tr("bottom right"), "bottom-left": self.tr("bottom left"),
                 "centre": self.tr("centre")}
        head = self.tr("PASS") if self.touch_ok() else self.tr("FAIL")
        lines = [head + " — " + self.tr("tolerance %1 mm").replace("%1", f"{CALIBRATION_TOLERANCE_MM:g}")]
        for name, dx, dy in self.touch_offsets:
            lines.append(self.tr("%1: off by %2 mm (x %3, y %4)").replace("%1", names[name])
                         .replace("%2", f"{math.hypot(dx, dy):.1f}").replace("%3", f"{dx:+.1f}")
                         .replace("%4", f"{dy:+.1f}"))
        if not self.touch_ok():
            lines.append(self.tr("Recalibrate the touch screen (xinput / the panel's own tool) and test again."))
        return "\n".join(lines)


# -- logs and configuration ---------------------------------------------------------------------
LOG_LIMIT = 200


class LogsPage(Page):
    name = "logs"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.level = "INFO"
        self.subsystem = ""
        self.level_buttons: dict[str, QPushButton] = {}
        self.sub_buttons: dict[str, QPushButton] = {}
        levels = QHBoxLayout()
        for level in ("DEBUG", "INFO", "WARNING", "ERROR"):
            b = button(level, partial(self.set_level, level), f"diag_log_level_{level}", "tab")
            b.setCheckable(True)
            self.level_buttons[level] = b
            levels.addWidget(b)
        subs = QHBoxLayout()
        for sub in ("",) + SUBSYSTEMS:
            b = button(sub or "*", partial(self.set_subsystem, sub), f"diag_log_sub_{sub or 'all'}", "tab")
            b.setCheckable(True)
            self.sub_buttons[sub] = b
            subs.addWidget(b)
        self.info = label("", "small", name="diag_log_info")
        self.area = PagedArea("", "", "diag_logs")
        self.text = FitLabel("diag_log_lines", "small")
        self.area.column.addWidget(self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(levels)
        layout.addLayout(subs)
        layout.addWidget(self.info)
        layout.addWidget(self.area, 1)
        self.lines_shown = 0

    def set_level(self, level: str) -> None:
        self.level = level
        self.refresh()

    def set_subsystem(self, sub: str) -> None:
        self.subsystem = sub
        self.refresh()

    def refresh(self) -> None:
        self.area.set_texts(self.tr("Previous page"), self.tr("Next page"))
        for level, b in self.level_buttons.items():
            b.setChecked(level == self.level)
            b.setAccessibleName(self.tr("Lowest level %1").replace("%1", level))
        for sub, b in self.sub_buttons.items():
            b.setChecked(sub == self.subsystem)
            b.setText(sub or self.tr("all"))
            b.setAccessibleName(self.tr("Subsystem %1").replace("%1", b.text()))
        lines = self.diag.log_lines(self.level, self.subsystem, LOG_LIMIT)
        self.lines_shown = len(lines)
        self.info.setText(self.tr("Newest first, at most %1 lines, level %2 and above, subsystem: %3 · %4 shown")
                          .replace("%1", str(LOG_LIMIT)).replace("%2", self.level)
                          .replace("%3", self.subsystem or self.tr("all")).replace("%4", str(len(lines))))
        self.text.setText("\n".join(f"{ln.at[5:]} {ln.level[0]} {ln.logger}: {ln.message}" for ln in lines)
                          or self.tr("No log lines match."))


class ConfigPage(Page):
    name = "config"

    def __init__(self, overlay: PageHost) -> None:
        super().__init__(overlay)
        self.area = PagedArea("", "", "diag_config")
        self.versions = self.fit_card("diag_versions")
        self.settings = self.fit_card("diag_settings")
        self.area.column.addWidget(self.versions)
        self.area.column.addWidget(self.settings)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)

    def fit_card(self, name: str) -> FitLabel:
        card = FitLabel(name, "card")
        card.setMargin(self.overlay.shell.theme.mm(2))
        card.setIndent(self.overlay.shell.theme.mm(2))
        return card

    def refresh(self) -> None:
        from PySide6 import __version__ as pyside_version

        self.area.set_texts(self.tr("Previous page"), self.tr("Next page"))
        versions = self.diag.versions({"Qt": qVersion(), "PySide6": pyside_version})
        self.versions.setText(self.tr("Versions") + "\n" + "\n".join(f"{k}: {v}" for k, v in versions.items()))
        self.settings.setText(self.tr("Settings (secrets hidden)") + "\n" + "\n".join(self.diag.config_lines()))

