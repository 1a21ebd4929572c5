"""The payment journal: one row per payment attempt, in the store's SQLite database (WAL, FULL).

Every state is written durably *before* the device or gateway call it leads to, so a kiosk that
dies at any moment knows on restart what it may have set in motion (ARCHITECTURE.md; the state
machine of ../shared/reference/devices.md §3):

    created → submitted → paid → settled                 (the case was committed with it)
                        → failed                          (nothing charged)
                        → user_paying → paid | failed | reversing
                        → unknown → paid | failed | reversing
    paid → reversing → reversed | manual_review           (no case: the money goes back)

``settled`` is written in the same transaction as the case (kiosk/submitter.py), so "paid
and submitted" and "refunded and not submitted" are the only ends. No personal data here: the
terminal masks the card number and a scanned payment code is never stored.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum

from kiosk.store.db import Database, utc_iso

log = logging.getLogger("kiosk.payments.journal")

TABLE = """
CREATE TABLE IF NOT EXISTS payments (
    order_id    TEXT PRIMARY KEY,         -- also the gateway's order number: never reused
    session_id  TEXT NOT NULL,
    method      TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    state       TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '', -- bank reference or gateway transaction id
    voucher     TEXT NOT NULL DEFAULT '',
    card        TEXT NOT NULL DEFAULT '', -- masked by the terminal
    previous    TEXT NOT NULL DEFAULT '', -- the terminal's last reference before our sale
    reason      TEXT NOT NULL DEFAULT '', -- a code, never a value
    case_numbers TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_ts  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS payments_state ON payments (state)
"""


class Method(str, Enum):
    CARD = "card"  # bank card on the payment terminal
    CODE = "code"  # the citizen's payment code (付款码) read by the scanner, charged via the gateway
    QR = "qr"  # the kiosk shows a QR code the citizen scans with their phone


class State(str, Enum):
    CREATED = "created"
    SUBMITTED = "submitted"
    USER_PAYING = "user_paying"
    UNKNOWN = "unknown"
    PAID = "paid"
    SETTLED = "settled"
    FAILED = "failed"
    REVERSING = "reversing"
    REVERSED = "reversed"
    MANUAL_REVIEW = "manual_review"


FINAL = frozenset({State.SETTLED, State.FAILED, State.REVERSED, State.MANUAL_REVIEW})
# Left in one of these by a crash: the money may have moved, so start-up resumes them.
IN_FLIGHT = frozenset({State.CREATED, State.SUBMITTED, State.USER_PAYING, State.UNKNOWN, State.PAID, State.REVERSING})

ALLOWED: dict[State, frozenset[State]] = {
    State.CREATED: frozenset({State.SUBMITTED, State.FAILED}),
    State.SUBMITTED: frozenset({State.PAID, State.FAILED, State.USER_PAYING, State.UNKNOWN, State.REVERSING}),
    State.USER_PAYING: frozenset({State.PAID, State.FAILED, State.UNKNOWN, State.REVERSING}),
    State.UNKNOWN: frozenset({State.PAID, State.FAILED, State.REVERSING, State.UNKNOWN}),
    State.PAID: frozenset({State.SETTLED, State.REVERSING}),
    State.REVERSING: frozenset({State.REVERSED, State.MANUAL_REVIEW, State.REVERSING, State.FAILED}),
    State.SETTLED: frozenset(),
    State.FAILED: frozenset(),
    State.REVERSED: frozenset(),
    State.MANUAL_REVIEW: frozenset({State.REVERSED}),
}


class JournalError(RuntimeError):
    """A transition the state machine does not allow (a programming error)."""


@dataclass(frozen=True)
class Entry:
    order_id: str
    session_id: str
    method: Method
    amount_fen: int
    state: State
    reference: str = ""
    voucher: str = ""
    card: str = ""
    previous: str = ""
    reason: str = ""
    case_numbers: str = ""
    attempts: int = 0
    created_at: str = ""


_COLUMNS = ("order_id", "session_id", "method", "amount_fen", "state", "reference", "voucher", "card", "previous",
            "reason", "case_numbers", "attempts", "created_at")


def _entry(row: sqlite3.Row | tuple[object, ...]) -> Entry:
    values = dict(zip(_COLUMNS, row))
    return Entry(**{**values, "method": Method(values["method"]), "state": State(values["state"])})  # type: ignore[arg-type]


def new_order_id(kiosk_id: str) -> str:
    """Unique, never reused (a reversed order number cannot be used again), ≤ 32 characters."""
    return "K" + time.strftime("%y%m%d") + uuid.uuid4().hex[:18].upper()


Listener = Callable[[Entry], None]


class PaymentJournal:
    def __init__(self, db: Database, kiosk_id: str) -> None:
        self._db = db
        self.kiosk_id = kiosk_id
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        with db.write() as conn:
            for statement in TABLE.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def on_change(self, listener: Listener) -> None:
        """Called after every durable transition (in the calling thread)."""
        self._listeners.append(listener)

    def _notify(self, entry: Entry) -> None:
        for listener in list(self._listeners):
            listener(entry)

    def create(self, session_id: str, method: Method, amount_fen: int) -> Entry:
        if not isinstance(amount_fen, int) or amount_fen <= 0:
            raise ValueError("a payment is a positive integer number of fen")
        entry = Entry(new_order_id(self.kiosk_id), session_id, method, amount_fen, State.CREATED,
                      created_at=utc_iso(time.time()))
        with self._db.write() as conn:
            conn.execute(f"INSERT INTO payments ({', '.join(_COLUMNS)}, updated_ts) VALUES ({', '.join('?' * len(_COLUMNS))}, ?)",
                         (*self._row(entry), time.time()))
            self._audit(conn, entry, "created")
        log.info("payment %s created: %s %d fen", entry.order_id, method.value, amount_fen)
        self._notify(entry)
        return entry

    def move(self, entry: Entry, state: State, **fields: str | int) -> Entry:
        """Write the new state durably, then return it. Fields: reference, voucher, card, previous, reason."""
        with self._lock:
            current = self.get(entry.order_id)
            if state not in ALLOWED[current.state] and state is not current.state:
                raise JournalError(f"payment {entry.order_id}: {current.state.value} → {state.value} not allowed")
            moved = replace(current, state=state, **fields)  # type: ignore[arg-type]
            with self._db.write() as conn:
                conn.execute("UPDATE payments SET state = ?, reference = ?, voucher = ?, card = ?, previous = ?, reason = ?,"
                             " attempts = ?, updated_ts = ? WHERE order_id = ?",
                             (moved.state.value, moved.reference, moved.voucher, moved.card, moved.previous, moved.reason,
                              moved.attempts, time.time(), moved.order_id))
                self._audit(conn, moved, state.value)
        log.info("payment %s: %s → %s%s", entry.order_id, current.state.value, state.value,
                 f" ({moved.reason})" if moved.reason else "")
        self._notify(moved)
        return moved

    def settle_in(self, conn: sqlite3.Connection, order_ids: Iterable[str], case_numbers: Iterable[str]) -> None:
        """Inside the case's own transaction: these payments now belong to a committed case."""
        numbers = ",".join(case_numbers)
        for order_id in order_ids:
            row = conn.execute("SELECT state FROM payments WHERE order_id = ?", (order_id,)).fetchone()
            if row is None or row[0] not in (State.PAID.value, State.SETTLED.value):
                # The money is not (or no longer) ours: taking the case would give it away for free.
                raise JournalError(f"payment {order_id} is {row[0] if row else 'missing'}, not paid")
            conn.execute("UPDATE payments SET state = ?, case_numbers = ?, updated_ts = ? WHERE order_id = ?",
                         (State.SETTLED.value, numbers, time.time(), order_id))
            conn.execute("INSERT INTO audit (at, actor, event, record_id, detail) VALUES (?, 'kiosk', 'payment_settled', ?, ?)",
                         (utc_iso(time.time()), order_id, f"cases={numbers}"))

    def get(self, order_id: str) -> Entry:
        row = self._db.conn().execute(f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE order_id = ?", (order_id,)).fetchone()
        if row is None:
            raise KeyError(order_id)
        return _entry(row)

    def in_flight(self) -> list[Entry]:
        marks = ", ".join("?" * len(IN_FLIGHT))
        rows = self._db.conn().execute(f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE state IN ({marks})"
                                       " ORDER BY created_at", tuple(s.value for s in IN_FLIGHT)).fetchall()
        return [_entry(r) for r in rows]

    def for_session(self, session_id: str) -> list[Entry]:
        rows = self._db.conn().execute(f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE session_id = ?"
                                       " ORDER BY created_at", (session_id,)).fetchall()
        return [_entry(r) for r in rows]

    def recent(self, limit: int = 20) -> list[Entry]:
        rows = self._db.conn().execute(f"SELECT {', '.join(_COLUMNS)} FROM payments ORDER BY updated_ts DESC LIMIT ?",
                                       (limit,)).fetchall()
        return [_entry(r) for r in rows]

    @staticmethod
    def _row(entry: Entry) -> tuple[object, ...]:
        return (entry.order_id, entry.session_id, entry.method.value, entry.amount_fen, entry.state.value,
                entry.reference, entry.voucher, entry.card, entry.previous, entry.reason, entry.case_numbers,
                entry.attempts, entry.created_at)

    @staticmethod
    def _audit(conn: sqlite3.Connection, entry: Entry, event: str) -> None:
        conn.execute("INSERT INTO audit (at, actor, event, record_id, detail) VALUES (?, 'kiosk', ?, ?, ?)",
                     (utc_iso(time.time()), f"payment_{event}", entry.order_id,
                      f"method={entry.method.value} amount_fen={entry.amount_fen}"
                      + (f" reason={entry.reason}" if entry.reason else "")))
