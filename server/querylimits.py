"""Limits on case queries by the last four ID characters (GET /cases/{n}?id_last4=…).

Four characters are guessable (about 11 000 values): unlimited, a stolen kiosk credential reads
any case's progress in about a minute. So, counted in the database (so they hold across server
processes and restarts):

* per kiosk: at most ``case_queries_per_kiosk_per_min`` queries a minute and
  ``case_wrong_per_kiosk_per_hour`` wrong ones an hour → 429 ``rate_limited``;
* per case number: after ``case_wrong_before_lock`` wrong guesses within ``case_lock_s`` (from
  any kiosk) it is locked, even for the right digits, until the oldest of them is that old →
  429 ``case_locked``. Unknown numbers are counted and locked the same way, so a lock does not
  tell whether a case exists.

Both answers carry ``Retry-After`` (seconds) and ``retry_after_s``. Every query, refused or not, is
a ``case_queries`` row (the audit trail, kept 90 days); a limit that trips is also logged as a
warning. Refused queries do not count towards the limits.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.db import CaseQuery
from server.settings import Settings

KEEP = timedelta(days=90)
_last_prune = 0.0


@dataclass(frozen=True)
class Refusal:
    error: str  # rate_limited | case_locked
    retry_after_s: int


def _wait(oldest: datetime | None, window: timedelta, now: datetime) -> int:
    if oldest is None:
        return 1
    return max(1, math.ceil((oldest + window - now).total_seconds()))


def _nth_newest(s: Session, where: list[object], n: int) -> datetime | None:
    """The time of the n-th newest row matching ``where`` (None if fewer)."""
    q = select(CaseQuery.at).where(*where).order_by(CaseQuery.at.desc()).offset(n - 1).limit(1)
    return s.scalar(q)


def check(
    s: Session, cfg: Settings, kiosk_id: str, case_number: str, now: datetime
) -> Refusal | None:
    counted = CaseQuery.outcome.in_(("found", "wrong"))
    lock = timedelta(seconds=cfg.case_lock_s)
    wrong_case = [
        CaseQuery.case_number == case_number,
        CaseQuery.outcome == "wrong",
        CaseQuery.at > now - lock,
    ]
    nth = _nth_newest(s, wrong_case, cfg.case_wrong_before_lock)
    if nth is not None:
        return Refusal("case_locked", _wait(nth, lock, now))
    minute = timedelta(minutes=1)
    recent = [CaseQuery.kiosk_id == kiosk_id, counted, CaseQuery.at > now - minute]
    nth = _nth_newest(s, recent, cfg.case_queries_per_kiosk_per_min)
    if nth is not None:
        return Refusal("rate_limited", _wait(nth, minute, now))
    hour = timedelta(hours=1)
    wrong_kiosk = [
        CaseQuery.kiosk_id == kiosk_id,
        CaseQuery.outcome == "wrong",
        CaseQuery.at > now - hour,
    ]
    nth = _nth_newest(s, wrong_kiosk, cfg.case_wrong_per_kiosk_per_hour)
    if nth is not None:
        return Refusal("rate_limited", _wait(nth, hour, now))
    return None


def wrong_guesses(s: Session, cfg: Settings, case_number: str, now: datetime) -> int:
    since = now - timedelta(seconds=cfg.case_lock_s)
    return s.scalar(
        select(func.count())
        .select_from(CaseQuery)
        .where(
            CaseQuery.case_number == case_number,
            CaseQuery.outcome == "wrong",
            CaseQuery.at > since,
        )
    ) or 0


def audit(s: Session, kiosk_id: str, case_number: str, outcome: str, now: datetime) -> None:
    global _last_prune
    s.add(CaseQuery(at=now, kiosk_id=kiosk_id, case_number=case_number, outcome=outcome))
    if time.monotonic() - _last_prune > 3600:
        _last_prune = time.monotonic()
        s.execute(delete(CaseQuery).where(CaseQuery.at < now - KEEP))
