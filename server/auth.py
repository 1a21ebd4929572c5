"""Kiosk request signing (protocol.md, "Authentication") and the operator bearer token.

Signature: hex HMAC-SHA256(secret, METHOD \\n PATH?QUERY \\n TIMESTAMP \\n NONCE \\n sha256hex(body)).
PATH?QUERY is the raw request target as sent (percent-encoded, no host); no "?" when the query is
empty. Checks, in order: known kiosk, signature, clock window, nonce not seen (replay).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from datetime import timedelta

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server.db import Kiosk, Nonce, iso, utcnow
from server.errors import ApiError
from server.secretbox import SecretBox

log = logging.getLogger("server.auth")

_NONCE_RE = re.compile(r"^[0-9A-Fa-f]{16,64}$")
_SIG_RE = re.compile(r"^[0-9A-Fa-f]{64}$")
_TS_RE = re.compile(r"^-?[0-9]{1,12}$")

# Declared so the OpenAPI document says how kiosk calls are authenticated; the real check reads
# all four headers from the request below.
kiosk_signature_scheme = APIKeyHeader(
    name="X-Signature",
    scheme_name="KioskSignature",
    description="HMAC request signature with X-Kiosk-Id, X-Timestamp, X-Nonce (see docs/protocol.md)",
    auto_error=False,
)
operator_bearer = HTTPBearer(scheme_name="OperatorToken", auto_error=False)


def new_secret() -> str:
    return secrets.token_hex(32)


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def signing_string(method: str, target: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{method.upper()}\n{target}\n{timestamp}\n{nonce}\n{body_digest(body)}".encode()


def sign(secret: str, method: str, target: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The signature a kiosk sends (also used by tests and the launcher's readiness probe)."""
    msg = signing_string(method, target, timestamp, nonce, body)
    return hmac.new(bytes.fromhex(secret), msg, hashlib.sha256).hexdigest()


def signed_headers(
    kiosk_id: str, secret: str, method: str, target: str, body: bytes, now: float | None = None
) -> dict[str, str]:
    ts = str(int(time.time() if now is None else now))
    nonce = secrets.token_hex(16)
    return {
        "X-Kiosk-Id": kiosk_id,
        "X-Timestamp": ts,
        "X-Nonce": nonce,
        "X-Signature": sign(secret, method, target, ts, nonce, body),
    }


def request_target(request: Request) -> str:
    raw_path = request.scope.get("raw_path") or request.scope["path"].encode()
    query = request.scope.get("query_string", b"")
    target = raw_path.decode("latin-1")
    if query:
        target += "?" + query.decode("latin-1")
    return target


def _refuse(error: str) -> ApiError:
    return ApiError(401, error, server_time=iso(utcnow()))


class NonceStore:
    """Remembers nonces in the database (so a replay is caught across server restarts and across
    workers) and prunes the ones older than twice the clock window now and then."""

    def __init__(self, sm: sessionmaker[Session], window_s: int) -> None:
        self._sm = sm
        self._window = window_s
        self._last_prune = 0.0

    def remember(self, kiosk_id: str, nonce: str) -> bool:
        """True if the nonce is new. The primary key decides, so concurrent replays lose too."""
        now = utcnow()
        try:
            with self._sm.begin() as s:
                s.add(Nonce(kiosk_id=kiosk_id, nonce=nonce.lower(), seen_at=now))
        except IntegrityError:
            return False
        if time.monotonic() - self._last_prune > 60:
            self._last_prune = time.monotonic()
            with self._sm.begin() as s:
                s.execute(
                    delete(Nonce).where(Nonce.seen_at < now - timedelta(seconds=2 * self._window))
                )
        return True


def _kiosk_of(
    sm: sessionmaker[Session], box: SecretBox, kiosk_id: str
) -> tuple[str, str | None] | None:
    """The kiosk's secret (opened with the server key) and case-number short id."""
    with sm() as s:
        kiosk = s.get(Kiosk, kiosk_id)
        if kiosk is None:
            return None
        return box.open(kiosk.id, kiosk.secret), kiosk.short_id


async def kiosk_auth(request: Request, _sig: str | None = Security(kiosk_signature_scheme)) -> str:
    """FastAPI dependency: the authenticated kiosk id, or 401 with server_time."""
    h = request.headers
    kiosk_id = h.get("x-kiosk-id", "")
    ts, nonce, sig = h.get("x-timestamp", ""), h.get("x-nonce", ""), h.get("x-signature", "")
    state = request.app.state
    known = await run_in_threadpool(_kiosk_of, state.sm, state.box, kiosk_id) if kiosk_id else None
    if known is None:
        log.info("auth refused: unknown kiosk")
        raise _refuse("unknown_kiosk")
    secret, request.state.kiosk_short_id = known
    if not (_TS_RE.match(ts) and _NONCE_RE.match(nonce) and _SIG_RE.match(sig)):
        log.info("auth refused kiosk=%s: malformed auth headers", kiosk_id)
        raise _refuse("bad_signature")
    body = await request.body()
    expected = sign(secret, request.method, request_target(request), ts, nonce, body)
    if not hmac.compare_digest(expected, sig.lower()):
        log.info("auth refused kiosk=%s: bad signature", kiosk_id)
        raise _refuse("bad_signature")
    if abs(time.time() - int(ts)) > state.settings.clock_window_s:
        log.info("auth refused kiosk=%s: clock skew %ss", kiosk_id, int(time.time()) - int(ts))
        raise _refuse("clock_skew")
    if not await run_in_threadpool(state.nonces.remember, kiosk_id, nonce):
        log.info("auth refused kiosk=%s: replayed nonce", kiosk_id)
        raise _refuse("replay")
    return kiosk_id


async def operator_auth(
    request: Request, creds: HTTPAuthorizationCredentials | None = Security(operator_bearer)
) -> None:
    """The operator API: ``Authorization: Bearer <token>`` only. Never a token in the URL (it
    would end up in browser history, proxy logs and Referer headers); the HTML page signs in with
    a session cookie instead (server.operator)."""
    token = creds.credentials if creds is not None else ""
    expected: str = request.app.state.settings.operator_token
    if not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise ApiError(401, "operator_token_required")
