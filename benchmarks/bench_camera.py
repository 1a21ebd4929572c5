"""Camera path: frames delivered per second at 640×480 and frame age seen by the consumer,
first half vs second half of the run (growing latency would show as a rising age).

Runs (a) the simulator playing a 640×480 video file at 30 fps with a fast consumer, (b) the same
with a slow consumer (80 ms of work per frame, like face detection) — the newest-frame hand-over
must keep the age bounded, and (c) the OpenCV VideoCapture driver on the same file (decode
throughput, the real driver's worker thread).

    uv run python benchmarks/bench_camera.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from devices.camera.driver import CameraDevice, OpenCVCamera
from devices.camera.simulator import SimulatedCamera
from devices.spec import DeviceKind, DeviceSpec


def make_video(path: Path, seconds: int = 4, fps: int = 30) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), float(fps), (640, 480))
    rng = np.random.default_rng(0)
    for i in range(seconds * fps):
        img = rng.integers(0, 40, (480, 640, 3), dtype=np.uint8)
        cv2.circle(img, (320 + int(200 * np.sin(i / 10)), 240), 80, (200, 180, 160), -1)
        writer.write(img)
    writer.release()
    return path


def consume(camera: CameraDevice, seconds: float, work_s: float) -> tuple[float, list[float], list[float]]:
    """Returns fps seen, frame ages (ms) in the first and the second half."""
    seen: set[int] = set()
    ages: list[tuple[float, float]] = []
    started = time.monotonic()
    last_seq = -1
    while (now := time.monotonic()) - started < seconds:
        frame = camera.latest_frame()
        if frame is None or frame.seq == last_seq:
            time.sleep(0.002)
            continue
        last_seq = frame.seq
        seen.add(frame.seq)
        ages.append((now - started, (now - frame.timestamp) * 1000))
        if work_s:
            time.sleep(work_s)
    first = [a for t, a in ages if t < seconds / 2]
    second = [a for t, a in ages if t >= seconds / 2]
    return len(seen) / seconds, first, second


def report(label: str, fps: float, first: list[float], second: list[float]) -> None:
    def stats(v: list[float]) -> str:
        return f"median {statistics.median(v):.1f} ms, p95 {sorted(v)[int(len(v) * 0.95) - 1]:.1f} ms" if v else "n/a"

    print(f"{label}: {fps:.1f} fps consumed; frame age 1st half {stats(first)}; 2nd half {stats(second)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        video = make_video(Path(tmp) / "bench.avi")
        sim = SimulatedCamera(DeviceSpec("cam", DeviceKind.CAMERA, "simulator",
                                         options={"video": str(video), "fps": 30, "width": 640, "height": 480}))
        sim.open()
        try:
            report("simulator 640x480 @30, fast consumer", *consume(sim, args.seconds, 0.0))
            report("simulator 640x480 @30, slow consumer (80 ms/frame)", *consume(sim, args.seconds, 0.08))
        finally:
            sim.shutdown()
        cam = OpenCVCamera(DeviceSpec("cam", DeviceKind.CAMERA, "opencv", port=str(make_video(Path(tmp) / "long.avi", seconds=20))))
        cam.open()
        try:
            first = cam.latest_frame()
            time.sleep(1.0)  # the unpaced file decodes faster than real time: measure a short window
            last = cam.latest_frame()
            if first is None or last is None:
                print("OpenCV VideoCapture driver: the file ended within the window (decoding faster than measured)")
            else:
                rate = (last.seq - first.seq) / (last.timestamp - first.timestamp)
                print(f"OpenCV VideoCapture driver, 640x480 MJPG file: {rate:.0f} frames/s decoded by the worker "
                      f"(unpaced: the ceiling of the capture path on this machine)")
        finally:
            cam.close()


if __name__ == "__main__":
    main()
