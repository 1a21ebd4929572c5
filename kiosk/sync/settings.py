"""The ``[sync]`` section of the kiosk configuration (``Settings.sync``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class SyncSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    server_url: str = Field(pattern=r"^https?://")
    """Base URL of the central server, e.g. https://kiosk-api.example.gov.cn. `kiosk run` refuses http://
    (only `kiosk demo` and tests may use it)."""
    secret: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    """This kiosk's secret (64 hex characters, from `kiosk-server add-kiosk ID`). Prefer secret_file."""
    secret_file: Path | None = None
    """File holding the secret (mode 0600), kept out of the configuration file."""
    ca_file: Path | None = None
    """PEM of the private CA that signed the server certificate (pins it instead of the system CAs).
    Required by `kiosk run`; only `kiosk demo` and tests may leave it out (then the system CAs apply)."""
    timeout_s: float = Field(default=30.0, gt=0, le=300)
    """Read timeout of one request."""
    batch_size: int = Field(default=100, ge=1, le=100)
    """Records per request at most (fewer after a timeout, growing back on success)."""
    max_request_bytes: int = Field(default=1_000_000, ge=10_000, le=6_000_000)
    """Byte budget of one request's JSON body: batches are cut to it, halve after a timeout and grow
    back on success. Keep it well under what the link carries within timeout_s (1 MB in 30 s
    needs ~35 kB/s). A single record larger than this is still sent, alone."""
    heartbeat_s: float = Field(default=60.0, ge=5, le=3600)
    """Seconds between heartbeats."""
    short_id: str | None = Field(default=None, pattern=r"^[A-Z0-9]{1,8}$")
    """Kiosk short id printed in case numbers (<short>-<YYYYMMDD>-<NNNN>); default from kiosk_id (K01)."""
    warn_depth: int = Field(default=200, ge=1)
    """Undelivered records at which the technician is alerted."""
    warn_age_h: float = Field(default=6.0, gt=0)
    """Age of the oldest undelivered record (hours) at which the technician is alerted."""
    max_depth: int = Field(default=20_000, ge=1)
    """Undelivered records at which the kiosk stops taking new cases (says so; never loses one)."""
    reserve_mb: float = Field(default=100.0, ge=1.0)
    """Free space (MB) on the data disk below which new cases are refused (with the "storage full"
    message) and a technician alert is raised, so purges, alerts and payments still find room.
    Taken again by itself once there is room (kiosk/store/space.py)."""

    def load_secret(self) -> str:
        if self.secret:
            return self.secret
        if self.secret_file is None:
            raise ValueError("sync: set secret_file (or secret)")
        return self.secret_file.read_text(encoding="ascii").strip()

    @property
    def verify(self) -> bool | str:
        return str(self.ca_file) if self.ca_file else True
