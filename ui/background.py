"""Run a blocking call (network, printer) off the UI thread and get its result back on it.

The UI must never freeze: a citizen who taps and sees nothing taps again, or walks away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    # Lives in the UI thread; emitting from the worker thread queues the call to the UI thread.
    done = Signal(object, object)  # result, exception


class _Job(QRunnable):
    def __init__(self, call: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.call = call
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.call()
        except Exception as exc:  # handed to the UI, which says what to do next
            self.relay.done.emit(None, exc)
        else:
            self.relay.done.emit(result, None)


class Background(QObject):
    """One per shell. `run(call, on_done)`; `on_done(result, error)` runs on the UI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    def run(self, call: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None]) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def finished(result: Any, error: BaseException | None) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            on_done(result, error)

        relay.done.connect(finished)
        self.pool.start(_Job(call, relay))

    def wait(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)
