"""Server settings. One small frozen dataclass so tests and the launcher can build apps cheaply."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MAX_BODY_BYTES = 8 * 1024 * 1024
FACE_CALIBRATION = Path(__file__).with_name("face_calibration.json")


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
    # Identify sessions (server/identify.py): the face check against the register photo.
    face_calibration: Path = FACE_CALIBRATION  # missing: identify sessions are refused (503)
    identify_session_s: int = 300  # a token lives this long (card read → consent → attempts)
    identify_attempts: int = 3  # comparisons per session (the kiosk allows 3 attempts)
    identify_opens_per_window: int = 20  # sessions one kiosk may open per window; then 429
    identify_window_s: int = 600
    # PostgreSQL connections per server process: pool_size kept open, max_overflow more under
    # load. A batch of records uses one connection for its whole transaction, so a few suffice;
    # every worker process has its own pool (`serve --workers`).
    db_pool_size: int = 10
    db_max_overflow: int = 5
    # Base URL of the public verification page (/v/{code}) printed in documents' QR codes: an
    # address a citizen's or a recipient's phone reaches (the hall Wi-Fi or the internet), not
    # the kiosks' private link. Empty: the address the kiosk used (fine for the demo only).
    public_url: str = ""

    def __post_init__(self) -> None:
        if self.public_url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", self.public_url):
            raise ValueError(f"public_url must be an http(s) URL without query, got {self.public_url!r}")

    def to_json(self) -> str:
        """For the worker processes of `serve --workers` (handed over in the environment)."""
        # Path fields as text; the payment gateways (keys) are loaded by each worker itself
        # from the environment and key files (app_from_environment), never put in a variable.
        data = asdict(self)
        data.pop("pay_gateways")
        return json.dumps(data, default=str)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        data = json.loads(text)
        data["face_calibration"] = Path(data["face_calibration"])
        return cls(**data)
