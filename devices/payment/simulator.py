"""Simulated MIS-POS terminal: a bank that keeps a ledger, answering real fixed-width records.

Scripts (option "script", or set_script / set_fault): approve, decline, timeout (no answer, no
charge), unknown_result (charged, answer lost), insufficient_funds, void_fails (approved, but the
next VOID answers 96 system malfunction), blank_amount (charged as asked, the approval's amount
field blank), other_amount (ten times the amount charged and approved). The script is consumed one entry per sale; its last
entry repeats. Control API: set_script(list), set_fault(name, count=None), clear_fault(), ledger(),
settle() (the day's sales become yesterday's: a VOID is then refused with 12 and a REFUND (02)
with the original reference, date and amount returns the money).

Void faults are counted separately from the sale script: set_fault("void_fails", count=n) makes
the next n VOIDs answer 96 (count=None: every VOID until clear_fault); the script entry
"void_fails" approves its sale and makes the next VOID fail once.

REPRINT (04) with a reference finds that transaction; with an empty reference it answers the last
sale ("reprint last"), which is how a kiosk that never got the answer (unknown_result) finds the
charge. The reprint answer carries the original transaction's date (MMDD) and time.

Option "ledger_path": the ledger, the counter and the last sale are loaded from that JSON file
and saved to it atomically (temp file, fsync, rename, fsync of the folder) after every change,
so a kiosk killed with SIGKILL and restarted sees the same bank: a real bank outlives the kiosk.

Fault "offline": the terminal is switched off; every call fails as a vendor library's does when
its terminal does not answer, and open() finds no terminal."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from devices.payment import mispos as m
from devices.payment.terminal import PaymentTerminal, Transport
from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure

SCRIPTS = {
    "approve": "the bank approves",
    "decline": "the bank declines (do not honour)",
    "insufficient_funds": "declined: insufficient funds",
    "timeout": "the terminal never answers (nothing charged)",
    "unknown_result": "charged, but the answer is lost on the way back",
    "void_fails": "approved, but the next void answers 96 (system malfunction)",
    "blank_amount": "charged as asked, but the approval's amount field is blank",
    "other_amount": "charged ten times the amount asked (a slipped decimal point), and approved for it",
}
FAULTS = {**SCRIPTS, "offline": "the terminal is switched off"}
VOID_FAILS_FOREVER = -1
VOID_FAIL_CODE = "96"


@dataclass
class LedgerEntry:
    reference: str
    voucher: str
    amount_fen: int
    date: str  # YYYYMMDD
    voided: bool = False  # the sale no longer stands: voided the same day, or refunded later
    time: str = ""  # hhmmss
    refunded: bool = False  # returned by a REFUND (02) after the day was settled


class SimulatedBank:
    def __init__(self, script: list[str], hang_s: float, ledger_path: str | Path | None = None) -> None:
        self._lock = threading.Lock()
        self._script = list(script) or ["approve"]
        self._ledger: dict[str, LedgerEntry] = {}
        self._counter = 0
        self._last = ""  # reference of the last sale
        self.hang_s = hang_s
        self.offline = False
        # VOIDs still to fail: 0 none, n the next n, VOID_FAILS_FOREVER until clear_fault
        self.void_failures = 0
        self.ledger_path = Path(ledger_path) if ledger_path else None
        if self.ledger_path is not None and self.ledger_path.exists():
            self._load(self.ledger_path)

    # -- persistence ------------------------------------------------------------------------
    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = [LedgerEntry(**e) for e in data["ledger"]]
            self._counter = int(data["counter"])
            self._last = str(data.get("last", ""))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"simulated bank ledger {path} is unreadable: {exc}") from exc
        self._ledger = {e.reference: e for e in entries}

    def _save(self) -> None:
        """Called with the lock held, after every change."""
        if self.ledger_path is None:
            return
        path = self.ledger_path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"counter": self._counter, "last": self._last,
                "ledger": [asdict(e) for e in self._ledger.values()]}
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the rename itself survives a power cut
        finally:
            os.close(dir_fd)

    # -- control ----------------------------------------------------------------------------
    def set_script(self, script: list[str]) -> None:
        for name in script:
            if name not in SCRIPTS:
                raise ValueError(f"unknown payment script {name!r}; known: {', '.join(SCRIPTS)}")
        with self._lock:
            self._script = list(script) or ["approve"]

    def set_void_failures(self, count: int | None) -> None:
        """The next `count` VOIDs answer 96 (None: every VOID until cleared with 0)."""
        if count is not None and count < 0:
            raise ValueError("count must be >= 0")
        with self._lock:
            self.void_failures = VOID_FAILS_FOREVER if count is None else count

    def _next_script(self) -> str:
        with self._lock:
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def ledger(self) -> list[LedgerEntry]:
        with self._lock:
            return list(self._ledger.values())

    def settle(self) -> None:
        """The bank settles the day: every sale so far belongs to an earlier business day, as a
        kiosk switched off overnight finds them. A settled sale cannot be voided, only refunded."""
        with self._lock:
            for entry in self._ledger.values():
                day = datetime.strptime(entry.date, "%Y%m%d") - timedelta(days=1)
                entry.date = day.strftime("%Y%m%d")
            self._save()

    def _void_fails(self) -> bool:
        """With the lock held: whether this VOID fails, counting it down."""
        if self.void_failures == VOID_FAILS_FOREVER:
            return True
        if self.void_failures > 0:
            self.void_failures -= 1
            return True
        return False

    # -- the terminal -----------------------------------------------------------------------
    def __call__(self, record: bytes) -> bytes:
        if self.offline:  # what a vendor library reports when its terminal does not answer
            raise ConnectionError("no answer from the terminal (switched off)")
        req = m.parse_request(record)
        now = datetime.now()
        base = dict(merchant_id="898110000000001", terminal_id="SIM00001", batch="000001",
                    date=now.strftime("%m%d"), time=now.strftime("%H%M%S"), settle_date=now.strftime("%m%d"))
        if req.trans_type is m.TransType.SIGN_IN:
            return m.build_response(m.MisPosResponse("00", message="签到成功", **base))
        if req.trans_type is m.TransType.REPRINT:
            with self._lock:
                # an empty original reference asks for the last transaction ("reprint last")
                entry = self._ledger.get(req.orig_reference or self._last)
            if entry is None:
                return m.build_response(m.MisPosResponse("25", message="原交易不存在", **base))
            code = "00" if not entry.voided else "12"
            when = dict(base, date=entry.date[4:] or base["date"], time=entry.time or base["time"])
            return m.build_response(m.MisPosResponse(code, card="622202******1234", voucher=entry.voucher,
                                                     amount_fen=entry.amount_fen, reference=entry.reference,
                                                     message="已撤销" if entry.voided else "交易成功", **when))
        if req.trans_type is m.TransType.VOID:
            with self._lock:
                if self._void_fails():
                    return m.build_response(m.MisPosResponse(VOID_FAIL_CODE, message="系统故障", **base))
                entry = self._ledger.get(req.orig_reference)
                if entry is None or entry.voided or entry.amount_fen != req.amount_fen:
                    return m.build_response(m.MisPosResponse("25", message="原交易不存在", **base))
                if entry.date != now.strftime("%Y%m%d"):
                    return m.build_response(m.MisPosResponse(m.VOID_AFTER_SETTLEMENT, message="原交易已结算，请做退货", **base))
                entry.voided = True
                self._save()
            return m.build_response(m.MisPosResponse("00", amount_fen=req.amount_fen, reference=entry.reference,
                                                     voucher=entry.voucher, message="撤销成功", **base))
        if req.trans_type is m.TransType.REFUND:
            with self._lock:
                entry = self._ledger.get(req.orig_reference)
                if (entry is None or entry.voided or entry.amount_fen != req.amount_fen
                        or req.orig_date not in ("", entry.date)):
                    return m.build_response(m.MisPosResponse("25", message="原交易不存在", **base))
                entry.voided = entry.refunded = True
                self._save()
            return m.build_response(m.MisPosResponse("00", amount_fen=req.amount_fen, reference=entry.reference,
                                                     voucher=entry.voucher, message="退货成功", **base))
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
        charged = req.amount_fen * 10 if script == "other_amount" else req.amount_fen
        with self._lock:
            self._counter += 1
            ref = now.strftime("%H%M%S") + f"{self._counter:06d}"
            entry = LedgerEntry(ref, f"{self._counter:06d}", charged, now.strftime("%Y%m%d"),
                                time=now.strftime("%H%M%S"))
            self._ledger[ref] = entry
            self._last = ref
            if script == "void_fails" and self.void_failures != VOID_FAILS_FOREVER:
                self.void_failures += 1
            self._save()
        answer = m.build_response(m.MisPosResponse("00", card="622202******1234", voucher=entry.voucher,
                                                   amount_fen=charged, reference=ref, auth_code="123456",
                                                   message="交易成功", **base))
        if script == "blank_amount":
            answer = blank_amount(answer)
        if script == "unknown_result":
            return answer[:40]  # the line dropped: a truncated, unreadable answer
        return answer


def blank_amount(answer: bytes) -> bytes:
    """The same approval with its amount field (bytes 32–43) left blank, LRC made good again."""
    start = 2 + 4 + 20 + 6
    body = answer[:start] + b" " * 12 + answer[start + 12:-3]
    return body + m.lrc(body)


class SimulatedPaymentTerminal(PaymentTerminal):
    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        script = opts.get("script", ["approve"])
        self.bank = SimulatedBank([script] if isinstance(script, str) else list(script),
                                  hang_s=float(opts.get("hang_s", self.timeout_s + 1.0)),
                                  ledger_path=opts.get("ledger_path") or None)
        self.bank.set_script(self.bank._script)
        # asking a simulated bank costs nothing: notice a switched-off terminal within seconds
        self.health_every_s = float(opts.get("health_every_s", 2.0))

    def open(self) -> None:
        if self.bank.offline:
            raise DeviceFailure(DeviceError("no_device", "simulated terminal is switched off"))
        self._sign_in_or_fail()

    def close(self) -> None:
        pass

    def _transport(self) -> Transport:
        return self.bank

    # control API
    def set_script(self, script: list[str]) -> None:
        self.bank.set_script(script)

    def set_fault(self, name: str, count: int | None = None) -> None:
        """A sale script name: every sale from now on; "void_fails": the next `count` VOIDs
        answer 96 (None: every VOID until clear_fault), sales unchanged; "offline"."""
        if name == "offline":
            self.bank.offline = True
        elif name == "void_fails":
            self.bank.set_void_failures(count)
        elif name in SCRIPTS:
            self.bank.set_script([name])
        else:
            raise ValueError(f"unknown payment fault {name!r}; known: {', '.join(FAULTS)}")

    def clear_fault(self) -> None:
        self.bank.offline = False
        self.bank.set_void_failures(0)
        self.bank.set_script(["approve"])

    def settle(self) -> None:
        self.bank.settle()

    def ledger(self) -> list[LedgerEntry]:
        return self.bank.ledger()
