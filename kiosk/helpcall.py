"""After "call staff": did someone in the hall take the call? The kiosk asks the centre about its
own call (GET /api/v1/help-calls/{id}, docs/protocol.md) every POLL_S until staff acknowledge it
in the console, close it, or GIVE_UP_S passes; on acknowledgement the citizen is told that staff
are on their way (ui/shell.py). Qt-free: the listener runs on the watch's own thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from kiosk.sync.errors import ApiError, SyncError

log = logging.getLogger("kiosk.helpcall")

POLL_S = 2.0  # a citizen standing at the kiosk: a couple of seconds is "at once"
GIVE_UP_S = 300.0  # after five minutes the citizen has been helped, or left


class CallState(Enum):
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"  # staff pressed 认领 in the console: someone is coming
    CLOSED = "closed"  # staff marked it done (without acknowledging first)
    GAVE_UP = "gave_up"  # no answer in time, the call is unknown, or a newer call replaced it


ALLOWED: dict[CallState, set[CallState]] = {
    CallState.SENT: {CallState.ACKNOWLEDGED, CallState.CLOSED, CallState.GAVE_UP},
    CallState.ACKNOWLEDGED: set(),
    CallState.CLOSED: set(),
    CallState.GAVE_UP: set(),
}


class HelpCallWatch:
    """One help call, watched on a daemon thread. ``fetch(call_id)`` is the server's answer
    (kiosk.sync.client.ServerClient.help_call_state)."""

    def __init__(self, call_id: str, fetch: Callable[[str], dict[str, Any]],
                 on_acknowledged: Callable[[], None], poll_s: float = POLL_S, give_up_s: float = GIVE_UP_S) -> None:
        self.call_id = call_id
        self.fetch = fetch
        self.on_acknowledged = on_acknowledged
        self.poll_s = poll_s
        self.give_up_s = give_up_s
        self.state = CallState.SENT
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def move(self, new: CallState, reason: str) -> bool:
        """The one transition: logged, and refused (False) when the call is already settled."""
        with self._lock:
            old = self.state
            if new not in ALLOWED[old]:
                log.debug("help call %s: %s → %s refused (%s)", self.call_id, old.value, new.value, reason)
                return False
            self.state = new
        log.info("help call %s: %s → %s (%s)", self.call_id, old.value, new.value, reason)
        return True

    def poll_once(self) -> CallState:
        try:
            answer = self.fetch(self.call_id)
        except ApiError as exc:
            if exc.status == 404:
                self.move(CallState.GAVE_UP, "the centre does not know the call")
            else:
                log.warning("help call %s: the centre answered %s", self.call_id, exc.status)
            return self.state
        except SyncError as exc:
            log.info("help call %s: centre not reachable now (%s)", self.call_id, type(exc).__name__)
            return self.state
        if answer.get("acknowledged_at"):
            if self.move(CallState.ACKNOWLEDGED, "staff acknowledged it in the console"):
                self.on_acknowledged()
        elif answer.get("closed_at"):
            self.move(CallState.CLOSED, "staff closed it")
        return self.state

    def run(self) -> None:
        deadline = time.monotonic() + self.give_up_s
        while self.state is CallState.SENT and not self._stop.wait(self.poll_s):
            if self.poll_once() is not CallState.SENT:
                return
            if time.monotonic() > deadline:
                self.move(CallState.GAVE_UP, f"no answer within {self.give_up_s:.0f} s")

    def start(self) -> HelpCallWatch:
        self._thread = threading.Thread(target=self.run, name="help-call-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self, reason: str) -> None:
        self.move(CallState.GAVE_UP, reason)
        self._stop.set()
