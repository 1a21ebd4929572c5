"""What can go wrong talking to the server, sorted by what the kiosk does about it."""

from __future__ import annotations

from typing import Any


class SyncError(RuntimeError):
    """Base class."""


class TransientError(SyncError):
    """Try again later: network error, timeout, 5xx, garbage reply, 429, refused credentials."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class ClockSkewError(TransientError):
    """401 clock_skew: the kiosk clock is off by more than the server allows."""

    def __init__(self, server_time: str, local_time: str) -> None:
        super().__init__("clock_skew", 401)
        self.server_time = server_time
        self.local_time = local_time


class RateLimited(TransientError):
    """429: the server asks to wait ``retry_after_s`` seconds. ``error`` says which limit:
    ``case_locked`` (too many wrong guesses on that case number) or ``rate_limited`` (this kiosk)."""

    def __init__(self, error: str, retry_after_s: int) -> None:
        super().__init__(error or "rate_limited", 429)
        self.error = error or "rate_limited"
        self.retry_after_s = retry_after_s


class AuthError(TransientError):
    """401 unknown_kiosk / bad_signature: a provisioning problem a technician must fix."""


class ApiError(SyncError):
    """The server answered with a definite refusal (4xx other than the transient ones)."""

    def __init__(self, status: int, error: str, body: dict[str, Any] | None = None) -> None:
        super().__init__(f"HTTP {status}: {error}")
        self.status = status
        self.error = error
        self.body = body or {}


PARK_CODES = frozenset({409, 413, 422})
