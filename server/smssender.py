"""Sends the recorded SMS notices through the provider and follows their delivery receipts.

Run by ``kiosk-server send-sms`` (once, from a timer, or ``--every N`` seconds). Several senders
may run at once against one database: a notice is taken by a conditional UPDATE
(``… SET status='sending' WHERE id=? AND status='recorded' …``) and only the process whose UPDATE
changed the row sends it. A sender that dies holding a notice loses it after the claim lease and
another sender takes it again (the one case where a citizen may get a message twice).

States (SmsState), all changed by ``transition``, which logs every change:
  recorded → sending → sent → delivered | failed
  sending → recorded (provider busy/throttled/unreachable: next attempt after a capped
            exponential backoff) | failed (permanent error or attempts used up) | rate_limited
            (this number already got per_number_per_hour messages in the last hour; not sent)
The log names notice ids, case numbers and provider codes, never the phone number.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from server import casenumbers
from server.db import SmsNotice, utcnow
from server.smsconfig import SmsConfig
from server.smsgateway import AliyunSms, Delivery, SmsError, SmsProvider
from server.smssim import AliyunSmsSimulator

log = logging.getLogger("server.smssender")

CLAIM_LEASE = timedelta(minutes=5)
RECEIPT_WAIT = timedelta(hours=72)  # no receipt after this long: recorded as failed
BATCH = 100


class SmsState(enum.StrEnum):
    RECORDED = "recorded"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    RATE_LIMITED = "rate_limited"


ALLOWED: dict[SmsState, frozenset[SmsState]] = {
    SmsState.RECORDED: frozenset({SmsState.SENDING}),
    # SENDING → SENDING: a dead sender's claim taken over after its lease.
    SmsState.SENDING: frozenset(
        {
            SmsState.SENDING,
            SmsState.SENT,
            SmsState.RECORDED,
            SmsState.FAILED,
            SmsState.RATE_LIMITED,
        }
    ),
    SmsState.SENT: frozenset({SmsState.DELIVERED, SmsState.FAILED}),
}


def transition(
    s: Session,
    notice_id: int,
    old: SmsState,
    new: SmsState,
    reason: str,
    *guard: Any,
    **values: Any,
) -> bool:
    """Move a notice from ``old`` to ``new`` if it is still in ``old`` (and ``guard`` holds);
    True when this call made the change. The UPDATE's WHERE is the lock: of two senders, one
    changes the row and the other sees rowcount 0."""
    if new not in ALLOWED.get(old, frozenset()):
        raise ValueError(f"SMS notice {notice_id}: {old} -> {new} is not a transition")
    res = s.execute(
        update(SmsNotice)
        .where(SmsNotice.id == notice_id, SmsNotice.status == old.value, *guard)
        .values(status=new.value, **values)
    )
    if res.rowcount != 1:  # type: ignore[attr-defined]
        return False
    log.info("SMS notice %d: %s -> %s (%s)", notice_id, old.value, new.value, reason)
    return True


def backoff(config: SmsConfig, attempts: int) -> timedelta:
    """30 s, 60 s, 120 s, … capped: the wait after the ``attempts``-th failed attempt."""
    return timedelta(
        seconds=min(config.first_backoff_s * 2 ** (attempts - 1), config.max_backoff_s)
    )


@dataclass
class Round:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    rate_limited: int = 0
    delivered: int = 0
    undelivered: int = 0


def _params(notice: SmsNotice, names: tuple[str, ...]) -> dict[str, str] | None:
    # Only a checked case number goes into a message (server.smsconfig.PARAMETERS).
    if casenumbers.short_id_of(notice.case_number) is None:
        return None
    values = {"case_number": notice.case_number}
    return {name: values[name] for name in names}


def _claim(sm: sessionmaker[Session], notice_id: int, now: datetime) -> SmsNotice | None:
    lease = {"claimed_until": now + CLAIM_LEASE}
    with sm.begin() as s:
        due = or_(SmsNotice.next_attempt_at.is_(None), SmsNotice.next_attempt_at <= now)
        took = transition(
            s, notice_id, SmsState.RECORDED, SmsState.SENDING, "claimed", due, **lease
        ) or transition(
            s,
            notice_id,
            SmsState.SENDING,
            SmsState.SENDING,
            "claim lease expired, taken over",
            SmsNotice.claimed_until < now,
            **lease,
        )
        return s.get(SmsNotice, notice_id) if took else None


def _sent_last_hour(sm: sessionmaker[Session], notice: SmsNotice, now: datetime) -> int:
    with sm() as s:
        return int(
            s.scalar(
                select(func.count(SmsNotice.id)).where(
                    SmsNotice.phone == notice.phone,
                    SmsNotice.id != notice.id,
                    SmsNotice.sent_at.is_not(None),
                    SmsNotice.sent_at > now - timedelta(hours=1),
                )
            )
            or 0
        )


def _send_one(
    sm: sessionmaker[Session],
    provider: SmsProvider,
    config: SmsConfig,
    notice: SmsNotice,
    now: datetime,
    counts: Round,
) -> None:
    template = config.templates.get(notice.trigger)
    params = _params(notice, template.params) if template else None
    if template is None or params is None:
        with sm.begin() as s:
            transition(
                s,
                notice.id,
                SmsState.SENDING,
                SmsState.FAILED,
                "no template or bad case number",
                error_code="no_template",
                status_at=now,
                claimed_until=None,
            )
        counts.failed += 1
        return
    if _sent_last_hour(sm, notice, now) >= config.per_number_per_hour:
        with sm.begin() as s:
            transition(
                s,
                notice.id,
                SmsState.SENDING,
                SmsState.RATE_LIMITED,
                f"number had {config.per_number_per_hour} messages in the last hour",
                status_at=now,
                claimed_until=None,
            )
        counts.rate_limited += 1
        return
    attempts = notice.attempts + 1
    try:
        biz_id = provider.send(notice.phone, template, params, out_id=str(notice.id))
    except SmsError as exc:
        if exc.bad_credentials:
            # Our configuration, not this message: it does not use up the notice's attempts.
            attempts -= 1
        with sm.begin() as s:
            if exc.transient and attempts < config.max_attempts:
                wait = backoff(config, max(attempts, 1))
                wait_s = int(wait.total_seconds())
                transition(
                    s,
                    notice.id,
                    SmsState.SENDING,
                    SmsState.RECORDED,
                    f"provider {exc.code}, attempt {attempts}, next in {wait_s} s",
                    attempts=attempts,
                    error_code=exc.code,
                    next_attempt_at=now + wait,
                    claimed_until=None,
                )
                counts.retry += 1
            else:
                why = "attempts used up" if exc.transient else "permanent"
                transition(
                    s,
                    notice.id,
                    SmsState.SENDING,
                    SmsState.FAILED,
                    f"provider {exc.code} ({why}), attempt {attempts}",
                    attempts=attempts,
                    error_code=exc.code,
                    status_at=now,
                    claimed_until=None,
                )
                counts.failed += 1
        if exc.bad_credentials:
            log.error(
                "SMS provider refused our keys (%s): check them with kiosk-server check-gateways",
                exc.code,
            )
        return
    with sm.begin() as s:
        transition(
            s,
            notice.id,
            SmsState.SENDING,
            SmsState.SENT,
            f"accepted, receipt id {biz_id}",
            attempts=attempts,
            biz_id=biz_id,
            sent_at=now,
            error_code=None,
            claimed_until=None,
        )
    counts.sent += 1


def _follow_receipts(
    sm: sessionmaker[Session], provider: SmsProvider, now: datetime, counts: Round
) -> None:
    with sm() as s:
        waiting = list(
            s.scalars(
                select(SmsNotice)
                .where(SmsNotice.status == SmsState.SENT.value)
                .order_by(SmsNotice.id)
                .limit(BATCH)
            )
        )
    for n in waiting:
        if n.sent_at is None or n.biz_id is None:
            continue
        try:
            receipt = provider.delivery(n.phone, n.biz_id, n.sent_at)
        except SmsError as exc:
            log.warning("SMS notice %d: receipt query failed (%s)", n.id, exc.code)
            if exc.unreachable:
                return  # the provider is down: the next round asks again
            continue
        with sm.begin() as s:
            if receipt.state is Delivery.DELIVERED:
                if transition(
                    s,
                    n.id,
                    SmsState.SENT,
                    SmsState.DELIVERED,
                    "receipt",
                    status_at=now,
                    error_code=None,
                ):
                    counts.delivered += 1
            elif receipt.state is Delivery.FAILED:
                if transition(
                    s,
                    n.id,
                    SmsState.SENT,
                    SmsState.FAILED,
                    f"receipt {receipt.code}",
                    status_at=now,
                    error_code=receipt.code[:64] or "undelivered",
                ):
                    counts.undelivered += 1
            elif now - n.sent_at > RECEIPT_WAIT:
                transition(
                    s,
                    n.id,
                    SmsState.SENT,
                    SmsState.FAILED,
                    "no receipt in 72 h",
                    status_at=now,
                    error_code="no_receipt",
                )
                counts.undelivered += 1


def send_round(
    sm: sessionmaker[Session],
    provider: SmsProvider,
    config: SmsConfig,
    now: datetime | None = None,
) -> Round:
    """One pass: send what is due, then ask for the receipts of what was sent."""
    now = now or utcnow()
    counts = Round()
    with sm() as s:
        due = list(
            s.scalars(
                select(SmsNotice.id)
                .where(
                    or_(
                        and_(
                            SmsNotice.status == SmsState.RECORDED.value,
                            or_(
                                SmsNotice.next_attempt_at.is_(None),
                                SmsNotice.next_attempt_at <= now,
                            ),
                        ),
                        and_(
                            SmsNotice.status == SmsState.SENDING.value,
                            SmsNotice.claimed_until < now,
                        ),
                    )
                )
                .order_by(SmsNotice.id)
                .limit(BATCH)
            )
        )
    for notice_id in due:
        notice = _claim(sm, notice_id, now)
        if notice is not None:
            _send_one(sm, provider, config, notice, now, counts)
    _follow_receipts(sm, provider, now, counts)
    if any(vars(counts).values()):
        log.info("SMS round: %s", counts)
    return counts


@contextmanager
def open_provider(config: SmsConfig) -> Iterator[SmsProvider]:
    """The configured provider; for "simulator" a local simulator is started for as long as the
    provider is in use (the real client talks to it, as it would to the provider)."""
    if config.provider == "simulator":
        with AliyunSmsSimulator() as sim:
            yield AliyunSms(sim.url, sim.key_id, sim.key_secret, config.sign_name)
        return
    yield AliyunSms(
        config.endpoint, config.access_key_id, config.access_key_secret, config.sign_name
    )
