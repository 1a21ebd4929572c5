"""How a controller runs blocking work (terminal, gateway, central server) off its owner's thread.

The owner supplies a `Runner`: the Qt shell's `ui.background.Background` (results come back on the
UI thread through a queued signal), or `ThreadRunner` for an owner without an event loop (tests,
tools), which delivers results when the owner calls `pump()`. Either way every callback runs on
the owner's thread, so controllers and the citizen's session need no locks."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

Done = Callable[[Any, BaseException | None], None]


class Runner(Protocol):
    def run(self, call: Callable[[], Any], on_done: Done) -> None: ...


class ThreadRunner:
    """One thread per call; `pump()` hands finished results to their callbacks on the caller's thread."""

    def __init__(self) -> None:
        self._results: queue.Queue[tuple[Done, Any, BaseException | None]] = queue.Queue()
        self._busy = 0
        self._lock = threading.Lock()

    def run(self, call: Callable[[], Any], on_done: Done) -> None:
        with self._lock:
            self._busy += 1

        def work() -> None:
            try:
                result, error = call(), None
            except Exception as exc:  # handed to the owner, which says what to do next
                result, error = None, exc
            self._results.put((on_done, result, error))

        threading.Thread(target=work, name="step-runner", daemon=True).start()

    @property
    def busy(self) -> int:
        """Calls started whose results have not been delivered yet."""
        with self._lock:
            return self._busy

    def pump(self, timeout: float = 0.05) -> bool:
        """Deliver one finished result (waiting up to `timeout`); False when none came."""
        try:
            on_done, result, error = self._results.get(timeout=timeout)
        except queue.Empty:
            return False
        with self._lock:
            self._busy -= 1
        on_done(result, error)
        return True

    def pump_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                return False
            self.pump()
        return True

    def drain(self, timeout: float = 10.0) -> bool:
        """Deliver everything started so far (and whatever those callbacks start)."""
        return self.pump_until(lambda: self.busy == 0, timeout)
