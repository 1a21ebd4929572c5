"""The photo step (自助拍照): live guidance against the ID-photo rules, three automatic shots to
choose from, retake, the chosen one cropped to the certificate format into the submission.

Where the fingerprint step follows the photo (kiosk/workflow.fingers_at_photo) this screen then
carries it too: the photo part gives way to the fingerprint panel (ui/screens/fingerprint.py), one
"拍照与指纹采集" screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.catalog import StepKind
from kiosk.photo_capture import PHOTO_NAME, PhotoCapture, PhotoPhase, PhotoView
from ui.camera_view import CameraView
from ui.screens.fingerprint import FingerprintPanel
from ui.screens.steps import StepScreen
from ui.widgets import button, clear_layout, label

if TYPE_CHECKING:
    from ui.host import ShellHost

POLL_MS = 100


class PhotoScreen(StepScreen):
    name = "photo"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        outer = QVBoxLayout(self)
        self.photo_part = QWidget()
        self.fingers = FingerprintPanel(shell, "photo")
        self.fingers.setVisible(False)
        outer.addWidget(self.photo_part, 1)
        outer.addWidget(self.fingers, 1)
        layout = QVBoxLayout(self.photo_part)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = label("", "title", name="photo_title")
        self.body = label("", name="photo_body")
        self.camera = CameraView("photo_camera")
        self.guidance = label("", "title", name="photo_guidance")
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = label("", "small", name="photo_count")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choices = QHBoxLayout()
        self.use_button = button("", self.use_chosen, "photo_use")
        self.retake_button = button("", self.retake, "photo_retake", "secondary")
        row = QHBoxLayout()
        row.addWidget(self.retake_button)
        row.addStretch(1)
        row.addWidget(self.use_button)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.camera, 1)
        layout.addWidget(self.guidance)
        layout.addWidget(self.count)
        layout.addLayout(self.choices)
        layout.addStretch(0)
        layout.addLayout(row)
        self.capture: PhotoCapture | None = None
        self.view = PhotoView(PhotoPhase.LIVE)
        self.choice_buttons: list[QPushButton] = []
        self.chosen: int | None = None
        self._spoken = ""
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    @property
    def taking_fingers(self) -> bool:
        flow = self.shell.workflow
        return flow is not None and flow.step.kind is StepKind.FINGERPRINT

    def render(self) -> None:
        if self.taking_fingers:
            self._stop()
            self.photo_part.setVisible(False)
            self.fingers.setVisible(True)
            self.fingers.begin()
            return
        self.fingers.stop()
        self.fingers.setVisible(False)
        self.photo_part.setVisible(True)
        if self.capture is None:
            hardware = self.shell.services.hardware
            camera = hardware.camera() if hardware is not None else None
            self.capture = PhotoCapture(camera, self.shell.services.face_pipeline)  # type: ignore[arg-type]
            self.capture.start()
            self.view = self.capture.poll()
            self.timer.start()
        self._show(self.view, rebuild=True)

    def poll(self) -> None:
        if self.capture is None:
            return
        view = self.capture.poll()
        if view.phase is PhotoPhase.LIVE:
            self.camera.show_frame(self.capture.preview(), view.box, not view.issues)
        if view != self.view:
            rebuild = view.phase is not self.view.phase
            self.view = view
            self._show(view, rebuild)

    def issue_text(self, code: str) -> str:
        return {
            "no_face": self.tr("Please stand in front of the camera"),
            "several_faces": self.tr("Only one person in the picture, please"),
            "not_frontal": self.tr("Please look straight at the camera"),
            "head_too_small": self.tr("Please come closer"),
            "head_too_large": self.tr("Please step back a little"),
            "head_not_centred": self.tr("Please move to the middle of the picture"),
            "eyes_closed": self.tr("Please keep your eyes open"),
            "uneven_light": self.tr("Your face has a strong shadow: please face the light"),
            "background_not_plain": self.tr("The background must be plain: please stand in front of the white wall"),
            "background_not_light": self.tr("The background must be light: please stand in front of the white wall"),
            # the crop around the head leaves the picture: the head is too big or too near an edge
            "crop_outside_frame": self.tr("Please step back a little and stand in the middle"),
        }.get(code, self.tr("Please look at the camera"))

    def _show(self, view: PhotoView, rebuild: bool = False) -> None:
        phase = view.phase
        self.count.clear()
        if phase is PhotoPhase.LIVE:
            self.heading.setText(self.tr("Photo for your certificate"))
            self.body.setText(self.tr("Stand in front of the white wall and look at the camera. "
                                      "Three photos are taken automatically when everything is right."))
            text = self.issue_text(view.issues[0]) if view.issues else self.tr("Good. Hold still")
            self.guidance.setText(text)
            self.count.setText(self.tr("Photos taken: %1 of %2").replace("%1", str(view.shots)).replace("%2", "3"))
        elif phase is PhotoPhase.CHOOSE:
            self.heading.setText(self.tr("Choose your photo"))
            self.body.setText(self.tr("Tap the photo you like best, then confirm. Or take new photos."))
            self.guidance.setText("")
        else:
            self.heading.setText(self.tr("The camera is not working"))
            self.body.setText(self.tr("Please try again, or have your photo taken at %1.").replace(
                "%1", self.shell.counter_text()))
            self.guidance.setText("")
        live = phase is PhotoPhase.LIVE
        self.camera.setVisible(live)
        if not live:
            self.camera.clear()
        self.guidance.setVisible(live)
        self.count.setVisible(live)
        if rebuild:
            self._build_choices(phase is PhotoPhase.CHOOSE)
        self.use_button.setText(self.tr("Use this photo"))
        self.retake_button.setText(self.tr("Take new photos") if phase is not PhotoPhase.CAMERA_LOST
                                   else self.tr("Try again"))
        self.use_button.setVisible(phase is PhotoPhase.CHOOSE)
        self.use_button.setEnabled(self.chosen is not None)
        self.retake_button.setVisible(phase is not PhotoPhase.LIVE)
        for b in (self.use_button, self.retake_button):
            b.setAccessibleName(b.text())
        spoken = self.guidance.text() if live else self.heading.text()
        if spoken != self._spoken:
            self._spoken = spoken
            self.shell.say(spoken)

    def _build_choices(self, show: bool) -> None:
        clear_layout(self.choices)
        self.choice_buttons = []
        self.chosen = None
        if not show or self.capture is None:
            return
        height = max(self.shell.theme.target_px * 3, 240)
        for index, thumb in enumerate(self.capture.thumbnails()):
            rgb = np.ascontiguousarray(thumb[:, :, ::-1])
            h, w = rgb.shape[:2]
            image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            thumb.fill(0)
            b = button("", lambda i=index: self.choose(i), f"photo_choice_{index}", "secondary",
                       accessible=self.tr("Photo %1").replace("%1", str(index + 1)))
            b.setCheckable(True)
            b.setIcon(QIcon(QPixmap.fromImage(image)))
            b.setIconSize(QSize(int(height * w / h), height))
            self.choice_buttons.append(b)
            self.choices.addWidget(b)

    def choose(self, index: int) -> None:
        self.chosen = index
        for i, b in enumerate(self.choice_buttons):
            b.setChecked(i == index)
        self.use_button.setEnabled(True)

    def use_chosen(self) -> None:
        if self.capture is None or self.chosen is None:
            return
        session = self.workflow.session
        old = session.attachments.get(PHOTO_NAME)
        if isinstance(old, bytearray):
            old[:] = b"\0" * len(old)
        session.attachments[PHOTO_NAME] = self.capture.choose(self.chosen)  # bytearray: wiped in place at session end
        self._stop()
        self.shell.next_step()

    def retake(self) -> None:
        if self.capture is not None:
            self._build_choices(False)
            self.capture.start()
            self.view = self.capture.poll()
            self._show(self.view, rebuild=True)

    def _stop(self) -> None:
        self.timer.stop()
        if self.capture is not None:
            self.capture.close()
            self.capture = None
        self.camera.clear()
        self._build_choices(False)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        self._stop()  # leaving the step: the shots are dropped
        self.fingers.stop()  # and a finger read on its way is dropped (its template wiped)
        super().hideEvent(event)

    def clear(self) -> None:
        self._stop()
        self.fingers.stop()
        self.view = PhotoView(PhotoPhase.LIVE)
        self._spoken = ""

    def spoken_prompt(self) -> str:
        return self.fingers.spoken_prompt() if not self.fingers.isHidden() else self.heading.text()
