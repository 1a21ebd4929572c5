"""The `identify` step without Qt: ID card → consent → live face check → verdict, or staff.

One `IdentifyController` per visit to the step. Slow work (card reads, preparing the reference
photo, the face frame loop) runs on one worker thread; the owner (the Qt screen, or a test)
calls `poll()` about ten times a second on its own thread. Everything that touches the
citizen `Session` (card, pre-filled answers, verdict) happens inside `poll()` and the command
methods, i.e. on the owner's thread, so the session never needs a lock.

Verdicts written to `session.verification` (never a score):
- "match": the live face matched the reference photo after the liveness challenge.
- "staff_pending": the citizen chose staff verification, or the kiosk could not decide
  (uncertain, attempts used up, camera lost, unusable reference photo). The citizen may continue
  and submit; staff at the counter check the identity before the case is processed.

Card removal: the SAM protocol only answers "no card" after a read, whether the card is still on
the reader or not (a card must leave the field before it can be found again), so removal is
observable only while a read runs; "card removed" therefore means "taken away before it was
read". Once read, the kiosk does not need the card any more.

Privacy: frames come from the camera driver's newest-frame slot and are only held by the
`VerificationSession` (best few, zeroed on decide/wipe); the reference photo and encoding are
dropped by `close()`. Logs carry phase changes and outcomes only."""

from __future__ import annotations

import enum
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from devices.card_reader.identity import IdentityRecord
from devices.spec import DEMO_DIR
from devices.status import DeviceFailure
from kiosk.catalog import FieldKind, FormField
from kiosk.fields import check_answer
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import SyncError

if TYPE_CHECKING:  # importing the face pipeline loads dlib's models (~1 s): done lazily
    from kiosk.face.pipeline import FacePipeline, VerificationSession

log = logging.getLogger("kiosk.identity")

Image = npt.NDArray[np.uint8]

MATCH = "match"
STAFF_PENDING = "staff_pending"

CARD_POLL_S = 0.3           # how often the reader is asked for a card
CAMERA_LOST_S = 1.5         # no new frame for this long: the camera is gone
MAX_CARD_FAILURES = 3       # unreadable this many times in a row: suggest staff


class Phase(str, enum.Enum):
    """What the citizen sees. Stable codes: the UI maps each to words."""

    WAIT_CARD = "wait_card"              # place your card (or: no card? enter the number)
    CARD_RETRY = "card_retry"            # the read failed; keep the card there / place it again
    CARD_UNREADABLE = "card_unreadable"  # failed several times: try another way or staff
    CARD_REMOVED = "card_removed"        # taken away before it was read
    CARD_EXPIRED = "card_expired"
    READER_UNAVAILABLE = "reader_unavailable"
    FETCHING = "fetching"                # typed ID number: fetching the reference photo
    CONSENT = "consent"                  # face check or staff: an explicit choice
    PREPARING = "preparing"              # encoding the reference photo
    FACE = "face"                        # live view: guidance, then the challenge
    FAILED = "failed"                    # this attempt failed, retry allowed (or staff)
    MATCH = "match"                      # verified
    STAFF = "staff"                      # staff will verify at the counter; the citizen may continue


class StaffReason(str, enum.Enum):
    CHOSEN = "chosen"
    UNCERTAIN = "uncertain"
    ATTEMPTS = "attempts"
    CAMERA = "camera"
    REFERENCE = "reference"              # no usable reference photo
    CARD = "card"                        # card problems (expired, unreadable) and staff chosen


@dataclass(frozen=True)
class IdentifyView:
    """A snapshot for the screen: codes, never a face, never a score."""

    phase: Phase
    guidance: str = "no_face"            # kiosk.face.pipeline.GuidanceCode value
    box: tuple[int, int, int, int] | None = None  # face box for drawing (frame coordinates)
    action: str | None = None            # "blink" / "turn_left" / "turn_right" while asked
    seconds_left: int | None = None      # of the challenge
    attempts_left: int | None = None
    outcome: str | None = None           # last attempt's Outcome value (for the wording)
    staff_reason: StaffReason | None = None
    card_error: str | None = None        # DeviceError code of the last failed read
    via_card: bool = True                # False: the citizen typed an ID number


# -- reference photos -------------------------------------------------------------------------

class ReferenceUnavailable(Exception):
    """No reference photo: `code` is "not_found" (no record for the number) or "unavailable"
    (the service cannot be reached)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class ReferenceSource(Protocol):
    """Where the reference photo for a typed ID number comes from. The production source will
    call the central service's `GET /api/v1/reference-photos/{id_number}` (docs/protocol.md);
    this interface lets it replace the demo source without touching the controller."""

    def fetch(self, id_number: str) -> Image:
        """The BGR reference photo, or raise ReferenceUnavailable. Runs on a worker thread."""
        ...


class DemoReferenceSource:
    """Reference photos of the fictitious sample identities (assets/demo/identities.json): the
    card photo of the identity with that number. Stands in until the server endpoint exists."""

    def __init__(self, identities: Path = DEMO_DIR / "identities.json") -> None:
        self._dirs: dict[str, Path] = {}
        doc = json.loads(identities.read_text(encoding="utf-8"))
        for item in doc["identities"]:
            number = item.get("fields", {}).get("id_number")
            if number and item.get("faces"):
                self._dirs[number.upper()] = identities.parent / item["faces"]

    def fetch(self, id_number: str) -> Image:
        folder = self._dirs.get(id_number.upper())
        photo = cv2.imread(str(folder / "card.png"), cv2.IMREAD_COLOR) if folder else None
        if photo is None:
            raise ReferenceUnavailable("not_found")
        return photo


class ServerReferenceSource:
    """刷脸办 without documents: the reference photo from the central service
    (`GET /api/v1/reference-photos/{id_number}`). `client` returns the linked client, or None
    while the kiosk is offline (then the citizen is sent to staff)."""

    def __init__(self, client: Callable[[], ServerClient | None]) -> None:
        self.client = client

    def fetch(self, id_number: str) -> Image:
        client = self.client()
        if client is None:
            raise ReferenceUnavailable("unavailable")
        try:
            jpeg = client.reference_photo(id_number.upper())
        except SyncError as exc:
            raise ReferenceUnavailable("unavailable") from exc
        if jpeg is None:
            raise ReferenceUnavailable("not_found")
        photo = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
        if photo is None:
            raise ReferenceUnavailable("not_found")
        return photo


def check_typed_id_number(text: str) -> tuple[str | None, str | None]:
    """(normalised number, None) or (None, error code) — the same rule as a form field."""
    checked = check_answer(_ID_FIELD, text)
    return checked.value, checked.error


_ID_FIELD = FormField(key="id_number", kind=FieldKind.ID_NUMBER, label={"zh": "公民身份号码", "en": "ID number"},
                      max_length=18, personal=True)


_pipeline_lock = threading.Lock()
_pipeline: Any = None


def shared_pipeline() -> FacePipeline:
    """One FacePipeline per process, built on first use (loading dlib's models takes a while,
    so kiosk start-up does not pay for it)."""
    global _pipeline
    with _pipeline_lock:
        if _pipeline is None:
            from kiosk.face.pipeline import FacePipeline

            _pipeline = FacePipeline()
        return _pipeline


# -- the controller ---------------------------------------------------------------------------

class _CardReader(Protocol):
    def read_card(self) -> IdentityRecord | None: ...


class _Camera(Protocol):
    def latest_frame(self) -> Any: ...


class IdentifyController:
    """Drives one visit to the identify step. Call `start()`, then `poll()` ~10×/s; the
    citizen's choices are the command methods. `close()` stops the worker and wipes face data."""

    def __init__(self, session: Session, reader: _CardReader | None, camera: _Camera | None,
                 pipeline: Callable[[], FacePipeline] = shared_pipeline,
                 references: ReferenceSource | None = None,
                 on_card: Callable[[], None] = lambda: None,
                 today: Callable[[], date] = date.today,
                 rng: random.Random | None = None) -> None:
        self.session = session
        self.reader = reader
        self.camera = camera
        self._pipeline = pipeline
        self._references = references if references is not None else DemoReferenceSource()
        self._on_card = on_card  # the workflow's pre-fill (一证通), run once the card is in the session
        self._today = today
        self._rng = rng or random.SystemRandom()
        self._lock = threading.Lock()
        self._view = IdentifyView(Phase.WAIT_CARD)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._card_failures = 0
        self._pending_card: IdentityRecord | None = None   # read on the worker, applied in poll()
        self._pending_verdict: str | None = None
        self._reference_photo: Image | None = None
        self._face: VerificationSession | None = None
        self._closed = False

    # -- owner-thread API ---------------------------------------------------------------------
    def start(self) -> None:
        """Begin: wait for a card (or say the reader is not available)."""
        if self.reader is None:
            self._set(IdentifyView(Phase.READER_UNAVAILABLE))
            return
        self._run(self._card_loop, IdentifyView(Phase.WAIT_CARD))

    def poll(self) -> IdentifyView:
        """The current view; applies what the worker found to the session (on this thread)."""
        with self._lock:
            view = self._view
            card, self._pending_card = self._pending_card, None
            verdict, self._pending_verdict = self._pending_verdict, None
        if card is not None:
            self.session.card = card
            self._on_card()
        if verdict is not None:
            self.session.verification = verdict
            log.info("identity verdict: %s", verdict)
        return view

    def enter_id_number(self, text: str) -> str | None:
        """No card (刷脸办): check the typed number and fetch its reference photo. Returns an
        error code ("required", "id_number") without changing anything, or None."""
        number, error = check_typed_id_number(text)
        if error or number is None:
            return error
        self._run(lambda: self._fetch_reference(number), IdentifyView(Phase.FETCHING, via_card=False))
        return None

    def choose_face(self) -> None:
        """The citizen agreed to the face check."""
        if self._view.phase is not Phase.CONSENT:
            return
        self._run(self._face_attempt, IdentifyView(Phase.PREPARING, via_card=self._view.via_card))

    def retry(self) -> None:
        """Another attempt after a failed one (the face session enforces the attempt limit)."""
        if self._view.phase is not Phase.FAILED:
            return
        self._run(self._face_attempt, IdentifyView(Phase.PREPARING, via_card=self._view.via_card))

    def retry_card(self) -> None:
        """Back to "place your card" (after an expired/unreadable card, or from the number entry)."""
        self._drop_face()
        self._card_failures = 0
        self.start()

    def choose_staff(self, reason: StaffReason = StaffReason.CHOSEN) -> None:
        """Staff verification instead: always allowed, no face processing at all."""
        self._stop_worker()
        self._drop_face()
        self._finish_staff(reason)

    def close(self) -> None:
        """Stop the worker and drop every frame, photo and encoding (step left or session ended)."""
        self._closed = True
        self._stop_worker()
        self._drop_face()
        with self._lock:
            self._pending_card = None

    def preview(self) -> Image | None:
        """The newest camera frame for the live view (the caller must not keep it)."""
        if self.camera is None or self._view.phase is not Phase.FACE:
            return None
        frame = self.camera.latest_frame()
        return None if frame is None else frame.image

    # -- internals ----------------------------------------------------------------------------
    def _set(self, view: IdentifyView) -> None:
        with self._lock:
            if view.phase is not self._view.phase:
                log.info("identify: %s -> %s", self._view.phase.value, view.phase.value)
            self._view = view

    def _run(self, job: Callable[[], None], first: IdentifyView) -> None:
        """Stop the running job, show `first`, run `job` on a fresh worker thread."""
        if self._closed:
            return
        self._stop_worker()
        self._set(first)
        self._stop = threading.Event()
        stop = self._stop

        def guarded() -> None:
            try:
                job()
            except Exception:  # never a dead step: an unexpected error sends the citizen to staff
                log.exception("identify worker failed")
                if not stop.is_set():
                    self._finish_staff(StaffReason.CAMERA if self._view.phase is Phase.FACE else StaffReason.CARD)

        self._thread = threading.Thread(target=guarded, name="identify", daemon=True)
        self._thread.start()

    def _stop_worker(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            # a card read or one face frame finishes within ~2 s; the worker checks _stop between
            thread.join(timeout=5)
        self._thread = None

    def _finish_staff(self, reason: StaffReason, outcome: str | None = None) -> None:
        with self._lock:
            self._pending_verdict = STAFF_PENDING
            via_card = self._view.via_card
        self._set(IdentifyView(Phase.STAFF, staff_reason=reason, outcome=outcome, via_card=via_card))

    def _drop_face(self) -> None:
        face, self._face = self._face, None
        if face is not None:
            face.wipe()
        photo, self._reference_photo = self._reference_photo, None
        if photo is not None:
            photo.fill(0)

    # -- worker jobs ----------------------------------------------------------------------------
    def _card_loop(self) -> None:
        stop = self._stop
        reader = self.reader
        assert reader is not None
        while not stop.is_set():
            try:
                record = reader.read_card()
            except DeviceFailure as failure:
                self._card_failures += 1
                code = failure.error.code
                if code in ("not_connected", "no_device"):
                    self._set(IdentifyView(Phase.READER_UNAVAILABLE, card_error=code))
                else:
                    phase = Phase.CARD_UNREADABLE if self._card_failures >= MAX_CARD_FAILURES else Phase.CARD_RETRY
                    self._set(IdentifyView(phase, card_error=code))
                stop.wait(CARD_POLL_S)
                continue
            if record is None:
                # no card in the field: after a failed read this means it was taken away
                if self._view.phase in (Phase.CARD_RETRY, Phase.CARD_UNREADABLE):
                    self._set(IdentifyView(Phase.CARD_REMOVED, card_error=self._view.card_error))
                elif self._view.phase is Phase.READER_UNAVAILABLE:
                    self._set(IdentifyView(Phase.WAIT_CARD))
                stop.wait(CARD_POLL_S)
                continue
            self._card_failures = 0
            if record.valid_until is not None and record.valid_until < self._today():
                # an expired card does not prove identity: nothing of it is kept
                self._set(IdentifyView(Phase.CARD_EXPIRED))
                continue
            photo = record.photo.image
            self._reference_photo = None if photo is None else photo.copy()
            with self._lock:
                self._pending_card = record
            self._set(IdentifyView(Phase.CONSENT))
            return

    def _fetch_reference(self, number: str) -> None:
        try:
            photo = self._references.fetch(number)
        except ReferenceUnavailable as exc:
            log.info("reference photo: %s", exc.code)
            photo = None
        if self._stop.is_set():
            return
        self._reference_photo = photo
        # the choice is offered even without a photo: the face path then ends at staff
        self._set(IdentifyView(Phase.CONSENT, via_card=False))

    def _face_attempt(self) -> None:
        from kiosk.face.pipeline import (
            NoFaceInReference,
            Outcome,
            SessionState,
            VerificationSession,
        )

        stop = self._stop
        via_card = self._view.via_card
        pipeline = self._pipeline()
        if self._face is None:
            try:
                reference = pipeline.prepare_reference(self._reference_photo)
            except NoFaceInReference:
                if not stop.is_set():
                    self._finish_staff(StaffReason.REFERENCE)
                return
            finally:
                if self._reference_photo is not None:
                    self._reference_photo.fill(0)  # the encoding is all we need from now on
                    self._reference_photo = None
            self._face = VerificationSession(pipeline, reference, self._rng)
        elif not self._face.retry():
            self._finish_staff(StaffReason.ATTEMPTS)
            return
        face = self._face
        if self.camera is None:
            self._finish_staff(StaffReason.CAMERA)
            return
        self._set(IdentifyView(Phase.FACE, via_card=via_card))
        last_seq = -1
        last_new = time.monotonic()
        challenge_started: float | None = None
        while not stop.is_set():
            frame = self.camera.latest_frame()
            now = time.monotonic()
            if frame is None or frame.seq == last_seq:
                if now - last_new > CAMERA_LOST_S:
                    face.feed(now, None)
                    break
                if face.timed_out(now):
                    break
                stop.wait(0.01)
                continue
            last_seq, last_new = frame.seq, now
            state = face.feed(frame.timestamp, frame.image, frame.ir)  # ir: binocular camera only, else None
            left = None
            if face.state is SessionState.CHALLENGE:
                if challenge_started is None:
                    challenge_started = frame.timestamp
                left = max(0, int(face.challenge.time_limit - (now - challenge_started) + 0.999))
            action = face.current_action
            self._set(IdentifyView(Phase.FACE, guidance=face.guidance.code.value, box=face.guidance.box,
                                   action=action.value if action is not None else None, seconds_left=left,
                                   via_card=via_card))
            if state is SessionState.READY or face.timed_out(frame.timestamp):
                break
        if stop.is_set():
            return
        verdict = face.decide()
        outcome = verdict.outcome
        if outcome is Outcome.MATCH:
            with self._lock:
                self._pending_verdict = MATCH
            self._set(IdentifyView(Phase.MATCH, outcome=outcome.value, via_card=via_card))
            self._drop_face()
        elif verdict.to_staff:
            reason = {Outcome.UNCERTAIN: StaffReason.UNCERTAIN,
                      Outcome.CAMERA_LOST: StaffReason.CAMERA}.get(outcome, StaffReason.ATTEMPTS)
            self._drop_face()
            self._finish_staff(reason, outcome=outcome.value)
        else:
            self._set(IdentifyView(Phase.FAILED, outcome=outcome.value, attempts_left=verdict.attempts_left,
                                   via_card=via_card))
