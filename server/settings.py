"""Server settings. One small frozen dataclass so tests and the launcher can build apps cheaply."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

MAX_BODY_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    db_url: str = "sqlite:///kiosk-server.db"
    operator_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # Signed requests older/newer than this are refused (protocol: 300 s).
    clock_window_s: int = 300
    max_body_bytes: int = MAX_BODY_BYTES
    # Demo mode: load the demo population on start and enable the payment "simulate" endpoint.
    demo: bool = False
    hold_seconds: int = 120
    qr_order_seconds: int = 300
    # SQLite only: FULL makes every acknowledged record survive a power cut (the kiosk purges its
    # copy once we answer), at the price of one fsync per commit.
    sqlite_synchronous: str = "FULL"
    # The key that seals kiosk secrets in the database (server.secretbox). Empty: beside an SQLite
    # database file (<file>.key); required for PostgreSQL.
    key_file: str = ""
    # Case queries by the last 4 ID characters (server.querylimits): per kiosk at most this many a
    # minute and this many wrong ones an hour; a case number is locked for case_lock_s after
    # case_wrong_before_lock wrong guesses within that time (from any kiosk).
    case_queries_per_kiosk_per_min: int = 10
    case_wrong_per_kiosk_per_hour: int = 20
    case_wrong_before_lock: int = 5
    case_lock_s: int = 3600
    # SMS provider and templates (server.smsconfig): a TOML file; empty = the local simulator.
    sms_config: str = ""
