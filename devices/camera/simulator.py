"""Simulated camera: plays a FrameSource at a set frame rate on a worker thread, with faults.

Control API: set_source(src), set_fault(name), clear_fault(), source_time(). Faults: FAULTS.
Options: images (folder or list), video (file), width, height, fps, seconds_per_image.

Simulated clock: frame n is rendered at, and stamped with, n/fps on the simulator's own clock
(kept up with time.monotonic() while nobody analyses), like a camera stamping its frames at
capture. While an analyser is active (from its first `frame_taken(seq)` until `frame_taken(None)`)
the next frame waits
until the previous one was taken (up to HOLD_MAX_S): on a loaded machine the simulated world slows
down with the kiosk instead of running on while frames are skipped, so a simulated blink of
200 ms is seen as 3 frames however slow the machine. A person acting in the scene acts on
`source_time()`, the simulated time of the newest frame."""

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
# Safety bounds only (an analyser that died without frame_taken(None)): at load ~20 on two cores
# one frame's face analysis can take over a second, and the scene must still wait for it.
HOLD_MAX_S = 10.0      # longest wait for the analyser to take a frame
ANALYSER_IDLE_S = 10.0  # no frame_taken() for this long: nobody analyses, the clock runs freely

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
        self._t0 = 0.0           # simulated-clock time at which the current source started
        self._next = 0.0         # wall time the next frame is due
        self._clock = time.monotonic()  # simulated clock: capture time of the next frame
        self._stamp = self._clock       # capture time of the newest frame
        self._rendered_t = 0.0          # source time of the newest frame
        self._taken = 0                 # newest frame the analyser has taken
        self._taken_at = -1e9           # wall time of the analyser's last frame_taken()
        self._taken_cond = threading.Condition(self._lock)
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
            self._source, self._t0 = source, self._clock

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
        with self._lock:
            self._taken = 0  # the new worker numbers its frames from 1 again
        self._start_worker(FrameWorker(self._grab, f"camera-{self.name}", stamp=lambda: self._stamp))

    def frame_taken(self, seq: int | None) -> None:
        """The analyser (the face check) has taken frame `seq`: the next one may be rendered.
        None: it stops analysing (the scene runs freely again)."""
        with self._lock:
            if seq is None:
                self._taken_at = -1e9
            else:
                self._taken = max(self._taken, seq)
                self._taken_at = time.monotonic()
            self._taken_cond.notify_all()

    def source_time(self) -> float:
        """Simulated seconds since set_source() of the newest frame: the time a person in the
        scene lives on (citizen.perform(action, at=camera.source_time() + reaction))."""
        with self._lock:
            return self._rendered_t

    def _wait_for_analyser(self) -> None:
        worker = self._worker
        if worker is None:
            return
        deadline = time.monotonic() + HOLD_MAX_S
        while not worker.stopping and time.monotonic() < deadline:
            newest = worker.latest()
            with self._lock:
                if (newest is None or self._taken >= newest.seq
                        or time.monotonic() - self._taken_at > ANALYSER_IDLE_S):
                    return
                self._taken_cond.wait(0.02)
            worker.keep_alive()  # held for the analyser, not stalled: health stays online

    def _grab(self) -> np.ndarray | None:
        # pace like a camera: a frame every 1/fps, and the read blocks until it is due
        self._next += 1.0 / self.fps
        delay = self._next - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._wait_for_analyser()
        if self._next < time.monotonic():
            self._next = time.monotonic()  # fell behind: do not try to catch up with a burst
        with self._lock:
            fault, source, t0 = self._fault, self._source, self._t0
            if time.monotonic() - self._taken_at > ANALYSER_IDLE_S:
                self._clock = max(self._clock, time.monotonic())  # free-running: keep up with real time
            self._stamp = self._clock
            self._clock += 1.0 / self.fps
            self._rendered_t = t = self._stamp - t0
            if fault == "disconnect":
                return None
            if fault == "frozen" and self._frozen is not None:
                return self._frozen
        frame = source.frame_at(t)
        if frame is None:
            return None
        if fault == "black":
            return np.zeros_like(frame)
        if fault == "frozen":
            with self._lock:
                self._frozen = frame
        return frame
