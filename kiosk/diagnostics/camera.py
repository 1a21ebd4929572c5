"""The camera self-test with a live picture: per frame the brightness (mean luma) and sharpness
(variance of the Laplacian) of the whole picture, the measured frame rate, the face box, and a
verdict the technician can act on (too dark, blurred, ok). No Qt; frames are shown, never kept."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

log = logging.getLogger("kiosk.diagnostics.camera")

Box = tuple[int, int, int, int]  # top, right, bottom, left

# Whole-frame thresholds. A hall lit for reading gives a mean luma of 90–160 on a kiosk camera;
# below 40 a face check fails (the face pipeline asks for 60 on the face itself). A sharp 640x480
# picture of a person gives a Laplacian variance of several hundred; a smeared or fogged lens
# stays under 30 (the face pipeline's own gate is 25, on the face).
DARK_BELOW = 40.0
BLUR_BELOW = 30.0
ANALYSIS_WIDTH = 320  # frames are measured on a copy this wide (same as the face detector)

VERDICTS = ("no_frames", "too_dark", "blurred", "ok")


@dataclass(frozen=True)
class FrameMetrics:
    brightness: float
    sharpness: float


def frame_metrics(image: npt.NDArray[np.uint8]) -> FrameMetrics:
    """Mean luma (0–255) and variance of the Laplacian of a BGR (or grey) frame, measured on a
    copy ANALYSIS_WIDTH wide so the numbers do not depend on the camera's resolution."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape[:2]
    if w > ANALYSIS_WIDTH:
        gray = cv2.resize(gray, (ANALYSIS_WIDTH, max(1, round(h * ANALYSIS_WIDTH / w))), interpolation=cv2.INTER_AREA)
    return FrameMetrics(float(gray.mean()), float(cv2.Laplacian(gray, cv2.CV_64F).var()))


def verdict(metrics: FrameMetrics | None) -> str:
    if metrics is None:
        return "no_frames"
    if metrics.brightness < DARK_BELOW:
        return "too_dark"
    if metrics.sharpness < BLUR_BELOW:
        return "blurred"
    return "ok"


@dataclass(frozen=True)
class CameraReading:
    """What the preview shows: the frame (BGR, for painting only), the face box if one face,
    the numbers and the verdict."""

    image: npt.NDArray[np.uint8] | None
    box: Box | None
    faces: int
    fps: float
    width: int
    height: int
    metrics: FrameMetrics | None
    verdict: str


class CameraProbe:
    """Watches a camera on its own thread while the preview is open: the newest frame, the frame
    rate over the last two seconds, brightness, sharpness and (every few frames, HOG is slow on two
    cores) the face boxes. `reading()` is safe from the UI thread; `stop()` ends it."""

    def __init__(self, camera: Any, detect: Callable[[npt.NDArray[np.uint8]], list[Box]] | None = None,
                 detect_every_s: float = 0.5, clock: Callable[[], float] = time.monotonic) -> None:
        self.camera = camera
        self.detect = detect
        self.detect_every_s = detect_every_s
        self.clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reading = CameraReading(None, None, 0, 0.0, 0, 0, None, "no_frames")
        self._stamps: deque[tuple[int, float]] = deque(maxlen=120)
        self._thread: threading.Thread | None = None
        self.samples = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="diag-camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            self._reading = CameraReading(None, None, 0, 0.0, 0, 0, None, "no_frames")

    def reading(self) -> CameraReading:
        with self._lock:
            return self._reading

    def _fps(self, seq: int, stamp: float) -> float:
        self._stamps.append((seq, stamp))
        while len(self._stamps) > 2 and stamp - self._stamps[0][1] > 2.0:
            self._stamps.popleft()
        (s0, t0), (s1, t1) = self._stamps[0], self._stamps[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0

    def _run(self) -> None:
        last_seq, last_detect, last_verdict = -1, -1e9, ""
        box: Box | None = None
        faces = 0
        while not self._stop.is_set():
            frame = self.camera.latest_frame()
            if frame is None:
                with self._lock:
                    self._reading = CameraReading(None, None, 0, 0.0, 0, 0, None, "no_frames")
                self._stop.wait(0.1)
                continue
            if frame.seq == last_seq:
                self._stop.wait(0.01)
                continue
            last_seq = frame.seq
            image = frame.image
            fps = self._fps(frame.seq, frame.timestamp)
            metrics = frame_metrics(image)
            now = self.clock()
            seen = verdict(metrics)
            if seen != last_verdict:  # the scene changed (lens covered, uncovered): look again now
                last_verdict, last_detect = seen, -1e9
            if self.detect is not None and now - last_detect >= self.detect_every_s:
                last_detect = now
                try:
                    boxes = self.detect(image)
                except Exception:  # noqa: BLE001 - a detector problem must not end the preview
                    log.exception("face detection failed in the camera preview")
                    boxes = []
                faces = len(boxes)
                box = boxes[0] if len(boxes) == 1 else None
            h, w = image.shape[:2]
            self.samples += 1
            with self._lock:
                self._reading = CameraReading(image, box, faces, fps, w, h, metrics, seen)


def face_detector() -> Callable[[npt.NDArray[np.uint8]], list[Box]]:
    """The kiosk's own HOG detector (kiosk/face), imported when the preview opens."""
    from kiosk.face.pipeline import FacePipeline

    pipeline = FacePipeline()
    return pipeline.detect
