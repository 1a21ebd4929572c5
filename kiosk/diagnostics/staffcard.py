"""Technician staff cards instead of the PIN: ``[technician] staff_cards`` lists card ID numbers;
while the PIN pad shows, the card reader is polled and a listed card opens diagnostics.

The configured numbers are kept only as salted SHA-256 hashes (a random salt per process) and a
read card's number is hashed the same way and compared in constant time; the number itself is
never logged, audited or kept (the record read is dropped at once). Audit rows: ``staff_card_ok``
and ``staff_card_refused``, without any detail. No Qt."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Iterable
from typing import Any

log = logging.getLogger("kiosk.diagnostics.staffcard")


class StaffCards:
    def __init__(self, numbers: Iterable[str]) -> None:
        self._salt = os.urandom(16)
        self._hashes = [self._hash(n) for n in numbers if n.strip()]

    def _hash(self, number: str) -> bytes:
        return hashlib.sha256(self._salt + number.strip().upper().encode("utf-8")).digest()

    @property
    def configured(self) -> bool:
        return bool(self._hashes)

    def matches(self, number: str) -> bool:
        digest = self._hash(number)
        found = False
        for known in self._hashes:  # no early exit: the time does not tell which entry matched
            found |= hmac.compare_digest(digest, known)
        return found


def read_staff_card(reader: Any, cards: StaffCards) -> bool | None:
    """Blocking: one read of the card reader. None: no (new) card; True / False: a card that
    is / is not a staff card. Read errors count as "no card" (logged by the driver)."""
    try:
        record = reader.read_card()
    except Exception:  # noqa: BLE001 - a card pulled away mid-read: just no card this round
        return None
    if record is None:
        return None
    ok = cards.matches(str(getattr(record, "id_number", "")))
    del record  # the citizen-card fields go no further
    log.info("staff card %s", "accepted" if ok else "refused")
    return ok
