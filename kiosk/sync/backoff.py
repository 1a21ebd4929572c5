"""Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
Jitter", 2015): sleep = uniform(0, min(cap, base · 2^attempt)). Full jitter spreads a fleet of
kiosks that lost the server at the same moment, so they do not all come back in step."""

from __future__ import annotations

import random


class Backoff:
    def __init__(self, base_s: float = 1.0, cap_s: float = 300.0, rng: random.Random | None = None) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.failures = 0
        self._rng = rng or random.Random()

    def ceiling(self, failures: int) -> float:
        # min() before the power would overflow after ~1000 failures (days offline at the cap).
        return min(self.cap_s, self.base_s * 2 ** min(failures, 62))

    def next_delay(self) -> float:
        """Record one more failure and return how long to wait before the next try."""
        delay = self._rng.uniform(0.0, self.ceiling(self.failures))
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0
