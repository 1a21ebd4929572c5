"""The face check at the centre, as the kiosk sees it: the time from "send the live encodings" to
the verdict (the centre decodes and encodes the register photo each time, no jitter, no cache),
and the time to open a session. A real server in a subprocess (server.launcher), a real signed
client over loopback. The kiosk's own local decision (3 live encodings + fuse) is in
benchmarks/face.md; this adds the centre's part.

Run: uv run python benchmarks/bench_identify_centre.py [rounds]   (results: benchmarks/identify_centre.md)"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import face_recognition

from devices.spec import DEMO_DIR
from kiosk.sync.client import ServerClient
from server.launcher import start_local_server

RESIDENT = "110105199003071239"  # demo population; register photo faces/id_resident/2.jpg


def live_encoding() -> list[float]:
    img = cv2.imread(str(DEMO_DIR / "faces" / "id_resident" / "1.jpg"), cv2.IMREAD_COLOR)
    rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    box = face_recognition.face_locations(rgb, 1, "hog")[0]
    return [float(v) for v in face_recognition.face_encodings(rgb, [box], 1, "small")[0]]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(rounds: int = 20) -> None:
    live = [live_encoding()] * 3  # what the kiosk sends: its best 3 frames' encodings
    with tempfile.TemporaryDirectory() as tmp, start_local_server(Path(tmp), "bench-kiosk") as server:
        client = ServerClient(server.url, server.kiosk_id, server.secret)
        opens: list[float] = []
        verifies: list[float] = []
        results: set[str] = set()
        # warm-up: the server process loads dlib's models on its first comparison
        token = client.open_identify_session(RESIDENT, "card")["session"]  # type: ignore[index]
        client.verify_identity(token, live)
        for _ in range(rounds):
            t0 = time.perf_counter()
            opened = client.open_identify_session(RESIDENT, "card")
            opens.append(time.perf_counter() - t0)
            assert opened is not None
            t0 = time.perf_counter()
            answer = client.verify_identity(opened["session"], live)
            verifies.append(time.perf_counter() - t0)
            results.add(answer["result"])
        client.close()
    print(f"rounds: {rounds} (session opens count against the 20-per-600-s kiosk limit: keep rounds <= 19)")
    print(f"open session  p50 {statistics.median(opens) * 1000:.0f} ms  p95 {pct(opens, 0.95) * 1000:.0f} ms")
    print(f"verify (centre) p50 {statistics.median(verifies) * 1000:.0f} ms  p95 {pct(verifies, 0.95) * 1000:.0f} ms"
          f"  max {max(verifies) * 1000:.0f} ms")
    print(f"results seen: {sorted(results)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 18)
