"""The fingerprint step's screen part (kiosk/steps/fingerprint.py): where to put which finger, a
drawing of the window, the reason a read failed, and the way on when fingers cannot be read here.

One `FingerprintPanel` is carried on the photo screen (photo first, then the fingers: one
"拍照与指纹采集" screen, kiosk/workflow.fingers_at_photo); `FingerprintScreen` shows the same panel
for a service whose fingerprint step does not follow a photo."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.steps.fingerprint import (
    CounterReason,
    Finger,
    FingerPhase,
    FingerprintController,
    FingerprintModule,
    FingerView,
)
from ui.screens.steps import StepScreen
from ui.widgets import Illustration, button, label

if TYPE_CHECKING:
    from ui.host import ShellHost


class FingerprintPanel(QWidget):
    def __init__(self, shell: ShellHost, prefix: str) -> None:
        super().__init__()
        self.shell = shell
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = label("", "title", name=f"{prefix}_fingers_title")
        self.body = label("", name=f"{prefix}_fingers_body")
        self.picture = Illustration("fingerprint", shell.theme.illustration_px, f"{prefix}_fingers_illustration")
        self.guidance = label("", "title", name=f"{prefix}_fingers_guidance")
        self.problem = label("", "error", name=f"{prefix}_fingers_problem")
        self.count = label("", "small", name=f"{prefix}_fingers_count")
        self.decline_button = button("", self._decline, f"{prefix}_fingers_decline", "secondary")
        self.retry_button = button("", self._retry, f"{prefix}_fingers_retry", "secondary")
        self.go_on_button = button("", self._go_on, f"{prefix}_fingers_go_on")
        row = QHBoxLayout()
        row.addWidget(self.decline_button)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        row.addWidget(self.go_on_button)
        for widget in (self.heading, self.body, self.picture, self.guidance, self.problem, self.count):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(row)
        self.controller: FingerprintController | None = None
        self._spoken = ""
        self._rendering = False  # inside the shell's go(): moving on must wait until it is done

    # -- lifecycle -----------------------------------------------------------------------------
    def begin(self) -> None:
        flow = self.shell.workflow
        if flow is None:
            return
        self._rendering = True
        try:
            if self.controller is None or self.controller.flow is not flow:
                self.stop()
                hardware = self.shell.services.hardware
                self.controller = FingerprintController(
                    flow, lambda: cast(FingerprintModule | None,
                                       hardware.fingerprint() if hardware is not None else None),
                    self.shell.background, changed=self._changed)
                self.controller.start()  # done at once when both fingers were taken before (back, then on)
            self.picture.show_for("fingerprint", self.shell.theme.illustration_px)
            self._changed()
        finally:
            self._rendering = False

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.leave()
            self.controller = None
        self._spoken = ""

    # -- citizen's actions ---------------------------------------------------------------------
    def _decline(self) -> None:
        if self.controller is not None:
            self.controller.decline()

    def _retry(self) -> None:
        if self.controller is not None:
            self.controller.retry()

    def _go_on(self) -> None:
        if self.controller is not None:
            self.controller.go_on_at_counter()

    # -- what is shown -------------------------------------------------------------------------
    def finger_text(self, finger: Finger) -> str:
        return {Finger.RIGHT_INDEX: self.tr("right index finger"),
                Finger.LEFT_INDEX: self.tr("left index finger")}[finger]

    def problem_text(self, code: str | None) -> str:
        if code is None or code == "not_lifted":
            return ""
        return {
            "no_finger": self.tr("No finger was felt on the window."),
            "image_failed": self.tr("The finger moved: please keep it still until you are asked to lift it."),
            "too_messy": self.tr("The print was smeared: please dry your finger and place it lightly."),
            "too_few_points": self.tr("The print was too faint: please place the finger flat and press "
                                      "a little harder."),
            "mismatch": self.tr("The two prints were not of the same finger: this finger is taken again."),
        }.get(code, self.tr("The fingerprint could not be read."))

    def _changed(self) -> None:
        if self.controller is None:
            return
        view = self.controller.view()
        if view.phase is FingerPhase.DONE:
            if self._rendering:
                QTimer.singleShot(0, self._move_on)
            else:
                self._move_on()
            return
        self._show(view)

    def _move_on(self) -> None:
        controller = self.controller
        flow = self.shell.workflow
        if controller is None or controller.phase is not FingerPhase.DONE or flow is not controller.flow:
            return
        if flow.step.kind.value == "fingerprint" and self.isVisible():
            self.shell.next_step()

    def _show(self, view: FingerView) -> None:
        counter = self.shell.counter_text()
        phase = view.phase
        capturing = phase in (FingerPhase.PLACE, FingerPhase.LIFT, FingerPhase.SAVING)
        finger = self.finger_text(view.finger)
        if capturing:
            self.heading.setText(self.tr("Fingerprints"))
            self.body.setText(self.tr("Two fingers are taken, each placed twice. They are sent encrypted with "
                                      "your application and not kept on this kiosk."))
            if phase is FingerPhase.PLACE and view.impression == 1:
                guide = self.tr("Please place your %1 flat on the fingerprint window").replace("%1", finger)
            elif phase is FingerPhase.PLACE:
                guide = self.tr("Please place your %1 on the window once more").replace("%1", finger)
            elif phase is FingerPhase.LIFT:
                guide = self.tr("Please lift your finger")
            else:
                guide = self.tr("Saving the fingerprint…")
            self.guidance.setText(guide)
            count = self.tr("Fingerprint %1 of %2").replace("%1", str(view.captured + 1)).replace("%2", "2")
            if view.tries_left < 3:
                count += "  ·  " + self.tr("Tries left for this finger: %1").replace("%1", str(view.tries_left))
            self.count.setText(count)
        elif phase is FingerPhase.UNAVAILABLE:
            self.heading.setText(self.tr("The fingerprint reader is not working"))
            self.body.setText(self.tr("Please try again, or go on with your application and have your "
                                      "fingerprints taken at %1 before the document is made.").replace("%1", counter))
            self.guidance.setText("")
            self.count.setText("")
        else:  # COUNTER (LEFT shows nothing new)
            unreadable = view.reason is CounterReason.UNREADABLE
            self.heading.setText(self.tr("Your fingerprints could not be read here") if unreadable
                                 else self.tr("Fingerprints at the counter"))
            self.body.setText(self.tr("You can go on with your application. Your fingerprints will be taken at "
                                      "%1 before the document is made: that is one visit.").replace("%1", counter))
            self.guidance.setText("")
            self.count.setText("")
        problem = self.problem_text(view.problem) if phase in (FingerPhase.PLACE, FingerPhase.COUNTER) else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.guidance.setVisible(capturing)
        self.count.setVisible(capturing)
        self.picture.setVisible(capturing)
        self.decline_button.setText(self.tr("I cannot give fingerprints here"))
        self.retry_button.setText(self.tr("Try again"))
        self.go_on_button.setText(self.tr("Go on: fingerprints at the counter"))
        self.decline_button.setVisible(capturing)
        self.retry_button.setVisible(phase in (FingerPhase.UNAVAILABLE, FingerPhase.COUNTER))
        self.go_on_button.setVisible(phase in (FingerPhase.UNAVAILABLE, FingerPhase.COUNTER))
        for b in (self.decline_button, self.retry_button, self.go_on_button):
            b.setAccessibleName(b.text())
        spoken = " ".join(t for t in (problem, self.guidance.text() if capturing else self.heading.text()) if t)
        if spoken != self._spoken and not self.isHidden():  # shown on its screen (hidden while the photo is taken)
            self._spoken = spoken
            self.shell.say(spoken)

    def spoken_prompt(self) -> str:
        return self.guidance.text() or self.heading.text()


class FingerprintScreen(StepScreen):
    """The fingerprint step on a screen of its own: only where no photo step comes right before it."""

    name = "fingerprint"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.panel = FingerprintPanel(shell, "fingerprint")
        layout.addWidget(self.panel, 1)

    def render(self) -> None:  # type: ignore[override]  # Screen.render, not QWidget.render
        self.panel.begin()

    def left(self) -> None:
        self.panel.stop()
        super().left()

    def clear(self) -> None:
        self.panel.stop()

    def spoken_prompt(self) -> str:
        return self.panel.spoken_prompt()
