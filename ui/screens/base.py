"""The base every screen shares, with the phase bar of the running service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from kiosk.catalog import StepKind
from ui.phases import PHASE_OF, Phase, phases_of, takes_something
from ui.widgets import PhaseBar

if TYPE_CHECKING:
    from ui.host import ShellHost

# Screens that are not part of a service: no phase bar.
OUTSIDE_A_SERVICE = frozenset({"attract", "home", "area", "out_of_service"})


def phase_name(phase: Phase, steps: list[StepKind], collect: bool) -> str:
    if phase is Phase.CHECK:
        if StepKind.PAY in steps:
            return QCoreApplication.translate("PhaseBar", "Check and pay")
        return QCoreApplication.translate("PhaseBar", "Check and submit")
    return {
        Phase.READ: QCoreApplication.translate("PhaseBar", "Read the guide"),
        Phase.VERIFY: QCoreApplication.translate("PhaseBar", "Verify identity"),
        Phase.FILL: QCoreApplication.translate("PhaseBar", "Fill in"),
        Phase.FINISH: finish_name(steps, collect),
    }[phase]


def finish_name(steps: list[StepKind], collect: bool) -> str:
    """The last phase by what the service does: 取件 only when a document or card comes out
    (`collect`, ui.phases.takes_something)."""
    rated = StepKind.RATE in steps
    if collect:
        if rated:
            return QCoreApplication.translate("PhaseBar", "Collect and rate")
        return QCoreApplication.translate("PhaseBar", "Collect")
    if rated:
        return QCoreApplication.translate("PhaseBar", "Finish and rate")
    return QCoreApplication.translate("PhaseBar", "Finish")


class Screen(QWidget):
    """A page in the shell's stack. ``render`` puts every text and value from state into the
    screen's widgets, made once where the screen can (so a language or elder-mode switch
    re-renders the current screen); ``clear`` drops anything personal."""

    name = "screen"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__()
        self.shell = shell
        self.setObjectName(f"screen_{self.name}")
        self.phase_bar: PhaseBar | None = None

    def render(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Called when a session ends. Screens holding personal values override it."""

    def holds_idle(self) -> bool:
        """True while money is moving on this screen: the idle timer must not run (a language or
        text-size switch re-renders the screen; it must not restart the countdown)."""
        return False

    def left(self) -> None:
        """Called when the shell moves from this screen to another one (not on a re-render).
        Screens whose step controller must settle something on leaving (money) override it."""

    def spoken_prompt(self) -> str:
        """What voice guidance says for this screen: its title (a label named ``*_title``)."""
        title = next((w for w in self.findChildren(QLabel) if w.objectName().endswith("_title") and w.text()), None)
        return title.text() if title is not None else ""

    # -- phase bar ------------------------------------------------------------------------------
    def service_position(self) -> tuple[list[StepKind], StepKind] | None:
        """The steps of the service this screen belongs to and the one shown, or None."""
        flow = self.shell.workflow
        if flow is None or self.name in OUTSIDE_A_SERVICE:
            return None
        return [s.kind for s in flow.steps], flow.step.kind

    def collects(self) -> bool:
        """Does the running service end with something to take away (取件)?"""
        flow = self.shell.workflow
        return flow is not None and takes_something(flow.steps)

    def update_phase_bar(self) -> None:
        position = self.service_position()
        if position is None:
            if self.phase_bar is not None:
                self.phase_bar.setVisible(False)
            return
        layout = self.layout()
        if self.phase_bar is None:
            if not isinstance(layout, QBoxLayout):
                return
            self.phase_bar = PhaseBar()
            layout.insertWidget(0, self.phase_bar)
        steps, kind = position
        phases = phases_of(steps)
        current = phases.index(PHASE_OF[kind])
        self.phase_bar.show_phases([phase_name(p, steps, self.collects()) for p in phases], current)
        self.phase_bar.setVisible(not self.shell.typing_in_landscape)

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self.update_phase_bar()
        super().showEvent(event)  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LanguageChange and self.isVisible():
            self.update_phase_bar()
        super().changeEvent(event)

