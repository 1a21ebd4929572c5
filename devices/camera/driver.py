"""OpenCV VideoCapture camera (index, file path or URL), frames on a worker thread."""

from __future__ import annotations

import logging
import time
from typing import Any

import cv2
import numpy as np

from devices.base import Device, SelfTestResult
from devices.camera.frames import Frame, FrameWorker
from devices.spec import DeviceKind, DeviceSpec
from devices.status import DeviceError, DeviceFailure, DeviceStatus, NOT_OPEN

log = logging.getLogger("devices.camera")
FIRST_FRAME_S = 3.0
MAX_READ_FAILURES = 25  # about one second of missing frames before the camera counts as gone


class CameraDevice(Device):
    """What the kiosk uses: latest_frame(). Subclasses provide the worker."""

    kind = DeviceKind.CAMERA

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.width = int(opts.get("width", 640))
        self.height = int(opts.get("height", 480))
        self.fps = float(opts.get("fps", 25))
        self._worker: FrameWorker | None = None

    def latest_frame(self) -> Frame | None:
        """The newest frame, or None when the camera is not delivering."""
        worker = self._worker
        return worker.latest() if worker is not None and not worker.lost.is_set() else None

    def frame_taken(self, seq: int | None) -> None:
        """The analyser is done with frame `seq` (None: it stops analysing). A real camera waits
        for nobody (frames the kiosk is too slow for are skipped); the simulator paces its
        simulated scene by it."""

    def check_health(self) -> DeviceStatus:
        worker = self._worker
        return self._set_status(worker.health() if worker is not None else NOT_OPEN)

    def _start_worker(self, worker: FrameWorker) -> None:
        """Start capturing and wait (bounded) for the first frame, so an open camera delivers."""
        self._worker = worker
        worker.start()
        if not worker.wait_first(FIRST_FRAME_S):
            self.close()
            raise DeviceFailure(DeviceError("timeout", f"no frame within {FIRST_FRAME_S:.0f} s of opening"))

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def self_test(self) -> SelfTestResult:
        first = self.latest_frame()
        time.sleep(1.0)
        last = self.latest_frame()
        status = self.check_health()
        lines = [f"status: {status.summary()}"]
        if first is None or last is None:
            return SelfTestResult(False, lines + ["no frames"])
        rate = (last.seq - first.seq) / max(1e-6, last.timestamp - first.timestamp)
        h, w = last.image.shape[:2]
        lines.append(f"{w}x{h} at {rate:.1f} fps")
        return SelfTestResult(status.usable, lines)


class OpenCVCamera(CameraDevice):
    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self._cap: cv2.VideoCapture | None = None
        self._failures = 0

    def open(self) -> None:
        self.close()
        source: int | str = self.spec.port or "0"
        if isinstance(source, str) and source.isdigit():
            source = int(source)
        cap = cv2.VideoCapture(source)
        if not cap.isOpened():
            cap.release()
            raise DeviceFailure(DeviceError("no_device", f"cannot open camera {source!r}"))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # ask the backend not to queue frames either
        self._cap, self._failures = cap, 0
        self._start_worker(FrameWorker(self._grab, f"camera-{self.name}"))

    def _grab(self) -> np.ndarray | None:
        cap = self._cap
        while cap is not None and self._worker is not None and not self._worker.stopping:
            ok, frame = cap.read()  # blocks until the camera's next frame
            if ok and frame is not None:
                self._failures = 0
                return frame
            self._failures += 1
            if self._failures >= MAX_READ_FAILURES:
                return None
            time.sleep(0.04)
        return None

    def close(self) -> None:
        super().close()
        if self._cap is not None:
            self._cap.release()
            self._cap = None
