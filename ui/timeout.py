"""The idle timer and its warning: shown and sounded at least 20 s before the session ends,
over a dimmed screen, with the seconds in large digits, 继续办理 and 结束办理 (WCAG 2.2.1; reference/ux.md)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.config import Settings
from kiosk.session import SessionKeeper
from ui.theme import BACKGROUND, DANGER, SCRIM, Theme
from ui.widgets import button, label

log = logging.getLogger("ui.timeout")

WARNING_SOUND = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "warning.wav"
NO_TIMEOUT_SCREENS = {"attract", "out_of_service"}


class _Shown(Protocol):
    name: str


class TimeoutHost(Protocol):
    """What the idle timer and its warning use of the shell (ui/shell.py): a protocol, so this module
    need not import the shell that creates it (no import cycle in ui/, tests/test_architecture.py)."""

    settings: Settings
    theme: Theme
    sessions: SessionKeeper
    overlay: TimeoutOverlay
    idle: IdleGuard

    @property
    def current(self) -> _Shown: ...

    def overlay_rect(self) -> QRect: ...

    def say(self, text: str) -> None: ...

    def timeout(self) -> None: ...

    def cancel_session(self) -> None: ...


class Chime(QObject):
    """Plays the warning sound. ``played`` fires either way, so tests and voice guidance see it."""

    played = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._effect = None
        try:
            from PySide6.QtMultimedia import QSoundEffect

            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(WARNING_SOUND)))
            self._effect = effect
        except ImportError:  # pragma: no cover - multimedia missing in a stripped build
            log.warning("QtMultimedia unavailable: the timeout warning is visual only")

    def play(self) -> None:
        if self._effect is not None:
            self._effect.play()
        self.played.emit()


class TimeoutOverlay(QFrame):
    """Dims the whole screen and asks, with the seconds left in large digits: continue, or end
    now. Any touch continues too."""

    def __init__(self, shell: TimeoutHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setObjectName("timeout_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QFrame#timeout_overlay {{ background: {SCRIM}; }}"
                           f"QFrame#timeout_card {{ background: {BACKGROUND}; border: 6px solid {DANGER}; }}")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame()
        self.card.setObjectName("timeout_card")
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self.card)
        self.heading = label("", "title", name="timeout_title")
        self.digits = label("", "countdown", name="timeout_digits")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = label("", name="timeout_count")
        self.continue_button = button("", self.extend, "timeout_continue")
        self.end_button = button("", self.end_now, "timeout_end", "secondary")
        row = QHBoxLayout()
        row.addWidget(self.end_button)
        row.addStretch(1)
        row.addWidget(self.continue_button)
        layout.addWidget(self.heading)
        layout.addWidget(self.digits)
        layout.addWidget(self.count)
        layout.addLayout(row)
        self.hide()
        self.remaining = 0

    def show_countdown(self, seconds: int) -> None:
        self.remaining = seconds
        parent = self.parentWidget()
        self.setGeometry(parent.rect() if parent is not None else self.shell.overlay_rect())
        # The card keeps the width of the old panel, so the text reads on one or two lines.
        width = self.shell.overlay_rect().width()
        self.card.setFixedWidth(width)
        self._render()
        self.show()
        self.raise_()

    def tick(self) -> None:
        self.remaining = max(0, self.remaining - 1)
        self._render()

    def _render(self) -> None:
        self.heading.setText(self.tr("Are you still there?"))
        self.digits.setText(str(self.remaining))
        self.count.setText(self.tr("For your privacy this session ends in %n seconds.", "", self.remaining))
        self.continue_button.setText(self.tr("Continue"))
        self.continue_button.setAccessibleName(self.tr("Continue"))
        self.end_button.setText(self.tr("End now"))
        self.end_button.setAccessibleName(self.tr("End now"))

    def extend(self) -> None:
        self.hide()
        self.shell.idle.restart()

    def end_now(self) -> None:
        """结束办理: the citizen is done; everything is forgotten at once."""
        self.hide()
        self.shell.cancel_session()


class IdleGuard(QObject):
    """Counts down per screen; warns ``warning_s`` before the end; ends the session at zero."""

    warned = Signal(int)

    def __init__(self, shell: TimeoutHost, parent: QObject) -> None:
        super().__init__(parent)
        self.shell = shell
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._warn)
        self.second = QTimer(self)
        self.second.setInterval(1000)
        self.second.timeout.connect(self._count)
        self.chime = Chime(self)

    def limits(self) -> tuple[int, int]:
        """(idle seconds before the warning, warning seconds) for the current screen."""
        cfg = self.shell.settings.session
        name = self.shell.current.name
        total = cfg.screen_timeouts_s.get(name, cfg.idle_timeout_s)
        factor = cfg.elder_time_factor if self.shell.theme.elder else 1.0
        total = int(total * factor)
        return total - cfg.warning_s, cfg.warning_s

    def restart(self) -> None:
        self.second.stop()
        self.shell.overlay.hide()
        if self.shell.current.name in NO_TIMEOUT_SCREENS or self.shell.sessions.current is None:
            self.timer.stop()
            return
        before, _ = self.limits()
        self.timer.start(before * 1000)

    def touched(self) -> None:
        if self.timer.isActive() or self.shell.overlay.isVisible():
            self.restart()

    def _warn(self) -> None:
        _, warning = self.limits()
        log.info("idle warning on %s", self.shell.current.name)
        self.shell.overlay.show_countdown(warning)
        self.chime.play()
        self.shell.say(self.shell.overlay.count.text())
        self.warned.emit(warning)
        self.second.start()

    def _count(self) -> None:
        self.shell.overlay.tick()
        if self.shell.overlay.remaining <= 0:
            self.second.stop()
            log.info("idle timeout on %s", self.shell.current.name)
            self.shell.timeout()
