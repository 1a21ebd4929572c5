"""Simulated camera: plays a FrameSource at a set frame rate on a worker thread, with faults.

Control API: set_source(src), set_fault(name), clear_fault(). Faults: FAULTS. Options: images
(folder or list), video (file), width, height, fps, seconds_per_image."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import numpy as np

from devices.camera.driver import CameraDevice
from devices.camera.frames import FrameWorker
from devices.camera.source import BlankSource, FrameSource, ImageSequenceSource, VideoFileSource
from devices.spec import DEMO_DIR, DeviceSpec
from devices.status import DeviceError, DeviceFailure

log = logging.getLogger("devices.camera.sim")

FAULTS = {
    "black": "frames are black (covered lens)",
    "frozen": "the same frame over and over (stuck driver)",
    "disconnect": "the camera goes away (USB unplugged)",
}


class SimulatedCamera(CameraDevice):
    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self._lock = threading.Lock()
        self._fault: str | None = None
        self._frozen: np.ndarray | None = None
        self._t0 = time.monotonic()
        self._next = 0.0
        self._source: Any = self._source_from_options(opts)

    def _source_from_options(self, opts: dict[str, Any]) -> FrameSource:
        if opts.get("source") is not None:
            src: FrameSource = opts["source"]
            return src
        if opts.get("video"):
            return VideoFileSource(opts["video"], self.width, self.height)
        images = opts.get("images", DEMO_DIR / "faces")
        try:
            return ImageSequenceSource(images, self.width, self.height, float(opts.get("seconds_per_image", 3.0)))
        except ValueError:
            log.warning("camera simulator: no images, showing an empty scene")
            return BlankSource(self.width, self.height)

    # -- control API ---------------------------------------------------------------------------
    def set_source(self, source: FrameSource) -> None:
        """Any object with frame_at(t) (e.g. devices.camera.cooperative); time restarts at 0."""
        if not callable(getattr(source, "frame_at", None)):
            raise TypeError("a frame source needs a frame_at(t) method")
        with self._lock:
            self._source, self._t0 = source, time.monotonic()

    def set_fault(self, name: str) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown camera fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._fault = name
            self._frozen = None

    def clear_fault(self) -> None:
        with self._lock:
            self._fault = None

    # -- device --------------------------------------------------------------------------------
    def open(self) -> None:
        self.close()
        with self._lock:
            if self._fault == "disconnect":
                raise DeviceFailure(DeviceError("no_device", "simulated camera is unplugged"))
        self._next = time.monotonic()
        self._start_worker(FrameWorker(self._grab, f"camera-{self.name}"))

    def _grab(self) -> np.ndarray | None:
        # pace like a camera: a frame every 1/fps, and the read blocks until it is due
        self._next += 1.0 / self.fps
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            self._next = time.monotonic()  # fell behind: do not try to catch up with a burst
        with self._lock:
            fault, source, t0 = self._fault, self._source, self._t0
            if fault == "disconnect":
                return None
            if fault == "frozen" and self._frozen is not None:
                return self._frozen
        frame = source.frame_at(time.monotonic() - t0)
        if frame is None:
            return None
        if fault == "black":
            return np.zeros_like(frame)
        if fault == "frozen":
            with self._lock:
                self._frozen = frame
        return frame
