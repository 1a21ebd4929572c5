"""The submit step without Qt: the case is stored durably; the citizen sees the outcome, never a
half-state.

Money rule: a case that paid but could not be saved gives the money back at once, and offers no
retry that could charge again (a retry would need a new payment). The same when the citizen leaves
the step before the case was saved. Refunds run through the owner's `Runner`; their outcomes come
back as `Refund` values the screen words (amount, by when, a reference when not yet confirmed)."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kiosk.payments import service as pay
from kiosk.payments.journal import Entry
from kiosk.steps.runner import Runner
from kiosk.workflow import SubmitError, Workflow

log = logging.getLogger("kiosk.steps.submit")


class SubmitPhase(str, enum.Enum):
    SAVING = "saving"          # shown first; `commit()` runs once the screen is up
    SAVED = "saved"            # the case numbers are in the session: next step
    FAILED = "failed"          # not saved; `error` says why; retry offered when it could help
    REFUNDING = "refunding"    # not saved after paying: the money is going back
    REFUNDED = "refunded"      # `refunds` says what happened to each payment
    LEFT = "left"


@dataclass(frozen=True)
class Refund:
    amount_fen: int
    returned: bool             # True: given back; False: under way (reference for staff)
    refund_by: date | None
    order_id: str


@dataclass(frozen=True)
class SubmitView:
    phase: SubmitPhase
    error: str | None = None           # SubmitError code: "store_full", "no_store", …
    paid: bool = False                 # money was taken for this case
    can_retry: bool = False
    refunds: tuple[Refund, ...] = ()
    refund_failed: bool = False        # the refund call itself failed: "will be returned, ask staff"

    @property
    def holding(self) -> bool:
        """Money is moving back: the idle timer waits for the outcome."""
        return self.phase is SubmitPhase.REFUNDING


class SubmitController:
    def __init__(self, flow: Workflow, payments: pay.Payments | None, runner: Runner,
                 changed: Callable[[], None] = lambda: None) -> None:
        self.flow = flow
        self._payments = payments
        self._runner = runner
        self._changed = changed
        self._phase = SubmitPhase.SAVING
        self._view = SubmitView(SubmitPhase.SAVING)
        self._refund_started = False

    @property
    def phase(self) -> SubmitPhase:
        return self._phase

    def view(self) -> SubmitView:
        return self._view

    # -- commands ---------------------------------------------------------------------------------------
    def commit(self) -> None:
        """Save the case (idempotent: a saved case is not saved twice)."""
        if self._phase is not SubmitPhase.SAVING and not (self._phase is SubmitPhase.FAILED and self._view.can_retry):
            return
        try:
            self.flow.commit()
        except SubmitError as exc:
            session = self.flow.session
            paid = bool(session.payments)
            if paid and self._payments is not None:
                # Paid, but no case: the money goes back at once; no retry that could charge again.
                self._go(SubmitPhase.REFUNDING, error=exc.code, paid=True)
                self._refund()
                return
            self._go(SubmitPhase.FAILED, error=exc.code, paid=paid,
                     can_retry=exc.code not in ("store_full", "no_store"))
            return
        self._go(SubmitPhase.SAVED)

    def retry(self) -> None:
        self.commit()

    def leave(self) -> None:
        """The citizen left before the case was saved: money paid for it goes back."""
        if self._phase is SubmitPhase.LEFT:
            return
        phase = self._phase
        self._go(SubmitPhase.LEFT)
        if phase in (SubmitPhase.SAVING, SubmitPhase.FAILED) and not self.flow.session.case_numbers:
            self._refund()

    # -- inside -----------------------------------------------------------------------------------------
    def _go(self, phase: SubmitPhase, **view: object) -> None:
        if phase is not self._phase:
            log.info("submit: %s -> %s", self._phase.value, phase.value)
        self._phase = phase
        self._view = SubmitView(phase, **view)  # type: ignore[arg-type]
        self._changed()

    def _refund(self) -> None:
        payments = self._payments
        paid = list(self.flow.session.payments)
        if payments is None or not paid or self._refund_started:
            return
        self._refund_started = True
        log.info("submit: returning %d payment(s), the case was not saved", len(paid))

        def give_back() -> list[Entry]:
            return [payments.refund(payments.journal.get(str(p["order_id"]))) for p in paid]

        self._runner.run(give_back, self._refunded)

    def _refunded(self, entries: object, error: BaseException | None) -> None:
        if self._phase is not SubmitPhase.REFUNDING:
            return  # the citizen left meanwhile; the journal holds the outcome
        payments = self._payments
        assert payments is not None
        refunds = []
        for entry in entries if isinstance(entries, list) else []:
            result = payments.result_of(entry)
            refunds.append(Refund(entry.amount_fen, result.outcome == pay.REFUNDED, result.refund_by, entry.order_id))
        self._go(SubmitPhase.REFUNDED, error=self._view.error, paid=True, refunds=tuple(refunds),
                 refund_failed=error is not None or not refunds)
