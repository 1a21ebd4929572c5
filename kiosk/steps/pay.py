"""The pay step without Qt: the amount and why (exemptions), then bank card, payment code or a QR
code — only the ways that work right now. The citizen always learns what happened to their money.

One `PayController` per visit to the step. Blocking payment calls run through the owner's
`Runner`; their results come back on the owner's thread. Money rules (docs/payments.md):
- one payment at a time for one case: a choice is taken only while the ways to pay are offered;
- a payment that went through is written to the session (`session.payments`, `fees_settled`)
  here and nowhere else;
- the citizen leaves (timeout, Home, session end) while money moves or after it moved but before
  the case took it over (`proceed()`): a QR order is closed, money taken is given back at once.
  A payment whose outcome arrives after the citizen left is settled the same way.
- what the fee is for is checked first where the centre can check it (`fee_check`, e.g. the
  temporary plate's VIN: kiosk.issuing.fee_check_for): a refusal is said with where and why, and
  no way to pay is offered, so nobody is charged for a document the centre then refuses."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kiosk.appointments import beijing_today
from kiosk.fees import Quote, quote
from kiosk.issuing import CHECK_MESSAGES, Bilingual, FeeCheck
from kiosk.issuing import Phase as IssuePhase
from kiosk.payments import service as pay
from kiosk.payments.codes import classify_code
from kiosk.payments.journal import Entry, Method, State
from kiosk.steps.runner import Runner
from kiosk.workflow import Workflow

log = logging.getLogger("kiosk.steps.pay")


class PayPhase(str, enum.Enum):
    CHECKING = "checking"          # the centre checks what the fee is for (no way to pay yet)
    REFUSED = "refused"            # the centre refused it: where and why, nothing charged
    CHECK_FAILED = "check_failed"  # the check could not be made: nothing charged; try again
    NOTHING_DUE = "nothing_due"    # free, or paid already: Next
    CHOOSE = "choose"              # the ways to pay that work now (none: pay at the counter)
    CARD = "card"                  # the terminal has the sale: insert or tap, PIN there
    CODE_WAIT = "code_wait"        # show the payment code to the scanner (or choose another way)
    CODE_PAYING = "code_paying"    # the gateway has the code; the phone may ask for a password
    QR_PREPARING = "qr_preparing"
    QR_SHOWN = "qr_shown"          # the citizen pays on the phone; polled by `tick()`
    QR_CLOSING = "qr_closing"      # the citizen stopped, or the code timed out
    PAID = "paid"                  # paid: the case is saved next
    LEFT = "left"                  # the citizen left: money that moved is being given back


# Money is moving: no idle timeout and no way back until the outcome is known.
HOLDING = frozenset({PayPhase.CARD, PayPhase.CODE_PAYING, PayPhase.QR_PREPARING, PayPhase.QR_SHOWN,
                     PayPhase.QR_CLOSING, PayPhase.PAID})


class Notice(str, enum.Enum):
    """What the citizen is told about the last attempt (the screen words each)."""

    NOT_A_PAYMENT_CODE = "not_a_payment_code"
    QR_FAILED = "qr_failed"            # the QR code could not be made; nothing charged
    ERROR = "error"                    # the orchestration failed; the journal settles it
    NOT_CHARGED = "not_charged"        # did not go through (no answer, expired); nothing charged
    DECLINED = "declined"              # declined; nothing charged
    STOPPED = "stopped"                # the citizen stopped; nothing charged
    UNAVAILABLE = "unavailable"        # this way cannot be used now; nothing charged
    REFUNDED = "refunded"              # taken and given back, by `refund_by`
    UNCONFIRMED = "unconfirmed"        # not known: returned by `refund_by` if taken; reference given


def notice_for(result: pay.PayResult) -> Notice:
    """The words for a payment that did not go through, from its outcome."""
    if result.outcome == pay.DECLINED:
        return Notice.NOT_CHARGED if result.reason in ("not_charged", "expired") else Notice.DECLINED
    return {pay.CANCELLED: Notice.STOPPED, pay.UNAVAILABLE: Notice.UNAVAILABLE,
            pay.REFUNDED: Notice.REFUNDED}.get(result.outcome, Notice.UNCONFIRMED)


@dataclass(frozen=True)
class PayView:
    phase: PayPhase
    quote: Quote
    methods: tuple[str, ...] = ()          # "card" / "code" / "qr", offered in CHOOSE
    notice: Notice | None = None
    amount_fen: int = 0                    # of the payment the notice or PAID is about
    method: Method | None = None           # of that payment
    refund_by: date | None = None
    order_id: str = ""                     # a reference staff can look up (UNCONFIRMED)
    qr_text: str = ""                      # what the QR code on screen encodes
    qr_seconds_left: int = 0
    check_message: Bilingual | None = None  # REFUSED / CHECK_FAILED: why and where, zh/en
    total_fen: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_fen", self.quote.total_fen)

    @property
    def holding(self) -> bool:
        return self.phase in HOLDING

    @property
    def can_cancel(self) -> bool:
        """"Choose another way" is offered."""
        return self.phase in (PayPhase.CODE_WAIT, PayPhase.QR_SHOWN)

    @property
    def can_proceed(self) -> bool:
        return self.phase is PayPhase.NOTHING_DUE

    @property
    def can_check_again(self) -> bool:
        return self.phase is PayPhase.CHECK_FAILED


class PayController:
    def __init__(self, flow: Workflow, payments: pay.Payments | None, methods: Callable[[], Sequence[str]],
                 runner: Runner, student_holidays: Sequence[tuple[str, str]] = (), qr_wait_s: float = 120,
                 today: Callable[[], date] = beijing_today, changed: Callable[[], None] = lambda: None,
                 fee_check: Callable[[], FeeCheck] | None = None) -> None:
        self.flow = flow
        self._payments = payments
        self._methods = methods
        self._runner = runner
        self._qr_wait_s = qr_wait_s
        self._changed = changed  # the owner re-renders
        self.quote = quote(flow.items, flow.session, today(), student_holidays)
        self._phase = PayPhase.CHOOSE
        self._view = PayView(PayPhase.CHOOSE, self.quote)
        self._entry: Entry | None = None  # the payment under way (or paid, until handed over)
        self._polling = False
        self._handed_over = False
        self._fee_check = fee_check
        due = self.quote.total_fen
        if due == 0 or self._standing_fen() >= due:
            flow.fees_settled = True
            self._go(PayPhase.NOTHING_DUE)
        elif fee_check is not None:
            self._check()
        else:
            self._offer()

    # -- what the screen reads -------------------------------------------------------------------------
    @property
    def phase(self) -> PayPhase:
        return self._phase

    def view(self) -> PayView:
        return self._view

    # -- commands ---------------------------------------------------------------------------------------
    def choose(self, method: str) -> None:
        """A tap on a way to pay. Ignored unless the ways are offered (a double tap never pays twice)."""
        if self._phase is not PayPhase.CHOOSE or method not in self._view.methods:
            return
        if method == "code":
            self._go(PayPhase.CODE_WAIT)
            return
        entry = self._new_entry(Method.CARD if method == "card" else Method.QR)
        if entry is None:
            return
        payments = self._payments
        assert payments is not None
        if method == "card":
            self._go(PayPhase.CARD)
            self._start(lambda: payments.pay_card(entry), self._finished)
        else:
            self._go(PayPhase.QR_PREPARING)
            description = self._description()
            self._start(lambda: payments.start_qr(entry, description), self._qr_ready)

    def scanned(self, text: str) -> None:
        """A code under the scanner. Only a payment code, only while waiting for one."""
        if self._phase is not PayPhase.CODE_WAIT:
            return
        code = classify_code(text)
        if not code.kind.is_payment:
            self._go(PayPhase.CODE_WAIT, notice=Notice.NOT_A_PAYMENT_CODE)
            return
        entry = self._new_entry(Method.CODE)
        if entry is None:
            return
        payments = self._payments
        assert payments is not None
        secret, description = code.text, self._description()  # single use; never stored, never logged
        self._go(PayPhase.CODE_PAYING)
        self._start(lambda: payments.pay_code(entry, secret, description), self._finished)

    def cancel(self) -> None:
        """"Choose another way": stop waiting for a code, or close the QR order."""
        if self._phase is PayPhase.CODE_WAIT:
            self._offer()
        elif self._phase is PayPhase.QR_SHOWN and self._entry is not None:
            self._close_qr()

    def tick(self, seconds: float) -> None:
        """The owner's timer, every `timings.qr_poll_s` while the QR code shows: count down, look
        at the order (paid?), close it when the time is up."""
        if self._phase is not PayPhase.QR_SHOWN or self._entry is None or self._payments is None:
            return
        left = self._view.qr_seconds_left - max(1, int(seconds))
        if left <= 0:
            self._close_qr()
            return
        self._go(PayPhase.QR_SHOWN, qr_text=self._view.qr_text, qr_seconds_left=left)
        if self._polling:
            return
        self._polling = True
        payments, entry = self._payments, self._entry
        self._start(lambda: payments.poll_qr(entry), self._polled)

    def check_again(self) -> None:
        """"Try again" after the check could not be made."""
        if self._phase is PayPhase.CHECK_FAILED:
            self._check()

    def proceed(self) -> bool:
        """The case takes over what was paid (the next step saves it). True when the step is done."""
        if self._phase not in (PayPhase.NOTHING_DUE, PayPhase.PAID):
            return False
        self._handed_over = True
        return True

    def leave(self) -> None:
        """The citizen left the step (timeout, Home, session end). Money that moved for a case that
        will not be saved is given back; a QR order is closed."""
        if self._phase is PayPhase.LEFT:
            return
        phase, entry = self._phase, self._entry
        self._go(PayPhase.LEFT)
        if entry is None or self._payments is None:
            return
        if phase is PayPhase.PAID and not self._handed_over:
            self._forget_payment(entry)
            self._give_back(entry)
        elif phase is PayPhase.QR_SHOWN:
            payments = self._payments
            self._runner.run(lambda: payments.cancel_qr(entry), lambda *_: None)
        # CARD, CODE_PAYING, QR_PREPARING, QR_CLOSING: the outcome arrives in `_finished` / `_qr_ready`,
        # which give the money back then.

    # -- inside -----------------------------------------------------------------------------------------
    def _go(self, phase: PayPhase, **view: object) -> None:
        """The one transition function: every change of phase is logged (codes only, no personal data)."""
        if phase is not self._phase:
            log.info("pay: %s -> %s", self._phase.value, phase.value)
        self._phase = phase
        self._view = PayView(phase, self.quote, **view)  # type: ignore[arg-type]
        self._changed()

    def _check(self) -> None:
        check = self._fee_check
        assert check is not None
        self._go(PayPhase.CHECKING)
        self._start(check, self._checked)

    def _checked(self, answer: object, error: BaseException | None) -> None:
        if self._phase is not PayPhase.CHECKING:
            return  # the citizen left meanwhile
        if isinstance(answer, FeeCheck) and answer.ok:
            self._offer()
        elif isinstance(answer, FeeCheck) and not answer.can_retry:
            self._go(PayPhase.REFUSED, check_message=answer.message)
        else:
            if error is not None:
                log.warning("pay: the check before the fee failed (%s)", type(error).__name__)
            message = answer.message if isinstance(answer, FeeCheck) else None
            self._go(PayPhase.CHECK_FAILED, check_message=message or CHECK_MESSAGES[IssuePhase.CENTRE_UNAVAILABLE])

    def _offer(self, notice: Notice | None = None, result: pay.PayResult | None = None) -> None:
        self._entry = None
        methods = tuple(self._methods()) if self._payments is not None else ()
        details: dict[str, object] = {}
        if result is not None:
            details = {"amount_fen": result.entry.amount_fen, "method": result.entry.method,
                       "refund_by": result.refund_by, "order_id": result.entry.order_id}
        self._go(PayPhase.CHOOSE, methods=methods, notice=notice, **details)

    def _standing_fen(self) -> int:
        """What this session paid that still stands (given-back money does not count)."""
        payments = self._payments
        total = 0
        for p in self.flow.session.payments:
            if payments is not None:
                state = payments.journal.get(str(p["order_id"])).state
                if state not in (State.PAID, State.SETTLED):
                    continue
            total += int(p["amount_fen"])
        return total

    def _new_entry(self, method: Method) -> Entry | None:
        if self._payments is None or self._entry is not None:
            return None  # never two payments at once for one case
        self._entry = self._payments.journal.create(self.flow.session.id, method, self.quote.total_fen)
        return self._entry

    def _description(self) -> str:
        return "、".join(item.name.zh for item in self.flow.items)[:200]

    def _start(self, call: Callable[[], object], done: Callable[[object, BaseException | None], None]) -> None:
        self._runner.run(call, done)

    def _qr_ready(self, answer: object, error: BaseException | None) -> None:
        entry, text = answer if isinstance(answer, tuple) else (self._entry, "")
        if self._phase is PayPhase.LEFT:
            if isinstance(entry, Entry):
                self._give_back(entry)
            return
        if error is not None or not text or not isinstance(entry, Entry):
            self._offer(Notice.QR_FAILED)
            return
        self._entry = entry
        self._go(PayPhase.QR_SHOWN, qr_text=str(text), qr_seconds_left=int(self._qr_wait_s))

    def _polled(self, entry: object, error: BaseException | None) -> None:
        self._polling = False
        if not isinstance(entry, Entry):
            return
        if self._phase is PayPhase.LEFT:
            self._give_back(entry)
            return
        if self._phase is not PayPhase.QR_SHOWN:
            return  # closing: `cancel_qr` answers
        self._entry = entry
        if entry.state in (State.PAID, State.FAILED):
            assert self._payments is not None
            self._finished(self._payments.result_of(entry), None)

    def _close_qr(self) -> None:
        payments, entry = self._payments, self._entry
        assert payments is not None and entry is not None
        self._go(PayPhase.QR_CLOSING)
        self._start(lambda: payments.cancel_qr(entry), self._finished)

    def _finished(self, result: object, error: BaseException | None) -> None:
        entry = result.entry if isinstance(result, pay.PayResult) else self._entry
        if self._phase is PayPhase.LEFT:
            if entry is not None:
                self._give_back(entry)
            return
        if error is not None or not isinstance(result, pay.PayResult):
            # An exception inside the orchestration: the journal holds the truth; the reconciler
            # settles it (money taken is given back). Say what we know.
            log.warning("pay: payment call failed (%s)", type(error).__name__ if error else "no result")
            self._offer(Notice.ERROR)
            return
        if result.outcome == pay.PAID:
            e = result.entry
            self._entry = e
            fines = [line.violation for line in self.quote.lines if line.violation]
            self.flow.session.payments.append({"order_id": e.order_id, "method": e.method.value,
                                               "amount_fen": e.amount_fen, "reference": e.reference,
                                               "voucher": e.voucher, "card": e.card, "violations": fines})
            self.flow.fees_settled = True
            self._go(PayPhase.PAID, amount_fen=e.amount_fen, method=e.method)
            return
        self._offer(notice_for(result), result)

    def _forget_payment(self, entry: Entry) -> None:
        """Money given back is no payment of this session: a later service in it pays afresh."""
        self.flow.session.payments[:] = [p for p in self.flow.session.payments if p.get("order_id") != entry.order_id]
        self.flow.fees_settled = False

    def _give_back(self, entry: Entry) -> None:
        """Nobody will take this case now: close the order / give the money back, in the background."""
        payments = self._payments
        if payments is None:
            return
        if entry.method is Method.QR and entry.state is State.USER_PAYING:
            log.info("pay: closing order %s, the citizen left", entry.order_id)
            self._runner.run(lambda: payments.cancel_qr(entry), lambda *_: None)
        elif entry.state is State.PAID:
            log.info("pay: giving back %s, the citizen left", entry.order_id)
            self._runner.run(lambda: payments.refund(entry), lambda *_: None)
