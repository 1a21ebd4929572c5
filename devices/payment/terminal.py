"""The payment terminal the kiosk uses: sale, void, query, sign-in, amounts in integer fen.

A transaction whose outcome is not known (timeout, unreadable answer) is reported as UNKNOWN,
never as an exception or a decline: money may have moved, so the kiosk's payment journal must
query and, if needed, void it."""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from devices.base import Device, SelfTestResult
from devices.payment import mispos as m
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceError, DeviceStatus, online

log = logging.getLogger("devices.payment")

Transport = Callable[[bytes], bytes]  # request record -> response record (blocking)


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
        self.signed_in = False
        self._pending: concurrent.futures.Future[bytes] | None = None  # a vendor call still running

    def _transport(self) -> Transport:
        raise NotImplementedError

    def _run(self, req: m.MisPosRequest) -> PaymentResult:
        if not self._busy.acquire(blocking=False):
            return PaymentResult(Outcome.DECLINED, "busy", "another transaction is in progress")
        if self._pending is not None and not self._pending.done():
            self._busy.release()
            return PaymentResult(Outcome.DECLINED, "busy", "the terminal is still busy with an earlier transaction")
        try:
            record = m.build_request(req, with_lrc=self.check_lrc)
            self._set_status(DeviceStatus(Availability.BUSY))
            future = self._pool.submit(self._transport(), record)
            self._pending = future
            try:
                raw = future.result(timeout=self.timeout_s)
            except concurrent.futures.TimeoutError:
                # the vendor call cannot be interrupted: it finishes in the background
                log.warning("payment terminal: no answer in %.1f s, result unknown", self.timeout_s)
                self._set_status(DeviceStatus(Availability.BUSY, last_error=DeviceError("timeout", "terminal did not answer")))
                return PaymentResult(Outcome.UNKNOWN, "timeout", f"no answer within {self.timeout_s:.1f} s", req.amount_fen)
            except Exception as exc:  # vendor library failure: we do not know what happened
                self._set_status(DeviceStatus(Availability.HARDWARE_ERROR, last_error=DeviceError("terminal_error", "vendor call failed", repr(exc))))
                return PaymentResult(Outcome.UNKNOWN, "terminal_error", "the terminal call failed", req.amount_fen)
            try:
                resp = m.parse_response(raw, check_lrc=self.check_lrc)
            except m.MisPosError as exc:
                self._set_status(online())
                return PaymentResult(Outcome.UNKNOWN, "bad_answer", f"unreadable answer: {exc}", req.amount_fen)
            self._set_status(online(signed_in="yes" if self.signed_in else "no"))
            outcome = Outcome.APPROVED if resp.approved else Outcome.UNKNOWN if resp.result == "98" else Outcome.DECLINED
            log.info("payment %s: %s (%s)", req.trans_type.name.lower(), outcome.value, resp.result)
            if req.trans_type in _COUNTED:
                self.count(_COUNTED[req.trans_type])
            return PaymentResult(outcome, resp.result, resp.result_text, resp.amount_fen, resp.reference,
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

    def sign_in(self) -> PaymentResult:
        result = self._run(self._request(m.TransType.SIGN_IN))
        self.signed_in = result.outcome is Outcome.APPROVED
        return result

    def check_health(self) -> DeviceStatus:
        if self._busy.locked() or (self._pending is not None and not self._pending.done()):
            return self._set_status(DeviceStatus(Availability.BUSY))
        return self.status

    def self_test(self) -> SelfTestResult:
        result = self.sign_in()
        return SelfTestResult(result.outcome is Outcome.APPROVED, [f"sign-in: {result.outcome.value} ({result.code} {result.reason})"])

    def shutdown(self) -> None:
        self.close()
        self._pool.shutdown(wait=False, cancel_futures=True)
