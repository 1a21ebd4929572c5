"""The newest-frame-only hand-over between a capture thread and its consumers, shared by the
OpenCV driver and the simulator, plus the image checks behind the camera's health."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from devices.status import Availability, DeviceError, DeviceStatus, online


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR uint8
    # capture time, seconds on the camera's clock: time.monotonic() when the OpenCV driver read it,
    # the simulated clock for the simulator. Liveness timing runs on this, never on the time the
    # kiosk got round to processing the frame (a loaded machine processes late, not slower citizens).
    timestamp: float
    seq: int
    ir: np.ndarray | None = None  # grey uint8 near-infrared image in RGB coordinates (binocular camera only)


STALE_S = 1.0
FROZEN_S = 2.0


class FrameWorker:
    """Runs `grab()` in a loop on its own thread and keeps only the newest frame, so a slow
    consumer never sees old frames (no queue, no growing latency). `grab` returns None when the
    camera went away; the worker then stops and reports it. A binocular camera's `grab` returns
    the (RGB, IR) pair, kept together in one Frame."""

    def __init__(self, grab: Callable[[], np.ndarray | tuple[np.ndarray, np.ndarray] | None], name: str,
                 stamp: Callable[[], float] = time.monotonic) -> None:
        self._grab = grab
        self._stamp = stamp  # the capture time of the image grab() just returned
        self._arrived = time.monotonic()  # wall time of the newest frame, for health
        self._lock = threading.Lock()
        self._frame: Frame | None = None
        self._seq = 0
        self._stop = threading.Event()
        self.lost = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._last_change = time.monotonic()
        self._signature = b""

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                grabbed = self._grab()
            except Exception:  # a driver error is a lost camera, never a dead thread
                grabbed = None
            image, ir = grabbed if isinstance(grabbed, tuple) else (grabbed, None)
            if image is None:
                if not self._stop.is_set():
                    self.lost.set()
                return
            now = time.monotonic()
            signature = image[::40, ::40].tobytes()
            with self._lock:
                self._seq += 1
                self._frame = Frame(image, self._stamp(), self._seq, ir)
                self._arrived = now
                if signature != self._signature:
                    self._signature, self._last_change = signature, now

    def wait_first(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self.lost.is_set():
            if self.latest() is not None:
                return True
            time.sleep(0.01)
        return self.latest() is not None

    def keep_alive(self) -> None:
        """The source is deliberately holding its next frame (the simulator waiting for the
        analyser): not a stalled camera."""
        with self._lock:
            self._arrived = self._last_change = time.monotonic()

    def latest(self) -> Frame | None:
        with self._lock:
            return self._frame

    def health(self) -> DeviceStatus:
        now = time.monotonic()
        if self.lost.is_set():
            return DeviceStatus(Availability.OFFLINE, last_error=DeviceError("not_connected", "camera stopped delivering frames"))
        with self._lock:
            frame, last_change, arrived = self._frame, self._last_change, self._arrived
        if frame is None or now - arrived > STALE_S:
            return DeviceStatus(Availability.OFFLINE, last_error=DeviceError("timeout", "no frame for over 1 s"))
        if float(frame.image[::8, ::8].mean()) < 8.0:
            return DeviceStatus(Availability.HARDWARE_ERROR, last_error=DeviceError(
                "black_image", "camera delivers black frames (covered lens or sensor fault)"))
        if now - last_change > FROZEN_S:
            return DeviceStatus(Availability.HARDWARE_ERROR, last_error=DeviceError(
                "frozen_image", "camera repeats the same frame"))
        h, w = frame.image.shape[:2]
        return online(resolution=f"{w}x{h}")
