"""The centre's check of an application, on the review screen, before the citizen signs, pays or
submits (issue #17: what a counter used to check on originals the centre now checks in its
registers: server/centre_checks.py).

An item names its check on its review step (`service = "residence_permit"`, …). The review screen
starts this controller: while it asks, and when the centre says no, there is nothing to sign and
no way on: the citizen reads where to go and why (zh, en), or goes back to correct a typed
answer. A centre that cannot be reached is said honestly with "try again": nothing was submitted.

Qt-free: one phase enum, one logged transition function (`_to`), a frozen `view()`; the blocking
request goes through the owner's `Runner`."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.catalog import StepKind
from kiosk.issuing import Bilingual
from kiosk.messages import fill, translate
from kiosk.steps.runner import Runner
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import ApiError, SyncError
from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.steps.centre_check")

# the answers each check needs besides the face-matched ID number (everything else stays here)
CHECK_ANSWERS: dict[str, tuple[str, ...]] = {
    "residence_permit": ("residence_basis",),
    "temporary_id_card": (),
    "security_guard": (),
    "birth_registration": ("birth_certificate_number", "child_birth_date", "register_with"),
    "hotel_licence": ("credit_code",),
}


class CheckPhase(str, enum.Enum):
    CHECKING = "checking"
    PASSED = "passed"
    REFUSED = "refused"  # the centre said no: where and why
    UNREACHABLE = "unreachable"  # not linked or no answer: try again
    UNVERIFIED = "unverified"  # no face-matched ID number: the centre cannot be asked for this person


MESSAGES: dict[CheckPhase, Bilingual] = {
    CheckPhase.CHECKING: translate("CentreCheck", "The centre is checking your details, please wait…"),
    CheckPhase.UNREACHABLE: translate("CentreCheck", "The centre cannot be reached to check your details; "
                                                     "nothing has been submitted. Please try again, or go to "
                                                     "the counter."),
    CheckPhase.UNVERIFIED: translate("CentreCheck", "Your identity was not verified here, so the centre "
                                                    "cannot check your details; nothing was submitted. Please "
                                                    "go to the counter."),
    CheckPhase.REFUSED: translate("CentreCheck", "The centre's check did not pass; nothing was submitted. "
                                                 "Please go to the counter."),
}
REFUSED_WHERE: Bilingual = translate("CentreCheck", "{why} Please go to {where}. Nothing was submitted.")
NOT_REGISTERED: Bilingual = translate("CentreCheck", "No household registration was found for you, so this "
                                                     "cannot be done here; nothing was submitted. Please go "
                                                     "to the police station where you are registered.")
BAD_ANSWER: Bilingual = translate("CentreCheck", "The centre cannot use what you entered (e.g. the credit "
                                                 "code's check character is wrong); please go back and "
                                                 "correct it.")


def checks_of(flow: Workflow) -> list[str]:
    """The centre checks this case's items name on their review steps, in item order."""
    return [s.service for item in flow.items for s in item.workflow
            if s.kind is StepKind.REVIEW and s.service in CHECK_ANSWERS]


@dataclass(frozen=True)
class CheckView:
    phase: CheckPhase
    message: Bilingual

    @property
    def can_confirm(self) -> bool:
        return self.phase is CheckPhase.PASSED

    @property
    def can_retry(self) -> bool:
        return self.phase is CheckPhase.UNREACHABLE


class CentreCheckController:
    def __init__(self, flow: Workflow, server: Callable[[], ServerClient | None], runner: Runner,
                 changed: Callable[[], None] = lambda: None) -> None:
        self.flow = flow
        self._server = server  # asked on every try: a link that comes back makes "try again" work
        self._runner = runner
        self._changed = changed
        self._services = checks_of(flow)
        self._phase = CheckPhase.CHECKING
        self._message: Bilingual = MESSAGES[CheckPhase.CHECKING]
        self._left = False
        self._start()

    @property
    def phase(self) -> CheckPhase:
        return self._phase

    def view(self) -> CheckView:
        return CheckView(self._phase, self._message)

    # -- commands ---------------------------------------------------------------------------------
    def retry(self) -> None:
        if self._phase is CheckPhase.UNREACHABLE:
            self._to(CheckPhase.CHECKING, MESSAGES[CheckPhase.CHECKING], "try again")
            self._start()

    def leave(self) -> None:
        """The citizen left the review: a late answer is dropped."""
        self._left = True

    # -- inside -----------------------------------------------------------------------------------
    def _to(self, phase: CheckPhase, message: Bilingual, why: str = "") -> None:
        """The one transition function (service names and outcomes only: no personal data)."""
        log.info("centre check %s: %s -> %s%s", "+".join(self._services) or "-", self._phase.value, phase.value,
                 f" ({why})" if why else "")
        self._phase, self._message = phase, message
        self._changed()

    def _start(self) -> None:
        session = self.flow.session
        id_number = session.verified_id_number
        if id_number is None:
            self._to(CheckPhase.UNVERIFIED, MESSAGES[CheckPhase.UNVERIFIED])
            return
        client = self._server()
        if client is None:
            self._to(CheckPhase.UNREACHABLE, MESSAGES[CheckPhase.UNREACHABLE], "not linked")
            return
        answers = dict(session.answers)
        services = list(self._services)

        def ask() -> tuple[CheckPhase, Bilingual, str]:
            for service in services:
                body = {"id_number": id_number, **{k: answers.get(k, "") for k in CHECK_ANSWERS[service]}}
                try:
                    client.request("POST", f"/api/v1/applications/{service}/check",
                                   endpoint=f"applications/{service}/check", json_body=body)
                except ApiError as exc:
                    return _refusal(exc)
            return CheckPhase.PASSED, dict.fromkeys(("zh", "en"), ""), ""

        self._runner.run(ask, self._answered)

    def _answered(self, answer: object, error: BaseException | None) -> None:
        if self._left or self._phase is not CheckPhase.CHECKING:
            return
        if isinstance(answer, tuple):
            phase, message, why = answer
            self._to(phase, message, why)
        else:  # SyncError (network, timeout, 5xx) or anything unexpected: never "passed"
            name = type(error).__name__ if error is not None else "no answer"
            if error is not None and not isinstance(error, SyncError):
                log.error("centre check failed unexpectedly: %s", name)
            self._to(CheckPhase.UNREACHABLE, MESSAGES[CheckPhase.UNREACHABLE], name)


def _refusal(exc: ApiError) -> tuple[CheckPhase, Bilingual, str]:
    if exc.error == "counter":
        where, why = exc.body.get("where"), exc.body.get("why")
        if isinstance(where, list) and isinstance(why, list) and len(where) == len(why) == 2 \
                and all(isinstance(t, str) and t for t in (*where, *why)):
            return CheckPhase.REFUSED, fill(REFUSED_WHERE, why={"zh": why[0], "en": why[1]},
                                            where={"zh": where[0], "en": where[1]}), "counter"
        return CheckPhase.REFUSED, MESSAGES[CheckPhase.REFUSED], "counter without where"
    if exc.error == "not_registered":
        return CheckPhase.REFUSED, NOT_REGISTERED, exc.error
    if exc.error == "invalid":
        return CheckPhase.REFUSED, BAD_ANSWER, exc.error
    return CheckPhase.UNREACHABLE, MESSAGES[CheckPhase.UNREACHABLE], exc.error
