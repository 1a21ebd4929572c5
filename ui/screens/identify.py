"""The identify step (刷脸办): ID card → consent (face or staff) → live camera with guidance and a
liveness challenge → result. The logic lives in kiosk/identity.py; this screen polls it ten
times a second and turns its codes into words (and voice). Staff verification is offered on
every page; a score is never shown."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk.identity import MATCH, IdentifyController, IdentifyView, Phase, StaffReason
from ui.camera_view import CameraView
from ui.screens.steps import StepScreen
from ui.widgets import Illustration, button, label

if TYPE_CHECKING:
    from ui.host import ShellHost as Shell

POLL_MS = 100
SPEAK_GAP_S = 3.0


# The drawing shown in each phase: the card on the reader while one is awaited, the face in the
# oval before the camera starts.
ILLUSTRATION_OF = {Phase.WAIT_CARD: "card_reader", Phase.CARD_RETRY: "card_reader", Phase.CARD_REMOVED: "card_reader",
                   Phase.CONSENT: "face", Phase.PREPARING: "face"}


class IdentifyScreen(StepScreen):
    name = "identify"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="identify_title")
        self.body = label("", name="identify_body")
        self.holder = label("", "highlight", name="identify_holder")  # "card read for <name>"
        self.camera = CameraView("identify_camera")
        self.guidance = label("", "title", name="identify_guidance")
        self.guidance.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = label("", "small", name="identify_countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLineEdit()
        self.number.setObjectName("identify_id_number")
        self.number.setMaxLength(18)
        # never learnt into the keyboard's dictionary
        self.number.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
                                        | Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhPreferUppercase)
        self.number.returnPressed.connect(self.submit_number)
        self.number_error = label("", "error", name="identify_id_error")
        self.face_button = button("", self.choose_face, "identify_face")
        self.retry_button = button("", self.retry, "identify_retry")
        self.submit_number_button = button("", self.submit_number, "identify_id_submit")
        self.continue_button = button("", self.shell.next_step, "identify_continue")
        self.no_card_button = button("", self.use_number, "identify_no_card", "secondary")
        self.card_button = button("", self.use_card, "identify_use_card", "secondary")
        self.staff_button = button("", self.choose_staff, "identify_staff", "secondary")
        number_row = QHBoxLayout()
        number_row.addWidget(self.number, 1)
        number_row.addWidget(self.submit_number_button)
        actions = QVBoxLayout()
        for b in (self.face_button, self.retry_button, self.continue_button, self.no_card_button,
                  self.card_button, self.staff_button):
            actions.addWidget(b)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.holder)
        # Where to place the card / how to hold the face (assets/illustrations; design hook only).
        self.picture = Illustration("card_reader", shell.theme.illustration_px, "identify_illustration")
        layout.addWidget(self.picture)
        layout.addWidget(self.camera, 1)
        layout.addWidget(self.guidance)
        layout.addWidget(self.countdown)
        layout.addLayout(number_row)
        layout.addWidget(self.number_error)
        layout.addStretch(0)
        layout.addLayout(actions)
        self.controller: IdentifyController | None = None
        self.typing = False          # the citizen has no card and types the ID number
        self.view = IdentifyView(Phase.WAIT_CARD)
        self._spoken = ""
        self._spoken_at = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def wants_keyboard(self) -> bool:
        return self.typing

    def render(self) -> None:
        if self.controller is None:
            self._start()
        self._show(self.view)

    def _start(self) -> None:
        session = self.workflow.session
        self.typing = False
        self.number_error.clear()
        if session.verification is not None:
            # back here after the step was done: nothing to do again
            self.view = IdentifyView(Phase.MATCH if session.verification == MATCH else Phase.STAFF,
                                     staff_reason=StaffReason.CHOSEN)
            return
        hardware = self.shell.services.hardware
        reader = hardware.card_reader() if hardware is not None else None
        camera = hardware.camera() if hardware is not None else None
        services = self.shell.services
        flow = self.workflow
        self.controller = IdentifyController(
            session, reader, camera,  # type: ignore[arg-type]
            pipeline=services.face_pipeline, centre=services.centre,
            # 一证通: the workflow fills the form fields the card provides
            on_card=flow.prefill_from_card)
        self.controller.start()
        self.view = self.controller.poll()
        self.timer.start()

    def _stop(self) -> None:
        self.timer.stop()
        if self.controller is not None:
            self.controller.close()
            self.controller = None
        self.camera.clear()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        # Leaving the step (next, back, home, session end): stop the camera work, drop face data
        # and the card holder's name; coming back re-renders from the session.
        self.clear()
        super().hideEvent(event)

    def clear(self) -> None:
        self._stop()
        self.typing = False
        self.number.clear()
        self.number_error.clear()
        self.holder.clear()
        self.body.clear()
        self.guidance.clear()
        self.view = IdentifyView(Phase.WAIT_CARD)
        self._spoken = ""

    # -- polling ------------------------------------------------------------------------------
    def poll(self) -> None:
        if self.controller is None:
            return
        view = self.controller.poll()
        changed = view != self.view
        self.view = view
        if view.phase in (Phase.FACE, Phase.SECOND_LOOK):
            self.camera.show_frame(self.controller.preview(), view.box, view.guidance == "ok")
        if changed:
            self._show(view)

    # -- citizen actions ----------------------------------------------------------------------
    def choose_face(self) -> None:
        if self.controller is not None:
            self.controller.choose_face()
            self.poll()

    def retry(self) -> None:
        if self.controller is not None:
            self.controller.retry()
            self.poll()

    def choose_staff(self) -> None:
        if self.controller is None:
            return
        reason = StaffReason.CARD if self.view.phase in (Phase.CARD_EXPIRED, Phase.CARD_UNREADABLE) else StaffReason.CHOSEN
        self.controller.choose_staff(reason)
        self.typing = False
        self._keyboard(False)
        self.poll()

    def use_number(self) -> None:
        self.typing = True
        self._keyboard(True)
        self._show(self.view)
        self.number.setFocus()

    def use_card(self) -> None:
        self.typing = False
        self._keyboard(False)
        self.number.clear()
        self.number_error.clear()
        if self.controller is not None:
            self.controller.retry_card()
            self.poll()
        self._show(self.view)

    def submit_number(self) -> None:
        if self.controller is None:
            return
        self.shell.commit_keyboard()
        error = self.controller.enter_id_number(self.number.text())
        if error:
            self.number_error.setText(self.tr("This ID number is not valid. Please check every digit.")
                                      if error != "required" else self.tr("Please enter your ID number."))
            self.number.setProperty("invalid", True)
            self.shell.say(self.number_error.text())
        else:
            self.number.clear()
            self.number.setProperty("invalid", False)
            self.number_error.clear()
            self.typing = False
            self._keyboard(False)
        self.number.style().polish(self.number)
        self.poll()
        self._show(self.view)

    def _keyboard(self, on: bool) -> None:
        if self.shell.keyboard is not None:
            self.shell.keyboard.setVisible(on)

    # -- words --------------------------------------------------------------------------------
    def guidance_text(self, code: str) -> str:
        return {
            "no_face": self.tr("Please stand in front of the camera"),
            "several_faces": self.tr("Only one person in front of the camera, please"),
            "come_closer": self.tr("Please come closer"),
            "too_close": self.tr("Please step back a little"),
            "off_centre": self.tr("Please move to the middle of the picture"),
            "too_dark": self.tr("Too dark: please face the light"),
            "too_bright": self.tr("Too bright: please step out of the direct light"),
            "blurry": self.tr("Please hold still"),
            "not_frontal": self.tr("Please look straight at the camera"),
            "partial_face": self.tr("Please move so that your whole face is in the picture"),
            "ok": self.tr("Good. Hold still"),
        }.get(code, self.tr("Please look at the camera"))

    def action_text(self, action: str, further: bool = False) -> str:
        if further:  # the turn stopped short of what the kiosk needs
            return {
                "turn_left": self.tr("A little further to your left, please"),
                "turn_right": self.tr("A little further to your right, please"),
            }.get(action, "")
        return {
            "blink": self.tr("Please blink your eyes"),
            "turn_left": self.tr("Please turn your head slowly to your left"),
            "turn_right": self.tr("Please turn your head slowly to your right"),
        }.get(action, "")

    def _texts(self, view: IdentifyView) -> tuple[str, str]:
        phase = view.phase
        counter = self.shell.counter_text()
        if self.typing:
            return (self.tr("Enter your ID number"),
                    self.tr("Without a card, the kiosk compares your face with the photo the police service holds "
                            "for this number. Type the 18 characters, then confirm."))
        if phase is Phase.WAIT_CARD:
            return (self.tr("Place your ID card on the reader"),
                    self.tr("Put the card flat on the reader and leave it there until the next page appears."))
        if phase is Phase.CARD_RETRY:
            return (self.tr("Reading the card again…"),
                    self.tr("The card could not be read. Please leave it on the reader."))
        if phase is Phase.CARD_UNREADABLE:
            return (self.tr("The card cannot be read"),
                    self.tr("Take the card off, wipe it and place it again. You can also enter your ID number "
                            "or choose staff verification."))
        if phase is Phase.CARD_REMOVED:
            return (self.tr("The card was taken away"),
                    self.tr("The card was removed before it was read. Please place it on the reader again and "
                            "leave it there."))
        if phase is Phase.CARD_EXPIRED:
            return (self.tr("This card has expired"),
                    self.tr("An expired card cannot be used here. Please place a valid card, or choose staff "
                            "verification at the counter."))
        if phase is Phase.READER_UNAVAILABLE:
            return (self.tr("The card reader is not working"),
                    self.tr("You can enter your ID number instead, or choose staff verification."))
        if phase is Phase.FETCHING:
            return self.tr("One moment, please…"), self.tr("Looking up the photo for this ID number.")
        if phase is Phase.CONSENT:
            source = (self.tr("the photo the police service holds for you (or, if it cannot be reached, the "
                              "photo on your ID card)") if view.via_card
                      else self.tr("the photo the police service holds for your ID number"))
            return (self.tr("Verify your identity with your face?"),
                    self.tr("The kiosk compares your face with %1. You will be asked to blink and turn your "
                            "head. Pictures of your face are used only for this check and are not kept. If you "
                            "prefer, staff will verify you at the counter instead.").replace("%1", source))
        if phase is Phase.PREPARING:
            return self.tr("Getting ready…"), self.tr("Please stand in front of the camera.")
        if phase is Phase.FACE:
            return self.tr("Look at the camera"), ""
        if phase is Phase.SECOND_LOOK:
            return (self.tr("Let us take a second look"),
                    self.tr("The photo on your ID card is small, so the kiosk is not sure yet. Please take off "
                            "glasses or a hat, face the light and look straight at the camera. The kiosk takes "
                            "%1 more pictures. If it still cannot confirm you, staff will check your identity at "
                            "the counter, and you can continue either way.")
                    .replace("%1", str(view.frames_wanted or 3)))
        if phase is Phase.FAILED:
            why = {
                "no_match": self.tr("Your face could not be matched with the photo."),
                "liveness_failed": self.tr("We did not see the movement in time."),
                "timeout": self.tr("We could not get a clear picture in time."),
            }.get(view.outcome or "", self.tr("The check did not succeed."))
            return (self.tr("Not verified"),
                    why + "\n" + self.tr("You can try again, or choose staff verification."))
        if phase is Phase.MATCH:
            return self.tr("Identity verified"), self.tr("Thank you. Your identity has been confirmed.")
        # STAFF
        why = {
            StaffReason.UNCERTAIN: self.tr("The kiosk could not confirm your identity."),
            StaffReason.ATTEMPTS: self.tr("The kiosk could not confirm your identity."),
            StaffReason.CAMERA: self.tr("The camera is not working."),
            StaffReason.REFERENCE: self.tr("No photo usable for the check was found."),
            StaffReason.CENTRE: self.tr("Without an ID card, the face check needs the police service's photo, "
                                        "and the police service cannot be reached right now."),
        }.get(view.staff_reason or StaffReason.CHOSEN, "")
        staff = self.tr("Staff will verify your identity at %1. You can continue now; please go there "
                        "when you have finished.").replace("%1", counter)
        return self.tr("Staff will verify you"), (why + "\n" + staff).strip()

    def _show(self, view: IdentifyView) -> None:
        phase = view.phase
        title, body = self._texts(view)
        self.heading.setText(title)
        self.body.setText(body)
        self.body.setVisible(bool(body))
        session = self.shell.sessions.current
        card = session.card if session is not None else None
        holder = ""
        if card is not None and phase in (Phase.CONSENT, Phase.PREPARING, Phase.FACE, Phase.SECOND_LOOK,
                                          Phase.FAILED, Phase.MATCH):
            holder = self.tr("Card holder: %1").replace("%1", card.name)
        self.holder.setText(holder)
        self.holder.setVisible(bool(holder))
        live = phase in (Phase.FACE, Phase.SECOND_LOOK) and not self.typing
        self.picture.show_for(ILLUSTRATION_OF.get(phase, "") if not self.typing else "",
                              self.shell.theme.illustration_px)
        self.camera.setVisible(live)
        if not live:
            self.camera.clear()
        instruction = ""
        if live:
            instruction = self.action_text(view.action, view.further) if view.action else self.guidance_text(view.guidance)
        self.guidance.setText(instruction)
        self.guidance.setProperty("action", view.action or "")
        self.guidance.setVisible(live)
        left = view.seconds_left if live and view.action else None
        count = ""
        if left is not None:
            count = self.tr("Seconds left: %1").replace("%1", str(left))
        elif phase is Phase.SECOND_LOOK and view.frames_wanted:
            count = self.tr("Pictures taken: %1 of %2").replace("%1", str(view.frames_taken or 0)).replace(
                "%2", str(view.frames_wanted))
        self.countdown.setText(count)
        self.countdown.setVisible(bool(count))
        typing_phase = phase in (Phase.WAIT_CARD, Phase.CARD_RETRY, Phase.CARD_UNREADABLE, Phase.CARD_REMOVED,
                                 Phase.CARD_EXPIRED, Phase.READER_UNAVAILABLE)
        entry = self.typing or phase is Phase.READER_UNAVAILABLE
        self.number.setVisible(entry and typing_phase)
        self.submit_number_button.setVisible(entry and typing_phase)
        self.number_error.setVisible(bool(self.number_error.text()) and entry)
        self.number.setAccessibleName(self.tr("ID number"))
        self.number.setPlaceholderText(self.tr("18 characters"))
        self.face_button.setVisible(phase is Phase.CONSENT)
        self.retry_button.setVisible(phase is Phase.FAILED)
        self.continue_button.setVisible(phase in (Phase.MATCH, Phase.STAFF))
        self.no_card_button.setVisible(typing_phase and not entry)
        self.card_button.setVisible((self.typing and typing_phase) or phase in (Phase.CARD_EXPIRED,))
        # staff verification is always the alternative, until the step is decided
        self.staff_button.setVisible(phase not in (Phase.MATCH, Phase.STAFF))
        self.face_button.setText(self.tr("Verify with my face"))
        self.retry_button.setText(self.tr("Try again"))
        self.continue_button.setText(self.tr("Continue"))
        self.no_card_button.setText(self.tr("I do not have my ID card with me"))
        self.card_button.setText(self.tr("Use an ID card"))
        self.staff_button.setText(self.tr("Staff verification instead"))
        self.submit_number_button.setText(self.tr("Confirm number"))
        for b in (self.face_button, self.retry_button, self.continue_button, self.no_card_button,
                  self.card_button, self.staff_button, self.submit_number_button):
            b.setAccessibleName(b.text())
        # the second look's advice is spoken as a whole (the live hints are shown, not spoken)
        spoken = body if phase is Phase.SECOND_LOOK else instruction or title
        now = time.monotonic()
        # challenge instructions and page titles are spoken at once; camera guidance flickers
        # from frame to frame, so a new hint waits until the last one had time to be heard
        urgent = not live or bool(view.action) or phase is Phase.SECOND_LOOK
        if spoken != self._spoken and (urgent or now - self._spoken_at >= SPEAK_GAP_S):
            self._spoken, self._spoken_at = spoken, now
            self.shell.say(spoken)

    def spoken_prompt(self) -> str:
        return self.heading.text()
