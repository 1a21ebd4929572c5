"""The technician PIN: scrypt hashes in configuration, constant-time checks, and the lockout.

Hash format ``scrypt$n$r$p$salt_hex$hash_hex`` (hashlib.scrypt, stdlib: no extra dependency).
A 6-digit PIN has only 10^6 values, so the hash slows down an offline guess from a stolen
configuration but cannot stop it: the configuration file must stay readable by the kiosk user
only. Online guessing is what the lockout stops.

The lockout state is rebuilt from the audit table, so pulling the plug does not reset it."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kiosk.config import Settings, TechnicianSettings
from kiosk.diagnostics.audit import TechnicianAudit

log = logging.getLogger("kiosk.diagnostics.pin")

DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**15, 8, 1  # ~0.1 s and 32 MiB per check on a kiosk PC
MAX_N = 2**20  # a hand-edited hash must not make one check take minutes or all the memory
DEMO_PIN = "000000"
# scrypt of DEMO_PIN with a fixed salt (tests check it). Used only when pin_hash is empty and
# every device is a simulator (`kiosk demo`, screenshots), never on a kiosk with real devices.
DEMO_PIN_HASH = ("scrypt$16384$8$1$6b696f736b2d64656d6f2d70696e2121$"
                 "5023655365eb41d59ca695fab0c4786424c4d515a5f661c7e5fdcd25ae80ff27")
PIN_LENGTHS = range(4, 13)

EVENT_OK = "pin_ok"
EVENT_WRONG = "pin_wrong"
EVENT_LOCKED = "pin_refused_locked"
EVENT_LOCKOUT = "pin_lockout"
EVENT_NOT_CONFIGURED = "pin_not_configured"


def hash_pin(pin: str, *, n: int = DEFAULT_N, r: int = DEFAULT_R, p: int = DEFAULT_P,
             salt: bytes | None = None) -> str:
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        raise ValueError(f"a PIN is {PIN_LENGTHS.start}–{PIN_LENGTHS.stop - 1} digits")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r), dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def _maxmem(n: int, r: int) -> int:
    return 128 * r * n + 4 * 1024 * 1024


def verify_pin(pin: str, encoded: str) -> bool:
    """Constant-time comparison; a malformed hash verifies nothing (and is logged)."""
    try:
        scheme, n_s, r_s, p_s, salt_hex, hash_hex = encoded.split("$")
        n, r, p = int(n_s), int(r_s), int(p_s)
        if scheme != "scrypt" or not (2 <= n <= MAX_N) or n & (n - 1) or not (1 <= r <= 32) or not (1 <= p <= 16):
            raise ValueError("parameters out of range")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError as exc:
        log.error("technician pin_hash is malformed: %s", exc)
        return False
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r), dklen=len(expected))
    return hmac.compare_digest(digest, expected)


def is_demo(settings: Settings) -> bool:
    return all(d.driver == "simulator" for d in settings.devices.values())


def effective_pin_hash(settings: Settings) -> str | None:
    """The configured hash; the demo hash when none is configured and nothing is real; else None
    (diagnostics cannot be entered until a hash is configured)."""
    if settings.technician.pin_hash:
        return settings.technician.pin_hash
    if is_demo(settings):
        return DEMO_PIN_HASH
    return None


class Outcome(str, Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"  # refused without checking: the pad is locked
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    attempts_left: int
    locked_for_s: float


class PinGate:
    """Checks PINs, counts wrong ones and locks after ``lockout_after`` of them in a row."""

    def __init__(self, pin_hash: str | None, cfg: TechnicianSettings, audit: TechnicianAudit,
                 clock: Callable[[], float] = time.time) -> None:
        self.pin_hash = pin_hash
        self.cfg = cfg
        self.audit = audit
        self.clock = clock
        self._wrong = 0
        self._locked_until = 0.0
        self._restore()

    def _restore(self) -> None:
        """Wrong PINs since the last good one, from the audit (survives a restart)."""
        wrong = 0
        locked_until = 0.0
        for entry in self.audit.recent(limit=500):
            if entry.event == EVENT_OK:
                wrong, locked_until = 0, 0.0
            elif entry.event == EVENT_WRONG:
                wrong += 1
            elif entry.event == EVENT_LOCKOUT:
                locked_until = entry.ts + self.cfg.lockout_s
                wrong = 0
        self._wrong = wrong
        self._locked_until = locked_until

    def locked_for_s(self) -> float:
        return max(0.0, self._locked_until - self.clock())

    @property
    def attempts_left(self) -> int:
        return max(0, self.cfg.lockout_after - self._wrong)

    def try_pin(self, pin: str) -> Attempt:
        if self.pin_hash is None:
            self.audit.record(EVENT_NOT_CONFIGURED, "outcome=not_configured")
            return Attempt(Outcome.NOT_CONFIGURED, 0, 0.0)
        locked = self.locked_for_s()
        if locked > 0:
            self.audit.record(EVENT_LOCKED, f"outcome=locked remaining_s={locked:.0f}")
            return Attempt(Outcome.LOCKED, 0, locked)
        if verify_pin(pin, self.pin_hash):
            self._wrong = 0
            self.audit.record(EVENT_OK, "outcome=ok")
            return Attempt(Outcome.OK, self.cfg.lockout_after, 0.0)
        self._wrong += 1
        self.audit.record(EVENT_WRONG, f"outcome=wrong count={self._wrong}")
        if self._wrong >= self.cfg.lockout_after:
            self._wrong = 0
            self._locked_until = self.clock() + self.cfg.lockout_s
            self.audit.record(EVENT_LOCKOUT, f"outcome=locked lockout_s={self.cfg.lockout_s}")
            log.warning("technician PIN pad locked for %d s after %d wrong PINs", self.cfg.lockout_s,
                        self.cfg.lockout_after)
            return Attempt(Outcome.LOCKED, 0, float(self.cfg.lockout_s))
        return Attempt(Outcome.WRONG, self.attempts_left, 0.0)
