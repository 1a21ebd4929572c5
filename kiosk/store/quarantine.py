"""What a quarantined (corrupt) database still holds: the case numbers it gave out and the records
it had not delivered (issue #14, item 7).

A quarantined copy is only ever opened read-only (``mode=ro``), and every table is read on its
own, so a damaged page in one does not hide what the others still hold. Case numbers continue
after the highest one found (the ``case_sequence`` table, or the audit log's "committed" lines,
which survive the purge); when neither can be read the day continues in a series that cannot
collide (:func:`fallback_floor`) until the server tells the kiosk its last number.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.store.db import DB_NAME

log = logging.getLogger("kiosk.store.quarantine")

# When the lost database cannot be read, the day continues at FALLBACK_BASE + the seconds since
# local midnight (6 digits, 100000–186399; docs/protocol.md allows 4–6). Why that cannot collide:
# - with the numbers the lost database gave out: reaching 100000 in one day takes more than one
#   case a second around the clock, and a case (card, face check, form) takes minutes;
# - with an earlier fallback the same day (a second unreadable quarantine): that series started at
#   an earlier second s1 and would have to give out more numbers than seconds have passed since.
# Only a clock set back on the same day breaks this; the server's last number (heartbeat) raises
# the counter past everything it holds as soon as it answers.
FALLBACK_BASE = 100_000


def fallback_floor(now: float) -> int:
    """The counter value the fallback series continues after, at time ``now`` (local day)."""
    t = time.localtime(now)
    return FALLBACK_BASE + t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec


_NUMBER = re.compile(r"^(?P<short>[A-Z0-9]{1,8})-(?P<day>\d{8})-(?P<n>\d{4,})$")
_AUDIT_CASE = re.compile(r"\bcase=(\S+)")


def parse_case_number(number: str, short_id: str) -> tuple[str, int] | None:
    """``K01-20261207-0042`` → ("20261207", 42) when it is this kiosk's (short id), else None."""
    match = _NUMBER.match(number or "")
    if match is None or match["short"] != short_id:
        return None
    return match["day"], int(match["n"])


def quarantined_copies(data_dir: Path) -> list[Path]:
    """Every quarantined database under ``data_dir/quarantine``, oldest first."""
    root = data_dir / "quarantine"
    return sorted(p.parent for p in root.glob(f"*/{DB_NAME}")) if root.is_dir() else []


@contextmanager
def _read_only(folder: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{folder / DB_NAME}?mode=ro", uri=True, timeout=2.0)
    with closing(conn):
        yield conn


def case_floors(folder: Path, short_id: str) -> dict[str, int] | None:
    """The highest sequence per day the quarantined copy gave out, or None when neither the
    sequence table nor the audit log could be read to the end (the floor is unknown)."""
    floors: dict[str, int] = {}
    complete = False

    def note(day: str, n: int) -> None:
        floors[day] = max(n, floors.get(day, 0))

    try:
        with _read_only(folder) as conn:
            # (table, query, numbers in a row, whether reading it to the end fixes the floor)
            for table, query, rows_to_numbers, authoritative in (
                ("case_sequence", "SELECT day, last FROM case_sequence",
                 lambda row: [(str(row[0]), int(row[1]))], True),
                ("audit", "SELECT detail FROM audit WHERE event = 'committed'",
                 lambda row: [p for m in _AUDIT_CASE.findall(str(row[0]))
                              if (p := parse_case_number(m, short_id)) is not None], True),
                # not enough alone: delivered records were purged from it
                ("records", "SELECT case_number FROM records WHERE case_number IS NOT NULL",
                 lambda row: [p] if (p := parse_case_number(str(row[0]), short_id)) else [], False),
            ):
                try:
                    for row in conn.execute(query):
                        for day, n in rows_to_numbers(row):
                            note(day, n)
                except (sqlite3.Error, ValueError) as exc:
                    log.warning("quarantined %s: table %s unreadable (%s)", folder.name, table, exc)
                    continue
                complete = complete or authoritative
    except sqlite3.Error as exc:
        log.warning("quarantined %s cannot be opened (%s)", folder.name, exc)
    return floors if complete else None


@dataclass(frozen=True, repr=False)
class QuarantinedRecord:
    """One undelivered record as the quarantined copy stored it (personal part still encrypted)."""

    id: str
    kind: str
    item_code: str | None
    case_number: str | None
    created_at: str
    created_ts: float
    state: str
    public: str
    personal: bytes | None

    def __repr__(self) -> str:
        return f"QuarantinedRecord(id={self.id}, kind={self.kind}, state={self.state})"


def undelivered(folder: Path) -> tuple[list[QuarantinedRecord], int]:
    """The pending and parked records of a quarantined copy, in commit order, and how many rows
    could not be read (damaged pages)."""
    found: list[QuarantinedRecord] = []
    lost = 0
    try:
        with _read_only(folder) as conn:
            try:
                seqs = [int(r[0]) for r in conn.execute("SELECT seq FROM records WHERE state != 'sent' ORDER BY seq")]
            except sqlite3.Error as exc:
                log.warning("quarantined %s: record list unreadable (%s)", folder.name, exc)
                return found, 1
            for seq in seqs:
                try:
                    row = conn.execute(
                        "SELECT id, kind, item_code, case_number, created_at, created_ts, state, public, personal"
                        " FROM records WHERE seq = ?", (seq,)).fetchone()
                except sqlite3.Error:
                    lost += 1
                    continue
                if row is None or row[6] not in ("pending", "parked"):
                    continue
                found.append(QuarantinedRecord(str(row[0]), str(row[1]), row[2], row[3], str(row[4]),
                                               float(row[5]), str(row[6]), str(row[7]),
                                               bytes(row[8]) if row[8] is not None else None))
    except sqlite3.Error as exc:
        log.warning("quarantined %s cannot be opened (%s)", folder.name, exc)
        return found, 1
    return found, lost
