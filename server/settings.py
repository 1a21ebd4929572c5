"""Server settings. One small frozen dataclass so tests and the launcher can build apps cheaply."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

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
    # Payment providers (server.gateways.config.Gateways, loaded from the environment and key
    # files by `kiosk-server serve`); None: the built-in simulator of server/payments.py.
    pay_gateways: Any = field(default=None, compare=False, repr=False)
