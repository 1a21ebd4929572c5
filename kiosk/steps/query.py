"""The query step without Qt: ask the centre (case progress, lost property, traffic violations)
while the citizen waits; the answer is kept in the session for the result step.

"Nothing found" is an answer (the result step words it); the centre unreachable offers a retry;
answers that do not fit the service's rules send the citizen back to change them. An answer that
arrives after the citizen left is dropped. The worker gets its own copy of the answers: the
session may be wiped meanwhile."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from kiosk.queries import QUERY_SERVICES, Bilingual, QueryInputError, QueryResult
from kiosk.steps.runner import Runner
from kiosk.sync.client import ServerClient
from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.steps.query")


class QueryPhase(str, enum.Enum):
    SEARCHING = "searching"
    FOUND = "found"              # the answer (maybe "nothing found") is in the session: next step
    CHECK_ANSWERS = "check_answers"  # the centre refused the answers: `message` says why
    UNAVAILABLE = "unavailable"  # the centre cannot be reached (or no such service here): retry
    LEFT = "left"


@dataclass(frozen=True)
class QueryView:
    phase: QueryPhase
    message: Bilingual | None = None  # CHECK_ANSWERS: the centre's own words, zh and en
    can_retry: bool = False


class QueryController:
    def __init__(self, flow: Workflow, server: Callable[[], ServerClient | None], runner: Runner,
                 changed: Callable[[], None] = lambda: None) -> None:
        self.flow = flow
        self._server = server
        self._runner = runner
        self._changed = changed
        self._phase = QueryPhase.SEARCHING
        self._view = QueryView(QueryPhase.SEARCHING)
        self._call = 0

    @property
    def phase(self) -> QueryPhase:
        return self._phase

    def view(self) -> QueryView:
        return self._view

    def start(self) -> None:
        """Ask (again). Ignored while asking or once answered."""
        if self._phase not in (QueryPhase.SEARCHING, QueryPhase.UNAVAILABLE) or (
                self._phase is QueryPhase.SEARCHING and self._call):
            return
        client = self._server()
        service = QUERY_SERVICES.get(self.flow.step.service or "")
        if client is None or service is None:
            self._go(QueryPhase.UNAVAILABLE, can_retry=True)
            return
        session = replace(self.flow.session, answers=dict(self.flow.session.answers))
        self._go(QueryPhase.SEARCHING)
        self._call += 1
        call = self._call
        self._runner.run(lambda: service(client, session), lambda result, error: self._answered(call, result, error))

    def retry(self) -> None:
        if self._phase is QueryPhase.UNAVAILABLE:
            self.start()

    def leave(self) -> None:
        self._call += 1  # answers still on their way are dropped
        self._go(QueryPhase.LEFT)

    def _go(self, phase: QueryPhase, **view: object) -> None:
        if phase is not self._phase:
            log.info("query: %s -> %s", self._phase.value, phase.value)
        self._phase = phase
        self._view = QueryView(phase, **view)  # type: ignore[arg-type]
        self._changed()

    def _answered(self, call: int, result: object, error: BaseException | None) -> None:
        if call != self._call or self._phase is not QueryPhase.SEARCHING:
            return
        if isinstance(error, QueryInputError):
            self._go(QueryPhase.CHECK_ANSWERS, message=error.message)
            return
        if error is not None or not isinstance(result, QueryResult):
            log.info("query: the centre did not answer (%s)", type(error).__name__ if error else "no result")
            self._go(QueryPhase.UNAVAILABLE, can_retry=True)
            return
        self.flow.session.query_results[:] = [result]
        self._go(QueryPhase.FOUND)
