"""The technician PIN: scrypt hashes, the demo default, the lockout and its audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, Settings, TechnicianSettings, parse_settings
from kiosk.diagnostics.audit import TechnicianAudit
from kiosk.diagnostics.pin import (
    DEMO_PIN, DEMO_PIN_HASH, Outcome, PinGate, effective_pin_hash, hash_pin, verify_pin,
)
from kiosk.store.db import Database

CHEAP = 2**10  # a cheap scrypt cost keeps the tests fast; production uses 2**15


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_hash_round_trip_and_format() -> None:
    encoded = hash_pin("123456", n=CHEAP)
    scheme, n, r, p, salt, digest = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(CHEAP), "8", "1") and len(salt) == 32 and len(digest) == 64
    assert verify_pin("123456", encoded)
    assert not verify_pin("123457", encoded)
    assert hash_pin("123456", n=CHEAP) != encoded  # a fresh salt every time
    assert Settings(technician=TechnicianSettings(pin_hash=encoded)).technician.pin_hash == encoded


def test_demo_hash_is_the_documented_demo_pin() -> None:
    assert verify_pin(DEMO_PIN, DEMO_PIN_HASH)
    assert effective_pin_hash(Settings()) == DEMO_PIN_HASH  # no devices configured: all simulated
    real = parse_settings({"devices": {"printer": {"kind": "printer", "driver": "escpos_serial", "port": "/dev/ttyS0"}}})
    assert effective_pin_hash(real) is None  # real devices and no hash: nobody gets in


@pytest.mark.parametrize("bad", ["scrypt$1024$8$1$zz$00", "scrypt$1000$8$1$00112233445566778899$" + "00" * 32,
                                 "scrypt$2097152$8$1$0011223344556677$" + "00" * 32, "bcrypt$x"])
def test_malformed_hashes_verify_nothing(bad: str) -> None:
    assert not verify_pin("123456", bad)


def test_configuration_rejects_a_garbled_hash() -> None:
    with pytest.raises(ConfigError, match="technician.pin_hash"):
        parse_settings({"technician": {"pin_hash": "123456"}})  # a PIN in clear is not a hash


def test_five_wrong_pins_lock_and_the_lock_survives_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    db = Database(tmp_path)
    cfg = TechnicianSettings(lockout_after=5, lockout_s=300)
    pin_hash = hash_pin("2468", n=CHEAP)
    gate = PinGate(pin_hash, cfg, TechnicianAudit(db, clock), clock)
    outcomes = []
    for _ in range(5):
        clock.now += 2
        outcomes.append(gate.try_pin("1111"))
    assert [a.outcome for a in outcomes] == [Outcome.WRONG] * 4 + [Outcome.LOCKED]
    assert [a.attempts_left for a in outcomes[:4]] == [4, 3, 2, 1]
    assert gate.try_pin("2468").outcome is Outcome.LOCKED  # even the right PIN, unchecked

    # a power cut does not unlock: the state comes back from the audit table
    db.close()
    db = Database(tmp_path)
    gate = PinGate(pin_hash, cfg, TechnicianAudit(db, clock), clock)
    assert 290 < gate.locked_for_s() <= 300
    assert gate.try_pin("2468").outcome is Outcome.LOCKED

    clock.now += 301
    assert gate.locked_for_s() == 0
    assert gate.try_pin("2468").outcome is Outcome.OK
    rows = db.conn().execute("SELECT actor, event, detail FROM audit ORDER BY seq").fetchall()
    assert [r[1] for r in rows] == ["pin_wrong"] * 5 + ["pin_lockout", "pin_refused_locked", "pin_refused_locked",
                                                        "pin_ok"]
    assert all(r[0] == "technician" for r in rows)
    assert not any("1111" in r[2] or "2468" in r[2] for r in rows)
    db.close()


def test_a_good_pin_resets_the_count(tmp_path: Path) -> None:
    clock = Clock()
    gate = PinGate(hash_pin("2468", n=CHEAP), TechnicianSettings(lockout_after=3), TechnicianAudit(None, clock), clock)
    gate.try_pin("1")
    gate.try_pin("2")
    assert gate.try_pin("2468").outcome is Outcome.OK
    assert gate.try_pin("3").attempts_left == 2


def test_no_hash_configured_lets_nobody_in(tmp_path: Path) -> None:
    gate = PinGate(None, TechnicianSettings(), TechnicianAudit(None))
    assert gate.try_pin(DEMO_PIN).outcome is Outcome.NOT_CONFIGURED
