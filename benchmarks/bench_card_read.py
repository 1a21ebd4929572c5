"""ID card read round-trip over a pseudo-terminal at 115200 baud vs the wire time of the answer.

The SAM simulator paces its output at the baud rate (10 bit times per byte, 8N1), as a real
module's UART would; the real SerialCardReader driver reads it. The 1 295-byte base-message
answer needs 1295 × 10 / 115200 = 112.4 ms on the wire. Not modelled: the card's own RF
read time inside a real module (add it from the vendor's datasheet).

    uv run python benchmarks/bench_card_read.py [--reads 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

from devices.card_reader import protocol as p
from devices.card_reader.simulator import SimulatedCardReader
from devices.spec import DEMO_DIR, DeviceKind, DeviceSpec

BAUD = 115200
ANSWER_BYTES = 1295


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reads", type=int, default=30)
    args = parser.parse_args()
    wire_ms = ANSWER_BYTES * 10 / BAUD * 1000
    reader = SimulatedCardReader(DeviceSpec("bench", DeviceKind.CARD_READER, "simulator",
                                            options={"identities": str(DEMO_DIR / "identities.json"), "baudrate": BAUD}))
    reader.open()
    read_base_ms: list[float] = []
    whole_ms: list[float] = []
    try:
        for i in range(args.reads + 2):
            reader.remove_card()
            reader.present_card("resident")
            started = time.perf_counter()
            record = reader.read_card()
            elapsed = (time.perf_counter() - started) * 1000
            assert record is not None
            if i >= 2:  # warm-up
                whole_ms.append(elapsed)
                read_base_ms.append(reader.last_round_trip_s * 1000)
        request = p.build_request(p.READ_BASE)
    finally:
        reader.shutdown()
    med = statistics.median(read_base_ms)
    p95 = sorted(read_base_ms)[int(len(read_base_ms) * 0.95) - 1]
    print(f"reads: {len(read_base_ms)} at {BAUD} baud over a pty")
    print(f"wire time of the {ANSWER_BYTES}-byte answer: {wire_ms:.1f} ms (+ {len(request)}-byte request: "
          f"{len(request) * 10 / BAUD * 1000:.1f} ms)")
    print(f"read-base round trip: median {med:.1f} ms, p95 {p95:.1f} ms, max {max(read_base_ms):.1f} ms "
          f"-> {100 * (med / wire_ms - 1):+.1f} % vs wire time (target within 20 %)")
    print(f"whole read (find + select + read base + parse + photo): median {statistics.median(whole_ms):.1f} ms")


if __name__ == "__main__":
    main()
