"""The `identify` step without Qt: ID card → consent → live face check → verdict, or staff.

One `IdentifyController` per visit to the step. Slow work (card reads, preparing the reference
photo, the face frame loop) runs on one worker thread; the owner (the Qt screen, or a test)
calls `poll()` about ten times a second on its own thread. Everything that touches the
citizen `Session` (card, pre-filled answers, verdict) happens inside `poll()` and the command
methods, i.e. on the owner's thread, so the session never needs a lock.

Reference by availability (docs/face.md): when the centre is reachable the face is compared
there with the population register's photo (an identify session: the kiosk sends encodings of its
best live frames, never an image, and gets pass / no_match / to_staff); offline, or when the
register has no photo, the card's chip photo is compared on the kiosk with its own, stricter
calibration, and an uncertain chip verdict gets a second look (a few more frames) before staff.
A typed ID number without the centre goes to staff.

Verdicts written to `session.verification` (never a score), with the reference kind used
("register" / "chip") in `session.verification_reference`:
- "match": the live face matched the reference photo after the liveness challenge.
- "staff_pending": the citizen chose staff verification, or the kiosk could not decide
  (uncertain, attempts used up, camera lost, unusable reference photo). The citizen may continue
  and submit; staff at the counter check the identity before the case is processed.

Card removal: the reader answers "no card" only for an empty field (the driver also says "no new
card" while the card it already delivered still lies there), so "card removed" is said only when
a card that could not be read is then gone, or the driver saw it leave mid-read. Line noise is
retried by the driver and never blamed on the card or the citizen; only the card's own read
failures, in a row and with the card on the reader, lead to "wipe the card". Once read, the
kiosk does not need the card any more.

Privacy: frames come from the camera driver's newest-frame slot and are only held by the
`VerificationSession` (best few, zeroed on decide/wipe); the reference photo and encoding are
dropped by `close()`. Logs carry phase changes and outcomes only."""

from __future__ import annotations

import enum
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from devices.card_reader.identity import IdentityRecord
from devices.status import DeviceFailure
from kiosk.catalog import FieldKind, FormField
from kiosk.fields import check_answer
from kiosk.messages import translate
from kiosk.registry import Role
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError, SyncError

if TYPE_CHECKING:  # importing the face pipeline loads dlib's models (~1 s): done lazily
    from kiosk.face.pipeline import Comparison, Encoding, FacePipeline, Reference, VerificationSession

log = logging.getLogger("kiosk.identity")

if TYPE_CHECKING:  # numpy costs ≈ 0.3 s at import; the camera path loads it after the first screen
    import numpy as np
    import numpy.typing as npt

    Image = npt.NDArray[np.uint8]

MATCH = "match"
STAFF_PENDING = "staff_pending"

CARD_POLL_S = 0.3           # how often the reader is asked for a card
CAMERA_LOST_S = 1.5         # no new frame for this long: the camera is gone
MAX_CARD_FAILURES = 3       # the card itself unreadable this many times in a row: suggest staff
MAX_LINK_FAILURES = 3       # reads lost to a garbled line this many times in a row: reader not working

# DeviceError codes of SerialCardReader.read_card, by what the citizen is told
_CARD_GONE = {"card_removed"}
_READER_DOWN = {"not_connected", "no_device", "timeout", "sam_error"}
_LINE_NOISE = {"checksum"}


class Phase(str, enum.Enum):
    """What the citizen sees. Stable codes: the UI maps each to words."""

    WAIT_CARD = "wait_card"              # place your card (or: no card? enter the number)
    CARD_RETRY = "card_retry"            # the read failed; keep the card there / place it again
    CARD_UNREADABLE = "card_unreadable"  # failed several times: try another way or staff
    CARD_REMOVED = "card_removed"        # taken away before it was read
    CARD_EXPIRED = "card_expired"
    READER_UNAVAILABLE = "reader_unavailable"
    FETCHING = "fetching"                # typed ID number: asking the centre for an identify session
    CONSENT = "consent"                  # face check or staff: an explicit choice
    PREPARING = "preparing"              # opening the centre's session / encoding the chip photo
    FACE = "face"                        # live view: guidance, then the challenge
    SECOND_LOOK = "second_look"          # chip verdict uncertain: advice, then a few more frames
    FAILED = "failed"                    # this attempt failed, retry allowed (or staff)
    MATCH = "match"                      # verified
    STAFF = "staff"                      # staff will verify at the counter; the citizen may continue


class StaffReason(str, enum.Enum):
    CHOSEN = "chosen"
    UNCERTAIN = "uncertain"
    ATTEMPTS = "attempts"
    CAMERA = "camera"
    REFERENCE = "reference"              # no usable reference photo
    CENTRE = "centre"                    # typed number, but the centre cannot be reached
    CARD = "card"                        # card problems (expired, unreadable) and staff chosen


@dataclass(frozen=True)
class IdentifyView:
    """A snapshot for the screen: codes, never a face, never a score."""

    phase: Phase
    guidance: str = "no_face"            # kiosk.face.pipeline.GuidanceCode value
    box: tuple[int, int, int, int] | None = None  # face box for drawing (frame coordinates)
    action: str | None = None            # "blink" / "turn_left" / "turn_right" while asked
    further: bool = False                # the turn stopped short: "a little further" that way
    seconds_left: int | None = None      # of the challenge
    attempts_left: int | None = None
    outcome: str | None = None           # last attempt's Outcome value (for the wording)
    staff_reason: StaffReason | None = None
    card_error: str | None = None        # DeviceError code of the last failed read
    via_card: bool = True                # False: the citizen typed an ID number
    reference: str | None = None         # "register" / "chip": the photo the verdict used
    frames_taken: int | None = None      # second look: frames taken so far …
    frames_wanted: int | None = None     # … of this many


# -- the centre's identify sessions -------------------------------------------------------------

class CentreUnavailable(Exception):
    """The centre cannot compare: `code` is "offline" (no link, network, 5xx, rate limited, not
    calibrated) or a refusal of the session ("identify_session_expired", "attempts_used_up", …)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Centre:
    """The central server's identify sessions (docs/protocol.md). `client` returns the linked
    client, or None while the kiosk is offline. Runs on the controller's worker thread."""

    def __init__(self, client: Callable[[], ServerClient | None]) -> None:
        self.client = client

    def _client(self) -> ServerClient:
        client = self.client()
        if client is None:
            raise CentreUnavailable("offline")
        return client

    def open(self, id_number: str, via: str) -> str | None:
        """A session token, or None when the register holds no photo for the number."""
        try:
            answer = self._client().open_identify_session(id_number.upper(), via)
        except ApiError as exc:
            raise CentreUnavailable(exc.error or "refused") from exc
        except SyncError as exc:  # network, 5xx, 429, 503 (not calibrated), credentials
            raise CentreUnavailable("offline") from exc
        return None if answer is None else str(answer["session"])

    def verify(self, token: str, encodings: list[list[float]]) -> str:
        """"pass" / "no_match" / "to_staff"."""
        try:
            answer = self._client().verify_identity(token, encodings)
        except ApiError as exc:
            raise CentreUnavailable(exc.error or "refused") from exc
        except SyncError as exc:
            raise CentreUnavailable("offline") from exc
        result = str(answer.get("result", ""))
        if result not in ("pass", "no_match", "to_staff"):
            raise CentreUnavailable("offline")
        return result

    def close(self, token: str) -> None:
        """Best effort: an unclosed session expires at the centre anyway."""
        try:
            self._client().close_identify_session(token)
        except (SyncError, CentreUnavailable):
            pass


def check_typed_id_number(text: str) -> tuple[str | None, str | None]:
    """(normalised number, None) or (None, error code) — the same rule as a form field."""
    checked = check_answer(_ID_FIELD, text)
    return checked.value, checked.error


_ID_FIELD = FormField(key="id_number", kind=FieldKind.ID_NUMBER, label=translate("Identity", "ID number"),
                      max_length=18, personal=True, role=Role.ID_NUMBER)


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
                 centre: Centre | None = None,
                 on_card: Callable[[], None] = lambda: None,
                 today: Callable[[], date] = date.today,
                 rng: random.Random | None = None) -> None:
        self.session = session
        self.reader = reader
        self.camera = camera
        self._pipeline = pipeline
        self._centre = centre  # None: no central server configured (chip only; typed → staff)
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
        self._pending_verified: str | None = None    # the ID number a MATCH was for
        self._reference_photo: Image | None = None   # the chip photo (card path), until the step ends
        self._id_number: str | None = None           # for the centre's session (and to reopen it)
        self._via = "card"
        self._ticket: str | None = None              # the centre's identify session token
        self._centre_failed = False                  # the centre failed this visit: chip from now on
        self._chip: Reference | None = None
        self._pending_reference: str | None = None
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
            verified, self._pending_verified = self._pending_verified, None
            reference, self._pending_reference = self._pending_reference, None
        if card is not None:
            self.session.card = card
            self._on_card()
        if verdict is not None:
            self.session.verification = verdict
            self.session.verification_reference = reference
            # only a face match proves who stands here: a document is issued for this number only
            self.session.verified_id_number = verified if verdict == MATCH else None
            log.info("identity verdict: %s (reference: %s)", verdict, reference or "none")
        return view

    def enter_id_number(self, text: str) -> str | None:
        """No card (刷脸办): check the typed number and open the centre's identify session for it.
        Returns an error code ("required", "id_number") without changing anything, or None."""
        number, error = check_typed_id_number(text)
        if error or number is None:
            return error
        self._stop_worker()
        self._drop_face()
        self._id_number, self._via = number, "typed"
        self._run(self._open_typed, IdentifyView(Phase.FETCHING, via_card=False))
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
        if self.camera is None or self._view.phase not in (Phase.FACE, Phase.SECOND_LOOK):
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

    def _finish_staff(self, reason: StaffReason, outcome: str | None = None, reference: str | None = None) -> None:
        with self._lock:
            self._pending_verdict = STAFF_PENDING
            self._pending_reference = reference
            via_card = self._view.via_card
        self._set(IdentifyView(Phase.STAFF, staff_reason=reason, outcome=outcome, via_card=via_card,
                               reference=reference))

    def _drop_face(self) -> None:
        """Forget every face datum of this visit, and end the centre's session (which holds the ID
        number there) off this thread: close() runs on the screen's thread."""
        face, self._face = self._face, None
        if face is not None:
            face.wipe()
        chip, self._chip = self._chip, None
        if chip is not None:
            chip.wipe()
        photo, self._reference_photo = self._reference_photo, None
        if photo is not None:
            photo.fill(0)
        ticket, self._ticket = self._ticket, None
        centre = self._centre
        if ticket is not None and centre is not None:
            threading.Thread(target=centre.close, args=(ticket,), name="identify-close", daemon=True).start()
        self._id_number = None
        self._centre_failed = False

    # -- worker jobs ----------------------------------------------------------------------------
    def _card_loop(self) -> None:
        stop = self._stop
        reader = self.reader
        assert reader is not None
        link_failures = 0
        while not stop.is_set():
            try:
                record = reader.read_card()
            except DeviceFailure as failure:
                code = failure.error.code
                if code in _LINE_NOISE:
                    # every answer of a whole read garbled: not the card's fault; the next read
                    # usually gets through, so the citizen is told only if it keeps happening
                    link_failures += 1
                    if link_failures >= MAX_LINK_FAILURES:
                        self._set(IdentifyView(Phase.READER_UNAVAILABLE, card_error=code))
                    stop.wait(CARD_POLL_S)
                    continue
                link_failures = 0
                if code in _READER_DOWN:
                    self._set(IdentifyView(Phase.READER_UNAVAILABLE, card_error=code))
                elif code in _CARD_GONE:
                    self._card_failures = 0
                    self._set(IdentifyView(Phase.CARD_REMOVED, card_error=code))
                else:  # the card itself: moved, unreadable, bad data
                    self._card_failures += 1
                    phase = Phase.CARD_UNREADABLE if self._card_failures >= MAX_CARD_FAILURES else Phase.CARD_RETRY
                    self._set(IdentifyView(phase, card_error=code))
                stop.wait(CARD_POLL_S)
                continue
            link_failures = 0
            if record is None:
                # no new card in the field: after a failed read this means it was taken away
                self._card_failures = 0
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
            self._id_number, self._via = (record.id_number or None), "card"
            with self._lock:
                self._pending_card = record
            self._set(IdentifyView(Phase.CONSENT))
            return

    def _open_typed(self) -> None:
        """Typed number: only the centre's register photo can be the reference. No centre, or no
        photo there: staff (told why); otherwise the citizen chooses face or staff."""
        try:
            self._open_centre()
        except CentreUnavailable as exc:
            log.info("identify session for a typed number: %s", exc.code)
            if not self._stop.is_set():
                self._finish_staff(StaffReason.CENTRE)
            return
        if self._stop.is_set():
            return
        if self._ticket is None:
            self._finish_staff(StaffReason.REFERENCE)
            return
        self._set(IdentifyView(Phase.CONSENT, via_card=False))

    def _open_centre(self) -> None:
        """Open the centre's identify session for the number read or typed (raises
        CentreUnavailable). Leaves `_ticket` None when the register has no photo for it."""
        if self._centre is None or self._id_number is None:
            raise CentreUnavailable("offline")
        self._ticket = self._centre.open(self._id_number, self._via)
        log.info("identify session: %s", "opened" if self._ticket else "no register photo")

    # -- comparison (called by VerificationSession.decide on the worker) --------------------------
    def compare(self, live: Sequence[Encoding]) -> Comparison:
        """The centre compares when it can; if it fails on the way, the same encodings are
        compared with the chip photo here (card path), else the citizen goes to staff."""
        from kiosk.face.pipeline import Comparison, Outcome, ReferenceKind

        if self._ticket is not None and self._centre is not None and not self._centre_failed:
            encodings = [[float(v) for v in e] for e in live]
            try:
                try:
                    result = self._centre.verify(self._ticket, encodings)
                except CentreUnavailable as exc:
                    if exc.code != "identify_session_expired":
                        raise
                    self._open_centre()  # the citizen took long at the consent page: once more
                    if self._ticket is None:
                        raise
                    result = self._centre.verify(self._ticket, encodings)
            except CentreUnavailable as exc:
                log.info("centre comparison failed (%s): chip photo from now on", exc.code)
                self._centre_failed = True
            else:
                outcome = {"pass": Outcome.MATCH, "no_match": Outcome.NO_MATCH}.get(result, Outcome.UNCERTAIN)
                return Comparison(outcome, ReferenceKind.REGISTER)
            finally:
                encodings.clear()
        chip = self._chip_reference()
        if chip is None or chip.encoding is None:
            return Comparison(Outcome.UNCERTAIN, ReferenceKind.REGISTER if self._via == "typed" else ReferenceKind.CHIP)
        from kiosk.face.pipeline import decide_distance, fuse

        pipeline = self._pipeline()
        fused = fuse(live)
        import numpy as np  # loaded by the face matcher already; kept out of the kiosk's start

        distance = float(np.linalg.norm(fused - chip.encoding))
        fused.fill(0)
        return Comparison(decide_distance(distance, pipeline.settings.calibration), ReferenceKind.CHIP, distance)

    def _chip_reference(self) -> Reference | None:
        """The chip photo's encoding, prepared once (raises nothing: None when unusable)."""
        from kiosk.face.pipeline import NoFaceInReference

        photo = self._reference_photo
        if self._chip is None and photo is not None:
            try:
                self._chip = self._pipeline().prepare_reference(photo)
            except NoFaceInReference:
                return None
            finally:
                photo.fill(0)  # the encoding is all we need from now on
                self._reference_photo = None
        return self._chip

    def _face_attempt(self) -> None:
        from kiosk.face.pipeline import Outcome, Reference, ReferenceKind, VerificationSession

        stop = self._stop
        via_card = self._view.via_card
        pipeline = self._pipeline()
        if self._face is None:
            if self._ticket is None and not self._centre_failed and via_card:
                try:
                    self._open_centre()  # the register photo when the centre has one
                except CentreUnavailable as exc:
                    log.info("centre not available (%s): chip photo", exc.code)
                    self._centre_failed = True
            if stop.is_set():
                return
            if self._ticket is None and self._chip_reference() is None:
                # typed number whose session is gone, or a card without a usable photo
                self._finish_staff(StaffReason.REFERENCE)
                return
            if self._ticket is not None:
                reference = Reference(None, ReferenceKind.REGISTER)
            else:
                assert self._chip is not None
                reference = self._chip
            # every comparison goes through compare(): centre first, chip when the centre fails
            self._face = VerificationSession(pipeline, reference, self._rng, comparator=self)
        elif not self._face.retry():
            self._finish_staff(StaffReason.ATTEMPTS)
            return
        face = self._face
        if self.camera is None:
            self._finish_staff(StaffReason.CAMERA)
            return
        self._set(IdentifyView(Phase.FACE, via_card=via_card))
        second_look = False
        while True:
            if not self._watch(face, via_card, second_look):
                return  # stopped
            verdict = face.decide()
            if stop.is_set():
                return  # the step was left while the centre compared: nothing to show or record
            if verdict.outcome is not Outcome.LOOK_AGAIN:
                break
            second_look = True
            self._set(IdentifyView(Phase.SECOND_LOOK, via_card=via_card, reference=ReferenceKind.CHIP.value,
                                   frames_taken=0, frames_wanted=pipeline.settings.second_look_frames))
        outcome = verdict.outcome
        kind = verdict.reference.value if verdict.reference is not None else None
        if outcome is Outcome.MATCH:
            with self._lock:
                self._pending_verdict = MATCH
                self._pending_reference = kind
                self._pending_verified = self._id_number
            self._set(IdentifyView(Phase.MATCH, outcome=outcome.value, via_card=via_card, reference=kind))
            self._drop_face()
        elif verdict.to_staff:
            reason = {Outcome.UNCERTAIN: StaffReason.UNCERTAIN,
                      Outcome.CAMERA_LOST: StaffReason.CAMERA}.get(outcome, StaffReason.ATTEMPTS)
            self._drop_face()
            self._finish_staff(reason, outcome=outcome.value, reference=kind)
        else:
            self._set(IdentifyView(Phase.FAILED, outcome=outcome.value, attempts_left=verdict.attempts_left,
                                   via_card=via_card, reference=kind))

    def _watch(self, face: VerificationSession, via_card: bool, second_look: bool) -> bool:
        """Feed camera frames to the face session until it is ready to decide, times out or the
        camera is lost; False when the worker was stopped."""
        try:
            return self._watch_frames(face, via_card, second_look)
        finally:
            taken = getattr(self.camera, "frame_taken", None)
            if taken is not None:
                taken(None)  # no longer analysing: a simulated scene runs freely again

    def _watch_frames(self, face: VerificationSession, via_card: bool, second_look: bool) -> bool:
        """The frame loop of `_watch`."""
        from kiosk.face.pipeline import SessionState

        stop = self._stop
        last_seq = -1
        last_new = time.monotonic()
        # The face session runs on the frames' capture times (the camera's clock), never on when
        # this loop got round to a frame: on a loaded machine frames are processed late, and that
        # must not eat into the citizen's time to respond. Between frames the camera's clock is
        # extrapolated from the last frame.
        last_stamp: float | None = None
        done_with = getattr(self.camera, "frame_taken", None)
        challenge_started: float | None = None
        while not stop.is_set():
            frame = self.camera.latest_frame() if self.camera is not None else None
            now = time.monotonic()
            if frame is None or frame.seq == last_seq:
                camera_now = now if last_stamp is None else last_stamp + (now - last_new)
                if now - last_new > CAMERA_LOST_S:
                    face.feed(camera_now, None)
                    break
                if face.timed_out(camera_now):
                    break
                stop.wait(0.01)
                continue
            last_seq, last_new, last_stamp = frame.seq, now, frame.timestamp
            state = face.feed(frame.timestamp, frame.image, frame.ir)  # ir: binocular camera only, else None
            if done_with is not None:
                done_with(frame.seq)
            # the camera is lost when no new frame comes for a while once we are ready for one:
            # analysing this frame may itself take over a second on a loaded machine
            last_new = time.monotonic()
            if second_look:
                wanted = face.settings.second_look_frames
                taken = (face.second_look_progress or (wanted, wanted))[0]
                self._set(IdentifyView(Phase.SECOND_LOOK, guidance=face.guidance.code.value, box=face.guidance.box,
                                       via_card=via_card, reference="chip", frames_taken=taken, frames_wanted=wanted))
            else:
                left = None
                if face.state is SessionState.CHALLENGE:
                    if challenge_started is None:
                        challenge_started = frame.timestamp
                    left = max(0, int(face.challenge.time_limit - (frame.timestamp - challenge_started) + 0.999))
                action = face.current_action
                self._set(IdentifyView(Phase.FACE, guidance=face.guidance.code.value, box=face.guidance.box,
                                       action=action.value if action is not None else None, seconds_left=left,
                                       via_card=via_card, further=face.turn_further))
            if state is SessionState.READY or face.timed_out(frame.timestamp):
                break
        return not stop.is_set()
