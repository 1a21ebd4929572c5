"""Server settings. One small frozen dataclass so tests and the launcher can build apps cheaply."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field

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
    # PostgreSQL connections per server process: pool_size kept open, max_overflow more under
    # load. A batch of records uses one connection for its whole transaction, so a few suffice;
    # every worker process has its own pool (`serve --workers`).
    db_pool_size: int = 10
    db_max_overflow: int = 5

    def to_json(self) -> str:
        """For the worker processes of `serve --workers` (handed over in the environment)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Settings:
        return cls(**json.loads(text))
