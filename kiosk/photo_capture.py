"""The `photo` step (自助拍照) without Qt: live ID-photo checks on camera frames, three automatic
shots that pass every rule, the citizen's choice cropped to the certificate format.

Same threading model as kiosk/identity.py: one worker thread looks at frames; the owner calls
`poll()` on its own thread. Shots are kept in memory only until a choice or `close()`, which zero
them. The chosen photo leaves as JPEG bytes for the encrypted submission, nothing else."""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from kiosk.face.idphoto import PhotoFormat, PhotoIssue, check_id_photo, crop_id_photo

if TYPE_CHECKING:
    from kiosk.face.pipeline import FacePipeline

log = logging.getLogger("kiosk.photo")

Image = npt.NDArray[np.uint8]
SHOTS = 3
SHOT_GAP_S = 0.8        # shots spaced out so the citizen gets a real choice (expression, blink)
CAMERA_LOST_S = 1.5
PHOTO_NAME = "id_photo.jpg"
ID_CARD_FORMAT = PhotoFormat()  # 358x441, the second-generation ID card photo


class PhotoPhase(str, enum.Enum):
    LIVE = "live"               # guidance; good frames are taken automatically
    CHOOSE = "choose"           # three shots to choose from
    CAMERA_LOST = "camera_lost"


@dataclass(frozen=True)
class PhotoView:
    phase: PhotoPhase
    issues: tuple[str, ...] = ("no_face",)  # PhotoIssue values of the newest frame
    box: tuple[int, int, int, int] | None = None
    shots: int = 0


@dataclass
class _Shot:
    frame: Image
    marks: Any


class _Camera(Protocol):
    def latest_frame(self) -> Any: ...


class PhotoCapture:
    def __init__(self, camera: _Camera | None, pipeline: Callable[[], FacePipeline],
                 fmt: PhotoFormat = ID_CARD_FORMAT) -> None:
        self.camera = camera
        self._pipeline = pipeline
        self.fmt = fmt
        self._lock = threading.Lock()
        self._view = PhotoView(PhotoPhase.LIVE if camera is not None else PhotoPhase.CAMERA_LOST)
        self._shots: list[_Shot] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """(Re)start the live view: earlier shots are dropped."""
        self._stop_worker()
        self._wipe_shots()
        if self.camera is None:
            self._set(PhotoView(PhotoPhase.CAMERA_LOST))
            return
        self._set(PhotoView(PhotoPhase.LIVE))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(self._stop,), name="photo", daemon=True)
        self._thread.start()

    def poll(self) -> PhotoView:
        with self._lock:
            return self._view

    def preview(self) -> Image | None:
        if self.camera is None or self._view.phase is not PhotoPhase.LIVE:
            return None
        frame = self.camera.latest_frame()
        return None if frame is None else frame.image

    def thumbnails(self) -> list[Image]:
        """The shots cropped to the format (for the choice; copies the caller may show)."""
        with self._lock:
            shots = list(self._shots)
        return [crop_id_photo(s.frame, s.marks, self.fmt) for s in shots]

    def choose(self, index: int) -> bytearray:
        """The chosen shot as JPEG bytes in the certificate format; every shot is then wiped."""
        with self._lock:
            shot = self._shots[index]
        cropped = crop_id_photo(shot.frame, shot.marks, self.fmt)
        ok, encoded = cv2.imencode(".jpg", cropped, [cv2.IMWRITE_JPEG_QUALITY, 92])
        cropped.fill(0)
        if not ok:
            raise RuntimeError("JPEG encoding failed")
        self._wipe_shots()
        return bytearray(encoded.tobytes())

    def close(self) -> None:
        self._stop_worker()
        self._wipe_shots()

    # -- internals ----------------------------------------------------------------------------
    def _set(self, view: PhotoView) -> None:
        with self._lock:
            self._view = view

    def _stop_worker(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None

    def _wipe_shots(self) -> None:
        with self._lock:
            shots, self._shots = self._shots, []
        for s in shots:
            s.frame.fill(0)

    def _loop(self, stop: threading.Event) -> None:
        assert self.camera is not None
        pipeline = self._pipeline()
        last_seq, last_new, last_shot = -1, time.monotonic(), 0.0
        while not stop.is_set():
            frame = self.camera.latest_frame()
            now = time.monotonic()
            if frame is None or frame.seq == last_seq:
                if now - last_new > CAMERA_LOST_S:
                    self._set(PhotoView(PhotoPhase.CAMERA_LOST))
                    return
                stop.wait(0.01)
                continue
            last_seq, last_new = frame.seq, now
            image = frame.image
            boxes = pipeline.detect(image)
            marks = pipeline.landmarks(image, boxes[0]) if len(boxes) == 1 else None
            issues = check_id_photo(image, boxes, marks, self.fmt)
            with self._lock:
                count = len(self._shots)
                if not issues and marks is not None and now - last_shot >= SHOT_GAP_S and count < SHOTS:
                    self._shots.append(_Shot(image.copy(), marks))
                    last_shot, count = now, count + 1
            box = boxes[0] if len(boxes) == 1 else None
            if count >= SHOTS:
                self._set(PhotoView(PhotoPhase.CHOOSE, (), None, count))
                return
            self._set(PhotoView(PhotoPhase.LIVE, tuple(i.value for i in issues), box, count))


__all__ = ["PHOTO_NAME", "PhotoCapture", "PhotoIssue", "PhotoPhase", "PhotoView"]
