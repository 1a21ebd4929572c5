"""Payment orchestration: bank card on the terminal, the citizen's payment code through the
gateway (WeChat micropay semantics), or a QR code the kiosk shows and polls.

Every call here blocks (devices, network): the UI runs them through its background pool. Each
device or gateway call is preceded by a durable journal state (journal.py), so a crash at any
point is resumed at start-up by :meth:`Payments.recover`. Rules (devices.md §3):

* decline → nothing charged, the citizen may try another way;
* no answer / system error → query with backoff (~30 s); still unknown → reverse;
* user paying (password on the phone) → query every ~10 s up to ~30 s, then reverse;
* money taken but the case cannot be committed, or the citizen is gone → void / reverse at once;
* a reversal that fails stays ``reversing`` and is retried until it succeeds (then manual review).
"""

from __future__ import annotations

import functools
from collections import Counter
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from devices.payment.mispos import VOID_AFTER_SETTLEMENT
from kiosk.payments.journal import Entry, Method, PaymentJournal, State
from kiosk.receipts import add_working_days
from kiosk.sync.errors import ApiError, SyncError

log = logging.getLogger("kiosk.payments")

# The journal reason of a card sale whose approval did not answer what was asked (another or a
# blank amount): the bank's transaction is found by query and returned, never taken as paid.
MISMATCH = "mismatch"


@dataclass(frozen=True)
class Timings:
    """Seconds. Defaults follow the WeChat micropay guidance; tests shorten them."""

    first_query_s: float = 5.0  # after a system error, wait before the first query
    user_paying_every_s: float = 10.0  # the citizen is typing the password on the phone
    user_paying_limit_s: float = 30.0
    unknown_limit_s: float = 30.0  # query with backoff this long, then reverse
    qr_poll_s: float = 2.0
    qr_wait_s: float = 120.0  # the QR code is shown this long
    reverse_tries: int = 3  # inline; afterwards the reconciler keeps trying
    reverse_max_attempts: int = 20  # then a technician alert and manual review
    refund_days_card: int = 7  # working days a void takes to reach the cardholder (said on screen)
    refund_days_wallet: int = 1


class Outcome(str):
    """What the citizen is told; one of the constants below."""


PAID = "paid"
DECLINED = "declined"  # nothing charged
CANCELLED = "cancelled"  # nothing charged, the citizen stopped
REFUNDED = "refunded"  # money was taken and has been returned
REFUND_PENDING = "refund_pending"  # money was taken; returning it is under way (retried)
MANUAL_REVIEW = "manual_review"  # we could not find out; staff check it, money returned if taken
UNAVAILABLE = "unavailable"  # the method cannot be used right now; nothing charged


@dataclass(frozen=True)
class PayResult:
    outcome: str
    entry: Entry
    reason: str = ""  # a code for the screen (and the log); never personal
    refund_by: date | None = None


F = TypeVar("F", bound=Callable[..., Any])


def _owning(method: F) -> F:
    """While ``method`` works on an entry, :meth:`Payments.recover` (the every-minute reconciler)
    leaves that entry alone: a sale still waiting for the card holder's PIN is not "left half-way"."""

    @functools.wraps(method)
    def wrapper(self: Payments, entry: Entry, *args: Any, **kwargs: Any) -> Any:
        with self._working_lock:
            self._working[entry.order_id] += 1
        try:
            return method(self, entry, *args, **kwargs)
        finally:
            with self._working_lock:
                self._working[entry.order_id] -= 1
                if self._working[entry.order_id] <= 0:
                    del self._working[entry.order_id]

    return wrapper  # type: ignore[return-value]


class Payments:
    def __init__(self, journal: PaymentJournal, terminal: Callable[[], object | None],
                 client: Callable[[], object | None], timings: Timings | None = None,
                 alert: Callable[[str, str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, today: Callable[[], date] = date.today) -> None:
        self.journal = journal
        self._terminal = terminal
        self._client = client
        self.timings = timings or Timings()
        self._alert = alert
        self._sleep = sleep
        self._today = today
        self._stop = threading.Event()
        self._refund_lock = threading.RLock()
        self._working: Counter[str] = Counter()  # order ids being worked on (nested calls counted)
        self._working_lock = threading.Lock()

    # -- helpers -------------------------------------------------------------------------------
    def _wait(self, seconds: float) -> bool:
        """Sleep unless the kiosk is shutting down (then False)."""
        if seconds > 0:
            self._sleep(seconds)
        return not self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()

    def refund_by(self, entry: Entry) -> date:
        days = self.timings.refund_days_card if entry.method is Method.CARD else self.timings.refund_days_wallet
        return add_working_days(self._today(), days)

    def result_of(self, entry: Entry, reason: str = "") -> PayResult:
        state = entry.state
        if state in (State.PAID, State.SETTLED):
            return PayResult(PAID, entry)
        if state is State.REVERSED:
            charged = entry.reference != "" or entry.reason not in ("not_charged", "never_sent")
            return PayResult(REFUNDED if charged else CANCELLED, entry, reason or entry.reason,
                             self.refund_by(entry) if charged else None)
        if state is State.REVERSING:
            return PayResult(REFUND_PENDING, entry, reason or entry.reason, self.refund_by(entry))
        if state is State.MANUAL_REVIEW:
            return PayResult(MANUAL_REVIEW, entry, reason or entry.reason, self.refund_by(entry))
        if state is State.FAILED:
            outcome = CANCELLED if entry.reason == "cancelled" else UNAVAILABLE if entry.reason.startswith("no_") else DECLINED
            return PayResult(outcome, entry, reason or entry.reason)
        return PayResult(REFUND_PENDING, entry, reason or entry.reason, self.refund_by(entry))

    # -- bank card -----------------------------------------------------------------------------
    @_owning
    def pay_card(self, entry: Entry) -> PayResult:
        terminal = self._terminal()
        if terminal is None:
            return self.result_of(self.journal.move(entry, State.FAILED, reason="no_terminal"))
        before = terminal.query("")  # type: ignore[attr-defined]  # the last transaction before ours
        if before.code == "not_connected":  # no terminal to drive (e.g. its library is missing)
            return self.result_of(self.journal.move(entry, State.FAILED, reason="no_terminal"))
        previous = before.reference if before.outcome.value == "approved" else ""
        entry = self.journal.move(entry, State.SUBMITTED, previous=previous)
        result = terminal.sale(entry.amount_fen)  # type: ignore[attr-defined]
        # "approved" only when the answer is for our amount and has a reference (the terminal
        # checks, devices/payment/terminal.py); an approval that does not match comes back
        # UNKNOWN with code "mismatch" and goes the unknown → query → void way below.
        approved = result.outcome.value == "approved"
        if approved and result.amount_fen == entry.amount_fen and result.reference:
            return self.result_of(self.journal.move(entry, State.PAID, reference=result.reference,
                                                  voucher=result.voucher, card=result.card))
        if result.outcome.value == "declined" and result.code != "busy":
            return self.result_of(self.journal.move(entry, State.FAILED, reason=f"declined_{result.code}"))
        reason = MISMATCH if approved or result.code == MISMATCH else result.code or "no_answer"
        entry = self.journal.move(entry, State.UNKNOWN, reason=reason)
        return self.result_of(self._settle_unknown(entry))

    def _card_lookup(self, entry: Entry) -> Entry | None:
        """Ask the terminal for its last transaction: ours if it is new and of our amount."""
        terminal = self._terminal()
        if terminal is None:
            return None
        last = terminal.query("")  # type: ignore[attr-defined]
        if last.outcome.value == "approved":
            if not last.reference or last.reference == entry.previous:
                return self.journal.move(entry, State.FAILED, reason="not_charged")
            if last.amount_fen == entry.amount_fen and entry.reason != MISMATCH:
                return self.journal.move(entry, State.PAID, reference=last.reference, voucher=last.voucher,
                                         card=last.card)
            # A new sale, but its approval did not match what we asked, or it is for another
            # amount: whatever the bank took must not stand. Never PAID: give it back.
            return self.journal.move(entry, State.REVERSING, reason=MISMATCH, reference=last.reference,
                                     voucher=last.voucher, card=last.card)
        if last.outcome.value == "declined" and last.code == "25" and not entry.previous:
            return self.journal.move(entry, State.FAILED, reason="not_charged")  # no transaction at all
        if last.outcome.value == "declined" and last.code == "12":  # it was ours and is already voided
            return self.journal.move(entry, State.REVERSING, reference=last.reference)
        return None  # busy or no answer: ask again later

    # -- the citizen's payment code (scanned) ----------------------------------------------------
    @_owning
    def pay_code(self, entry: Entry, auth_code: str, description: str) -> PayResult:
        client = self._client()
        if client is None:
            return self.result_of(self.journal.move(entry, State.FAILED, reason="no_server"))
        entry = self.journal.move(entry, State.SUBMITTED)
        try:
            answer = client.pay_code_charge(entry.order_id, auth_code, entry.amount_fen, description)  # type: ignore[attr-defined]
        except ApiError as exc:
            return self.result_of(self.journal.move(entry, State.FAILED, reason=_code(exc)))
        except SyncError:
            entry = self.journal.move(entry, State.UNKNOWN, reason="no_answer")
            return self.result_of(self._settle_unknown(entry, first_wait=self.timings.first_query_s))
        result = str(answer.get("result", ""))
        if result == "paid":
            return self.result_of(self.journal.move(entry, State.PAID, reference=str(answer.get("transaction_id") or "")))
        if result == "failed":
            return self.result_of(self.journal.move(entry, State.FAILED, reason=_short(answer.get("reason", "declined"))))
        if result == "user_paying":
            entry = self.journal.move(entry, State.USER_PAYING)
            return self.result_of(self._settle_unknown(entry, first_wait=self.timings.user_paying_every_s))
        entry = self.journal.move(entry, State.UNKNOWN, reason="system_error")
        return self.result_of(self._settle_unknown(entry, first_wait=self.timings.first_query_s))

    def _gateway(self, call: Callable[[Any], dict[str, Any]]) -> dict[str, Any] | ApiError | None:
        """One gateway call: its answer, its definite refusal, or None (no server, no answer)."""
        client = self._client()
        if client is None:
            return None
        try:
            return call(client)
        except ApiError as exc:
            return exc
        except SyncError:
            return None

    def _code_lookup(self, entry: Entry) -> Entry | None:
        status = self._gateway(lambda c: c.pay_code_status(entry.order_id))
        if isinstance(status, ApiError) and status.status == 404:
            # The charge never arrived: reverse, so a late one is refused.
            return self.journal.move(entry, State.REVERSING, reason="not_charged")
        if not isinstance(status, dict):
            return None
        state = str(status.get("status", ""))
        if state == "paid":
            return self.journal.move(entry, State.PAID, reference=str(status.get("transaction_id") or ""))
        if state == "failed":
            return self.journal.move(entry, State.FAILED, reason="declined")
        if state == "reversed":
            return self.journal.move(entry, State.REVERSING)
        return None  # still user paying

    # -- QR shown by the kiosk --------------------------------------------------------------------
    @_owning
    def start_qr(self, entry: Entry, description: str) -> tuple[Entry, str]:
        """Create the gateway order; the QR text to show, or "" (entry failed) when unavailable."""
        client = self._client()
        if client is None:
            return self.journal.move(entry, State.FAILED, reason="no_server"), ""
        entry = self.journal.move(entry, State.SUBMITTED)
        try:
            answer = client.pay_qr_create(entry.order_id, entry.amount_fen, description)  # type: ignore[attr-defined]
        except ApiError as exc:
            return self.journal.move(entry, State.FAILED, reason=_code(exc)), ""
        except SyncError:
            # The order may exist at the gateway: find out (and close it) before saying no.
            entry = self.journal.move(entry, State.UNKNOWN, reason="no_answer")
            return self._close_qr(entry), ""
        return self.journal.move(entry, State.USER_PAYING), str(answer["qr_text"])

    @_owning
    def poll_qr(self, entry: Entry) -> Entry:
        """One look at the order: paid, failed (expired) or unchanged."""
        return self._qr_lookup(entry, close=False) or entry

    @_owning
    def cancel_qr(self, entry: Entry) -> PayResult:
        """The citizen stopped, or the QR code timed out: close the order; refund if it was paid."""
        entry = self.journal.get(entry.order_id)
        if entry.state in (State.SUBMITTED, State.USER_PAYING, State.UNKNOWN):
            entry = self._close_qr(entry)
        if entry.state is State.PAID:
            entry = self.refund(self.journal.move(entry, State.REVERSING, reason="cancelled_after_paying"))
        elif entry.state not in (State.FAILED, State.REVERSED, State.REVERSING, State.MANUAL_REVIEW):
            entry = self._settle_unknown(entry)
        return self.result_of(entry)

    def _close_qr(self, entry: Entry) -> Entry:
        status = self._gateway(lambda c: c.pay_qr_cancel(entry.order_id))
        if isinstance(status, ApiError) and status.status == 404:
            return self.journal.move(entry, State.FAILED, reason="cancelled")
        if isinstance(status, ApiError) and status.status == 409:  # already paid
            return self._qr_lookup(entry, close=False) or entry
        if not isinstance(status, dict):
            return entry
        if status.get("status") in ("cancelled", "expired"):
            return self.journal.move(entry, State.FAILED, reason="cancelled")
        return self._qr_lookup(entry, close=False) or entry

    def _qr_lookup(self, entry: Entry, close: bool = True) -> Entry | None:
        status = self._gateway(lambda c: c.pay_qr_status(entry.order_id))
        if isinstance(status, ApiError) and status.status == 404:
            return self.journal.move(entry, State.FAILED, reason="cancelled")
        if not isinstance(status, dict):
            return None
        state = str(status.get("status", ""))
        if state == "paid":
            return self.journal.move(entry, State.PAID, reference=str(status.get("transaction_id") or ""))
        if state in ("expired", "cancelled"):
            return self.journal.move(entry, State.FAILED, reason="cancelled" if state == "cancelled" else "expired")
        if state == "refunded":
            return self.journal.move(entry, State.REVERSING)
        if state == "pending" and close:
            return self._close_qr(entry) if entry.state is not State.USER_PAYING else None
        return None

    # -- unknown outcomes ---------------------------------------------------------------------------
    def _lookup(self, entry: Entry) -> Entry | None:
        if entry.method is Method.CARD:
            return self._card_lookup(entry)
        if entry.method is Method.CODE:
            return self._code_lookup(entry)
        return self._qr_lookup(entry)

    def _settle_unknown(self, entry: Entry, first_wait: float = 0.0) -> Entry:
        """Query with backoff until the outcome is known; reverse if it stays unknown."""
        t = self.timings
        limit = t.user_paying_limit_s if entry.state is State.USER_PAYING else t.unknown_limit_s
        waited, delay = 0.0, first_wait
        while True:
            if not self._wait(delay):
                return entry  # shutting down: start-up resumes it
            waited += delay
            found = self._lookup(entry)
            if found is not None:
                entry = found
                break
            if waited >= limit:
                entry = self.journal.move(entry, State.REVERSING, reason="still_unknown")
                break
            delay = t.user_paying_every_s if entry.state is State.USER_PAYING else min(max(delay * 2, 1.0), 10.0)
            delay = min(delay, max(limit - waited, 0.1))
        if entry.state is State.REVERSING:
            entry = self.refund(entry)
        return entry

    # -- giving money back ----------------------------------------------------------------------------
    @_owning
    def refund(self, entry: Entry) -> Entry:
        """Void / reverse / refund a payment that must not stand. Retries a few times inline;
        afterwards the entry stays ``reversing`` for :meth:`recover` / the reconciler."""
        with self._refund_lock:  # the screen and the reconciler may both try: one at a time
            return self._refund(self.journal.get(entry.order_id))

    def _refund(self, entry: Entry) -> Entry:
        if entry.state not in (State.PAID, State.REVERSING):
            return entry  # already returned, never charged, or settled with its case
        if entry.state is State.PAID:
            entry = self.journal.move(entry, State.REVERSING, reason=entry.reason or "no_case")
        delay = 1.0
        for attempt in range(self.timings.reverse_tries):
            done = self._reverse_once(entry)
            entry = self.journal.get(entry.order_id)
            if done or entry.state is not State.REVERSING:
                return entry
            entry = self.journal.move(entry, State.REVERSING, attempts=entry.attempts + 1)
            if entry.attempts >= self.timings.reverse_max_attempts:
                if self._alert is not None:
                    self._alert("payment_manual_review",
                                f"payment {entry.order_id} ({entry.method.value}, {entry.amount_fen} fen) could not be"
                                " returned automatically: check it with the bank / gateway")
                return self.journal.move(entry, State.MANUAL_REVIEW, reason="reverse_failed")
            if attempt + 1 < self.timings.reverse_tries and not self._wait(delay):
                break
            delay *= 2
        return entry

    def _reverse_once(self, entry: Entry) -> bool:
        if entry.method is Method.CARD:
            terminal = self._terminal()
            if terminal is None:
                return False
            if not entry.reference:  # we never learned which transaction: only staff can find it
                entry = self._card_lookup(entry) or entry
                if entry.state is State.FAILED:
                    return True
                if not entry.reference:
                    return False
                if entry.state is State.PAID:
                    entry = self.journal.move(entry, State.REVERSING)
            amount = entry.amount_fen
            if entry.reason == MISMATCH:  # the bank may hold another amount than we asked: void that one
                held = terminal.query(entry.reference)  # type: ignore[attr-defined]
                if held.outcome.value == "approved" and held.reference == entry.reference:
                    amount = held.amount_fen
            result = terminal.void(entry.reference, entry.voucher, amount)  # type: ignore[attr-defined]
            if result.code == VOID_AFTER_SETTLEMENT:  # the bank settled that day (the kiosk was off overnight)
                looked = terminal.query(entry.reference)  # type: ignore[attr-defined]
                # the date of the sale we asked about, not of an answer for another transaction
                day = (sale_date(looked.date, entry.created_at)
                       if looked.outcome.value == "approved" and looked.date.strip() else "")
                result = terminal.refund(entry.reference, day, amount)  # type: ignore[attr-defined]
            if result.outcome.value == "approved":
                self.journal.move(entry, State.REVERSED)
                return True
            if result.code == "25":  # the terminal has no such open sale: already voided?
                looked = terminal.query(entry.reference)  # type: ignore[attr-defined]
                if looked.outcome.value == "declined" and looked.code == "12":
                    self.journal.move(entry, State.REVERSED)
                    return True
            return False
        client = self._client()
        if client is None:
            return False
        try:
            if entry.method is Method.CODE:
                client.pay_code_reverse(entry.order_id)  # type: ignore[attr-defined]
            else:
                client.pay_qr_refund(entry.order_id)  # type: ignore[attr-defined]
        except ApiError as exc:
            if entry.method is Method.QR and exc.status == 409:  # not paid: close the order instead
                closed = self._close_qr(entry)
                if closed.state is State.REVERSING:
                    self.journal.move(closed, State.FAILED, reason="not_charged")
                return self.journal.get(entry.order_id).state is not State.REVERSING
            log.warning("payment %s: reverse refused (%s)", entry.order_id, _code(exc))
            return False
        except SyncError as exc:
            log.warning("payment %s: reverse failed (%s)", entry.order_id, type(exc).__name__)
            return False
        self.journal.move(entry, State.REVERSED)
        return True

    # -- start-up ---------------------------------------------------------------------------------------
    def recover(self, active_sessions: frozenset[str] = frozenset()) -> list[PayResult]:
        """Finish every payment a crash (or a citizen who left) left half-way: the session that
        made it is gone, so money taken is given back. Returns what happened to each, for the
        notice shown on screen."""
        results = []
        for entry in self.journal.in_flight():
            with self._working_lock:
                busy = entry.order_id in self._working
            if entry.session_id in active_sessions or busy:
                continue
            log.info("recovering payment %s left %s", entry.order_id, entry.state.value)
            if entry.state is State.CREATED:
                entry = self.journal.move(entry, State.FAILED, reason="never_sent")
            elif entry.state in (State.SUBMITTED, State.USER_PAYING, State.UNKNOWN):
                if entry.state is State.SUBMITTED:
                    entry = self.journal.move(entry, State.UNKNOWN, reason="interrupted")
                found = self._lookup(entry)
                if found is None and entry.method is Method.QR:
                    found = self._close_qr(entry)
                    found = None if found.state is entry.state else found
                if found is None:
                    entry = self._settle_unknown(entry, first_wait=0.0)
                else:
                    entry = found
            if entry.state is State.PAID or entry.state is State.REVERSING:
                entry = self.refund(entry)
            results.append(self.result_of(entry))
        return results


def sale_date(mmdd: str, created_at: str) -> str:
    """The sale's YYYYMMDD from the terminal's MMDD and the journal's timestamp: the year is the
    one that puts the two closest (a sale on 1 January may be journalled on 31 December UTC)."""
    made = date.fromisoformat(created_at[:10])
    candidates = []
    for year in (made.year - 1, made.year, made.year + 1):
        try:
            candidates.append(date(year, int(mmdd[:2]), int(mmdd[2:4])))
        except ValueError:  # 29 February in a year without it
            continue
    return min(candidates, key=lambda d: abs((d - made).days)).strftime("%Y%m%d")


def _code(exc: ApiError) -> str:
    return _short(getattr(exc, "error", "") or f"http_{getattr(exc, 'status', '')}")


def _short(text: object) -> str:
    return "".join(c for c in str(text) if c.isalnum() or c in "_-")[:40] or "declined"
