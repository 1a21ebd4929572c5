"""Simulated MIS-POS terminal: a bank that keeps a ledger, answering real fixed-width records.

Scripts (option "script", or set_script / set_fault): approve, decline, timeout (no answer, no
charge), unknown_result (charged, answer lost), insufficient_funds. The script is consumed one
entry per transaction; its last entry repeats. Control API: set_script(list), set_fault(name),
clear_fault(), ledger()."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devices.payment import mispos as m
from devices.payment.terminal import PaymentTerminal, Transport
from devices.spec import DeviceSpec
from devices.status import Availability, DeviceError, DeviceFailure, DeviceStatus, online

SCRIPTS = {
    "approve": "the bank approves",
    "decline": "the bank declines (do not honour)",
    "insufficient_funds": "declined: insufficient funds",
    "timeout": "the terminal never answers (nothing charged)",
    "unknown_result": "charged, but the answer is lost on the way back",
}
FAULTS = {**SCRIPTS, "offline": "the terminal is switched off"}


@dataclass
class LedgerEntry:
    reference: str
    voucher: str
    amount_fen: int
    date: str
    voided: bool = False


class SimulatedBank:
    def __init__(self, script: list[str], hang_s: float) -> None:
        self._lock = threading.Lock()
        self._script = list(script) or ["approve"]
        self._ledger: dict[str, LedgerEntry] = {}
        self._counter = 0
        self.hang_s = hang_s
        self.offline = False

    def set_script(self, script: list[str]) -> None:
        for name in script:
            if name not in SCRIPTS:
                raise ValueError(f"unknown payment script {name!r}; known: {', '.join(SCRIPTS)}")
        with self._lock:
            self._script = list(script) or ["approve"]

    def _next_script(self) -> str:
        with self._lock:
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def ledger(self) -> list[LedgerEntry]:
        with self._lock:
            return list(self._ledger.values())

    def __call__(self, record: bytes) -> bytes:
        req = m.parse_request(record)
        now = datetime.now()
        base = dict(merchant_id="898110000000001", terminal_id="SIM00001", batch="000001",
                    date=now.strftime("%m%d"), time=now.strftime("%H%M%S"), settle_date=now.strftime("%m%d"))
        if req.trans_type is m.TransType.SIGN_IN:
            return m.build_response(m.MisPosResponse("00", message="签到成功", **base))
        if req.trans_type is m.TransType.REPRINT:
            with self._lock:
                entry = self._ledger.get(req.orig_reference)
            if entry is None:
                return m.build_response(m.MisPosResponse("25", message="原交易不存在", **base))
            code = "00" if not entry.voided else "12"
            return m.build_response(m.MisPosResponse(code, card="622202******1234", voucher=entry.voucher,
                                                     amount_fen=entry.amount_fen, reference=entry.reference,
                                                     message="已撤销" if entry.voided else "交易成功", **base))
        if req.trans_type is m.TransType.VOID:
            with self._lock:
                entry = self._ledger.get(req.orig_reference)
                if entry is None or entry.voided or entry.amount_fen != req.amount_fen:
                    return m.build_response(m.MisPosResponse("25", message="原交易不存在", **base))
                entry.voided = True
            return m.build_response(m.MisPosResponse("00", amount_fen=req.amount_fen, reference=entry.reference,
                                                     voucher=entry.voucher, message="撤销成功", **base))
        if req.trans_type is not m.TransType.SALE:
            return m.build_response(m.MisPosResponse("40", message="不支持的交易", **base))
        script = self._next_script()
        if script == "timeout":
            time.sleep(self.hang_s)
            return b""
        if script in ("decline", "insufficient_funds"):
            code = "05" if script == "decline" else "51"
            return m.build_response(m.MisPosResponse(code, card="622202******1234", amount_fen=req.amount_fen,
                                                     message="交易失败" if code == "05" else "余额不足", **base))
        with self._lock:
            self._counter += 1
            ref = now.strftime("%H%M%S") + f"{self._counter:06d}"
            entry = LedgerEntry(ref, f"{self._counter:06d}", req.amount_fen, now.strftime("%Y%m%d"))
            self._ledger[ref] = entry
        answer = m.build_response(m.MisPosResponse("00", card="622202******1234", voucher=entry.voucher,
                                                   amount_fen=req.amount_fen, reference=ref, auth_code="123456",
                                                   message="交易成功", **base))
        if script == "unknown_result":
            return answer[:40]  # the line dropped: a truncated, unreadable answer
        return answer


class SimulatedPaymentTerminal(PaymentTerminal):
    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        script = opts.get("script", ["approve"])
        self.bank = SimulatedBank([script] if isinstance(script, str) else list(script),
                                  hang_s=float(opts.get("hang_s", self.timeout_s + 1.0)))
        self.bank.set_script(self.bank._script)

    def open(self) -> None:
        if self.bank.offline:
            raise DeviceFailure(DeviceError("no_device", "simulated terminal is switched off"))
        self._set_status(online(signed_in="yes" if self.signed_in else "no"))

    def close(self) -> None:
        pass

    def check_health(self) -> DeviceStatus:
        if self.bank.offline:
            return self._set_status(DeviceStatus(Availability.OFFLINE, last_error=DeviceError("not_connected", "terminal switched off")))
        status = super().check_health()
        if status.availability is Availability.BUSY:
            return status
        return self._set_status(online(signed_in="yes" if self.signed_in else "no"))

    def _transport(self) -> Transport:
        return self.bank

    # control API
    def set_script(self, script: list[str]) -> None:
        self.bank.set_script(script)

    def set_fault(self, name: str) -> None:
        if name == "offline":
            self.bank.offline = True
        elif name in SCRIPTS:
            self.bank.set_script([name])
        else:
            raise ValueError(f"unknown payment fault {name!r}; known: {', '.join(FAULTS)}")

    def clear_fault(self) -> None:
        self.bank.offline = False
        self.bank.set_script(["approve"])

    def ledger(self) -> list[LedgerEntry]:
        return self.bank.ledger()
