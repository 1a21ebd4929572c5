"""The payment terminal the kiosk uses: sale, void, query, sign-in, amounts in integer fen.

A transaction whose outcome is not known (timeout, unreadable answer, or an approval that does
not answer what was asked: another amount, a blank amount, another transaction's reference) is
reported as UNKNOWN, never as an exception or an approval: money may have moved, so the kiosk's
payment journal must query and, if needed, void it.

Health is asked of the terminal itself with the one status call the vendor API has, sign-in (05):
on open, whenever the last call went wrong, and every ``health_every_s`` while idle (then in the
background, so the manager's health loop never waits seconds for the bank). A terminal
that cannot be driven (library missing, vendor error, no answer, sign-in refused) is OFFLINE, so
the device manager closes it and opens it again (sign-in again) with backoff until it answers."""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from devices.base import Device, SelfTestResult
from devices.payment import mispos as m
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, online

log = logging.getLogger("devices.payment")

Transport = Callable[[bytes], bytes]  # request record -> response record (blocking)


# An APPROVED answer that does not match its request: the outcome is unknown (see answer_mismatch).
MISMATCH = "mismatch"


def answer_mismatch(req: m.MisPosRequest, resp: m.MisPosResponse) -> str:
    """What in an approval does not answer the request we sent ("" when it does). A sale, void or
    refund is approved for the amount it asked; a look-up by reference answers that reference; a
    sale's approval carries a reference (without one it could never be voided). A void's or
    refund's own reference is not compared: terminals may give the void a reference of its own."""
    if req.trans_type in (m.TransType.SALE, m.TransType.VOID, m.TransType.REFUND) and resp.amount_fen != req.amount_fen:
        return "amount"
    if req.trans_type is m.TransType.REPRINT and req.orig_reference and resp.reference != req.orig_reference:
        return "reference"
    if req.trans_type is m.TransType.SALE and not resp.reference:
        return "reference"
    return ""


class Outcome(str, Enum):
    APPROVED = "approved"
    DECLINED = "declined"
    UNKNOWN = "unknown"


# Transactions the technician's counters show, by the name they are shown under.
_COUNTED = {m.TransType.SALE: "payments", m.TransType.VOID: "voids", m.TransType.REFUND: "refunds"}


@dataclass(frozen=True)
class PaymentResult:
    outcome: Outcome
    code: str  # MIS-POS result code, or "timeout" / "bad_answer"
    reason: str
    amount_fen: int = 0
    reference: str = ""
    voucher: str = ""
    card: str = ""  # masked by the terminal
    auth_code: str = ""
    date: str = ""  # MMDD
    time: str = ""  # hhmmss


class PaymentTerminal(Device):
    kind = DeviceKind.PAYMENT_TERMINAL

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.timeout_s = float(opts.get("timeout_s", 90.0))  # the citizen types a PIN: long
        self.pos_no = str(opts.get("pos_no", "00000001"))
        self.operator = str(opts.get("operator", "0001"))
        self.check_lrc = str(opts.get("lrc", "xor")) != "none"
        self._busy = threading.Lock()
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pos-{self.name}")
        # While idle and well, the terminal is asked (sign-in) this often; at once after a failure.
        self.health_every_s = float(opts.get("health_every_s", 60.0))
        # A sign-in goes to the bank through the terminal: seconds, not the PIN's minutes.
        self.health_timeout_s = float(opts.get("health_timeout_s", 10.0))
        self.signed_in = False
        self._pending: concurrent.futures.Future[bytes] | None = None  # a vendor call still running
        self._last_answer = float("-inf")  # monotonic time the terminal last answered a record
        self._probe: threading.Thread | None = None  # a background health sign-in

    def _transport(self) -> Transport:
        raise NotImplementedError

    def _run(self, req: m.MisPosRequest, timeout_s: float | None = None, probe: bool = False) -> PaymentResult:
        """One record to the terminal and its answer. A health ``probe`` does not show the
        terminal busy: nobody is paying, and listeners should not see it flicker."""
        timeout = self.timeout_s if timeout_s is None else timeout_s
        # a health sign-in may hold the terminal for a moment: wait for it rather than refuse
        if not self._busy.acquire(timeout=self.health_timeout_s):
            return PaymentResult(Outcome.DECLINED, "busy", "another transaction is in progress")
        if self._pending is not None and not self._pending.done():
            self._busy.release()
            return PaymentResult(Outcome.DECLINED, "busy", "the terminal is still busy with an earlier transaction")
        try:
            try:
                transport = self._transport()
            except DeviceFailure as failure:  # not open (library missing): nothing was sent
                self._set_status(DeviceStatus(Availability.OFFLINE, last_error=failure.error))
                return PaymentResult(Outcome.DECLINED, "not_connected", failure.error.reason, req.amount_fen)
            record = m.build_request(req, with_lrc=self.check_lrc)
            if not probe:
                self._set_status(DeviceStatus(Availability.BUSY))
            future = self._pool.submit(transport, record)
            self._pending = future
            try:
                raw = future.result(timeout=timeout)
            except concurrent.futures.TimeoutError:
                # the vendor call cannot be interrupted: it finishes in the background, and until
                # it does the terminal cannot be driven
                log.warning("payment terminal: no answer in %.1f s, result unknown", timeout)
                self._set_status(DeviceStatus(Availability.OFFLINE, last_error=DeviceError(
                    "timeout", "terminal did not answer", f"no answer within {timeout:.1f} s")))
                return PaymentResult(Outcome.UNKNOWN, "timeout", f"no answer within {timeout:.1f} s", req.amount_fen)
            except Exception as exc:  # vendor library failure: we do not know what happened
                log.warning("payment terminal: vendor call failed (%s), result unknown", type(exc).__name__)
                self._set_status(DeviceStatus(Availability.OFFLINE, last_error=DeviceError(
                    "terminal_error", "vendor call failed", repr(exc))))
                return PaymentResult(Outcome.UNKNOWN, "terminal_error", "the terminal call failed", req.amount_fen)
            self._last_answer = time.monotonic()
            try:
                resp = m.parse_response(raw, check_lrc=self.check_lrc)
            except m.MisPosError as exc:
                self._set_status(online(signed_in="yes" if self.signed_in else "no"))
                return PaymentResult(Outcome.UNKNOWN, "bad_answer", f"unreadable answer: {exc}", req.amount_fen)
            self._set_status(online(signed_in="yes" if self.signed_in else "no"))
            outcome = Outcome.APPROVED if resp.approved else Outcome.UNKNOWN if resp.result == "98" else Outcome.DECLINED
            code, reason = resp.result, resp.result_text
            differs = answer_mismatch(req, resp) if resp.approved else ""
            if differs:
                # e.g. approved for another amount, or a blank amount (read as 0): money may have
                # moved, but not as asked, so this is never taken as a success
                log.warning("payment %s: approved answer does not match the request (%s): result unknown",
                            req.trans_type.name.lower(), differs)
                outcome, code, reason = Outcome.UNKNOWN, MISMATCH, f"approved answer with another {differs}"
            log.info("payment %s: %s (%s)", req.trans_type.name.lower(), outcome.value, resp.result)
            if req.trans_type in _COUNTED:
                self.count(_COUNTED[req.trans_type])
            return PaymentResult(outcome, code, reason, resp.amount_fen, resp.reference,
                                 resp.voucher, resp.card, resp.auth_code, resp.date, resp.time)
        finally:
            self._busy.release()

    def _request(self, trans_type: m.TransType, amount_fen: int = 0, **orig: str) -> m.MisPosRequest:
        return m.MisPosRequest(trans_type, amount_fen, self.pos_no, self.operator, **orig)

    def sale(self, amount_fen: int) -> PaymentResult:
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
            raise ValueError("amount must be a positive integer number of fen")
        return self._run(self._request(m.TransType.SALE, amount_fen))

    def void(self, reference: str, voucher: str, amount_fen: int) -> PaymentResult:
        return self._run(self._request(m.TransType.VOID, amount_fen, orig_reference=reference, orig_voucher=voucher))

    def refund(self, reference: str, date: str, amount_fen: int) -> PaymentResult:
        """Return a sale from a day already settled (a void is only possible the same day);
        ``date`` is the sale's date, YYYYMMDD."""
        return self._run(self._request(m.TransType.REFUND, amount_fen, orig_reference=reference, orig_date=date))

    def query(self, reference: str, voucher: str = "", date: str = "") -> PaymentResult:
        """Look a transaction up (MIS-POS reprint by reference): APPROVED if it went through."""
        return self._run(self._request(m.TransType.REPRINT, 0, orig_reference=reference, orig_voucher=voucher, orig_date=date))

    def query_last(self) -> PaymentResult:
        """The terminal's last sale (MIS-POS "reprint last": reprint with an empty reference).
        For a sale whose answer was lost (UNKNOWN, no reference): compare amount, date and time,
        and the reference against the ones already known, before taking it as that sale."""
        return self._run(self._request(m.TransType.REPRINT, 0))

    def sign_in(self, timeout_s: float | None = None, probe: bool = False) -> PaymentResult:
        """Sign in (05): also the vendor API's only way to ask whether the terminal can be driven."""
        result = self._run(self._request(m.TransType.SIGN_IN), timeout_s, probe)
        if result.code == "busy":
            return result  # a transaction holds the terminal: it is alive, nothing learned
        self.signed_in = result.outcome is Outcome.APPROVED
        if self.signed_in:
            self._set_status(online(signed_in="yes"))
        elif result.outcome is Outcome.DECLINED and result.code != "not_connected":
            self._set_status(DeviceStatus(Availability.OFFLINE, last_error=DeviceError(
                "sign_in_refused", "the terminal refused to sign in", f"{result.code} {result.reason}")))
        return result

    def _sign_in_or_fail(self) -> None:
        """For open(): a terminal that cannot sign in cannot be used; the manager retries."""
        result = self.sign_in(self.health_timeout_s)
        if result.outcome is not Outcome.APPROVED:
            status = self.status
            raise DeviceFailure(status.last_error if status.last_error is not None else DeviceError(
                "sign_in_refused", "the terminal refused to sign in", f"{result.code} {result.reason}"))

    def check_health(self) -> DeviceStatus:
        if self._busy.locked():
            return self.status  # a transaction (or a sign-in) is under way and sets the status
        if self._pending is not None and not self._pending.done():
            return self._set_status(DeviceStatus(Availability.OFFLINE, last_error=DeviceError(
                "timeout", "terminal did not answer", "an earlier call has not returned")))
        if self.status.availability is not Availability.ONLINE:
            self.sign_in(self.health_timeout_s, probe=True)  # really ask; its answer sets the status
        elif time.monotonic() - self._last_answer >= self.health_every_s and not (
                self._probe is not None and self._probe.is_alive()):
            # A well terminal is asked in the background: a sign-in goes to the bank and takes
            # seconds, which the manager's health loop must not wait for; a failed answer sets
            # the status, which the next poll sees.
            self._probe = threading.Thread(target=self.sign_in, args=(self.health_timeout_s, True),
                                           name=f"pos-health-{self.name}", daemon=True)
            self._probe.start()
        return self.status

    def self_test(self) -> SelfTestResult:
        result = self.sign_in()
        return SelfTestResult(result.outcome is Outcome.APPROVED, [f"sign-in: {result.outcome.value} ({result.code} {result.reason})"])

    def shutdown(self) -> None:
        self.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
