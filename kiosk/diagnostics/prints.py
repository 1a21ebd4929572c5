"""The last printed documents, kept so a technician can reprint one (a citizen whose receipt
jammed, or tore). Every paper document goes through ``Hardware.print``, which hands the built
receipt here after the attempt, printed or not.

Kept: the last ``KEEP`` prints, none older than ``RETENTION_S`` (24 h), in the store's database
table ``print_history``. The receipt content (already masked: masked ID number, no name) and its
title are one AES-256-GCM ciphertext bound to the row's id, so no receipt text is on disk in
plain; only the time, the outcome and the id are plain. Rows past the limits are deleted on every
write and every read (the database zeroes deleted rows: ``secure_delete``)."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from devices.printer.receipt import Align, Barcode, Cut, Feed, Item, QrCode, Receipt, Separator, Text
from kiosk.store.crypto import DecryptError, FieldCipher
from kiosk.store.db import Database

log = logging.getLogger("kiosk.diagnostics.prints")

KEEP = 10
RETENTION_S = 24 * 3600
FIELD = "receipt"

SCHEMA = """
CREATE TABLE IF NOT EXISTS print_history (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    id     TEXT NOT NULL UNIQUE,   -- uuid4, bound into the ciphertext
    at_ts  REAL NOT NULL,          -- unix seconds
    ok     INTEGER NOT NULL,       -- 1: printed, 0: the print failed
    body   BLOB NOT NULL           -- AES-GCM of {"title", "paper_mm", "items"}
)"""

_KINDS: dict[str, type] = {"text": Text, "separator": Separator, "qr": QrCode, "barcode": Barcode,
                           "feed": Feed, "cut": Cut}
_NAMES = {cls: name for name, cls in _KINDS.items()}


def items_to_json(items: list[Item]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        data = {k: (v.value if isinstance(v, Align) else v) for k, v in asdict(item).items()}
        out.append({"type": _NAMES[type(item)], **data})
    return out


def items_from_json(data: list[dict[str, Any]]) -> list[Item]:
    items: list[Item] = []
    for entry in data:
        entry = dict(entry)
        cls = _KINDS[entry.pop("type")]
        if "align" in entry:
            entry["align"] = Align(entry["align"])
        items.append(cls(**entry))
    return items


def receipt_title(receipt: Receipt) -> str:
    """The first line of text: the document's title (e.g. 受理回执 Acceptance receipt)."""
    for item in receipt.items:
        if isinstance(item, Text) and item.text.strip():
            return item.text.strip()[:80]
    return "-"


@dataclass(frozen=True)
class PrintedDocument:
    id: str
    at_ts: float
    ok: bool
    title: str
    paper_mm: int
    items: list[Item]


class PrintHistory:
    def __init__(self, db: Database, cipher: FieldCipher, clock: Callable[[], float] = time.time,
                 keep: int = KEEP, retention_s: float = RETENTION_S) -> None:
        self.db = db
        self.cipher = cipher
        self.clock = clock
        self.keep = keep
        self.retention_s = retention_s
        self._lock = threading.Lock()
        with db.write() as conn:
            conn.execute(SCHEMA)

    def record(self, receipt: Receipt, ok: bool) -> None:
        """Called by Hardware.print after every attempt (any thread). Never raises."""
        try:
            rid = str(uuid.uuid4())
            body = json.dumps({"title": receipt_title(receipt), "paper_mm": receipt.paper_mm,
                               "items": items_to_json(receipt.items)}, ensure_ascii=False).encode("utf-8")
            blob = self.cipher.encrypt(rid, FIELD, body)
            with self._lock, self.db.write() as conn:
                conn.execute("INSERT INTO print_history (id, at_ts, ok, body) VALUES (?, ?, ?, ?)",
                             (rid, self.clock(), int(ok), blob))
                self._prune(conn)
        except Exception:  # noqa: BLE001 - keeping a copy must never break printing
            log.exception("could not keep the printed document for reprint")

    def _prune(self, conn: Any) -> None:
        conn.execute("DELETE FROM print_history WHERE at_ts < ?", (self.clock() - self.retention_s,))
        conn.execute("DELETE FROM print_history WHERE seq NOT IN "
                     "(SELECT seq FROM print_history ORDER BY seq DESC LIMIT ?)", (self.keep,))

    def recent(self) -> list[PrintedDocument]:
        """Newest first, at most ``keep``, none older than the retention."""
        with self._lock, self.db.write() as conn:
            self._prune(conn)
        rows = self.db.conn().execute("SELECT id, at_ts, ok, body FROM print_history ORDER BY seq DESC").fetchall()
        found = []
        for rid, at_ts, ok, blob in rows:
            try:
                data = json.loads(self.cipher.decrypt(rid, FIELD, blob))
            except (DecryptError, ValueError):
                log.warning("a kept print does not decrypt (key changed?): skipped")
                continue
            found.append(PrintedDocument(rid, float(at_ts), bool(ok), str(data["title"]), int(data["paper_mm"]),
                                         items_from_json(data["items"])))
        return found

    def get(self, rid: str) -> PrintedDocument | None:
        return next((d for d in self.recent() if d.id == rid), None)

    def clear(self) -> int:
        with self._lock, self.db.write() as conn:
            return int(conn.execute("DELETE FROM print_history").rowcount)
