"""Kiosk configuration: one TOML file, typed and validated; every setting is documented here once.

With no file at all the kiosk runs fully simulated, with its data in a per-user data directory.
A bad value raises :class:`ConfigError` naming the key and what is allowed; the command line turns
that into a message and a non-zero exit before anything starts.
"""

from __future__ import annotations

import os
import ssl
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.catalog import default_catalog_dir
from kiosk.sync.settings import SyncSettings


class ConfigError(ValueError):
    """The configuration file is unreadable or has a bad value. The message names the key."""


def _user_dir(env_var: str, fallback: str) -> Path:
    base = os.environ.get(env_var)
    return Path(base) if base else Path.home() / fallback


def default_data_dir() -> Path:
    return _user_dir("XDG_DATA_HOME", ".local/share") / "police-kiosk"


def default_key_file() -> Path:
    # Outside the data directory on purpose: a copied data folder alone must not be readable.
    return _user_dir("XDG_CONFIG_HOME", ".config") / "police-kiosk" / "data.key"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class ScreenSettings(_Section):
    orientation: Literal["portrait", "landscape"] = "portrait"
    """Layout of the touch screen: portrait 1080×1920 (the usual police kiosk) or landscape 1920×1080."""
    width_px: int = Field(default=1080, ge=480, le=7680)
    """Window width in pixels when not fullscreen, and for screenshots."""
    height_px: int = Field(default=1920, ge=480, le=7680)
    """Window height in pixels when not fullscreen, and for screenshots."""
    diagonal_inch: float = Field(default=27.0, gt=5, lt=100)
    """Physical diagonal of the screen. Sizes in millimetres (touch targets, text) are computed from it."""
    fullscreen: bool = True
    """Frameless fullscreen window (production). `kiosk demo --windowed` overrides it."""

    @model_validator(mode="after")
    def _orientation_matches(self) -> ScreenSettings:
        if (self.orientation == "portrait") != (self.height_px >= self.width_px):
            raise ValueError(f"orientation {self.orientation!r} does not match {self.width_px}×{self.height_px}")
        return self

    @property
    def px_per_mm(self) -> float:
        diagonal_px = (self.width_px**2 + self.height_px**2) ** 0.5
        return diagonal_px / (self.diagonal_inch * 25.4)


class SessionSettings(_Section):
    idle_timeout_s: int = Field(default=90, ge=30, le=1800)
    """Seconds without a touch before the session ends (the warning comes before this)."""
    warning_s: int = Field(default=30, ge=20, le=300)
    """Seconds the timeout warning is shown, sounded and can be extended before the session ends (≥ 20)."""
    screen_timeouts_s: dict[str, int] = Field(default_factory=dict)
    """Per-screen idle timeouts by step kind, e.g. {form = 180, guide = 120}."""
    elder_time_factor: float = Field(default=2.0, ge=1.0, le=5.0)
    """Elder mode multiplies every time limit by this."""
    attract_motion: bool = True
    """Animate the attract screen (a touch or the pause button stops it)."""

    @model_validator(mode="after")
    def _warning_fits(self) -> SessionSettings:
        if self.warning_s >= self.idle_timeout_s:
            raise ValueError("warning_s must be shorter than idle_timeout_s")
        for step, seconds in self.screen_timeouts_s.items():
            if seconds <= self.warning_s:
                raise ValueError(f"screen_timeouts_s.{step} must be longer than warning_s ({self.warning_s})")
        return self


DeviceKindName = Literal["card_reader", "camera", "rgb_ir_camera", "printer", "payment_terminal", "scanner",
                         "document_printer", "card_dispenser"]


class DeviceSettings(_Section):
    kind: DeviceKindName
    """What the device is."""
    driver: str = "simulator"
    """Driver name: "simulator" or a real driver of that kind (see devices/README.md)."""
    port: str | None = None
    """Serial port, camera index/path/URL, printer address; the driver decides the form."""
    options: dict[str, Any] = Field(default_factory=dict)
    """Driver options (baud rate, resolution, vendor library path, simulator scripts …)."""


class VoiceSettings(_Section):
    enabled: bool = True
    """Speak each screen's prompt and every error in the citizen's language."""
    engine: str = "speechd"
    """Qt TextToSpeech engine ("speechd" on Debian with speech-dispatcher; "mock" in tests)."""
    volume: float = Field(default=0.8, ge=0.0, le=1.0)
    """Volume every session starts with (a citizen may change it; it is reset afterwards)."""


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Lowest level written to the log file."""
    max_bytes: int = Field(default=5_000_000, ge=10_000)
    """Size at which the log file rotates."""
    backups: int = Field(default=10, ge=1, le=100)
    """Rotated log files kept."""


class PaymentSettings(_Section):
    methods: list[Literal["card", "code", "qr"]] = Field(default_factory=lambda: ["card", "code", "qr"])
    """Ways to pay offered (when their device or the gateway works): bank card on the terminal,
    the citizen's payment code read by the scanner, a QR code shown on screen."""
    student_holidays: list[tuple[str, str]] = Field(default_factory=lambda: [("07-01", "08-31"), ("01-15", "02-28")])
    """School holiday windows ("MM-DD", "MM-DD") for the student_holiday exemption (local policy)."""
    qr_wait_s: int = Field(default=120, ge=30, le=600)
    """How long a QR code is shown before the order is closed."""
    query_limit_s: float = Field(default=30.0, ge=1.0, le=300.0)
    """An unknown outcome is queried this long, then reversed."""
    user_paying_every_s: float = Field(default=10.0, ge=0.2, le=60.0)
    """Query interval while the citizen confirms on the phone."""
    first_query_s: float = Field(default=5.0, ge=0.0, le=60.0)
    """Wait after a gateway system error before the first query."""
    refund_days_card: int = Field(default=7, ge=1, le=30)
    """Working days said on screen for a voided card payment to reach the card."""
    refund_days_wallet: int = Field(default=1, ge=1, le=30)
    """Working days said on screen for a reversed WeChat / Alipay / UnionPay QR payment."""


class TechnicianSettings(_Section):
    pin_hash: str = Field(default="", pattern=r"^(|scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{16,128}\$[0-9a-f]{32,128})$")
    """Technician PIN as `scrypt$n$r$p$salt_hex$hash_hex` (make one with `kiosk technician hash-pin`).
    Empty: the demo PIN 000000 when every device is a simulator, otherwise diagnostics cannot be entered."""
    lockout_after: int = Field(default=5, ge=1, le=20)
    """Wrong PINs in a row that lock the PIN pad."""
    lockout_s: int = Field(default=300, ge=10, le=86_400)
    """Seconds the PIN pad stays locked after `lockout_after` wrong PINs."""
    idle_exit_s: int = Field(default=120, ge=15, le=3600)
    """Seconds without a touch after which diagnostics closes by itself and the kiosk returns to citizens."""
    staff_cards: list[str] = Field(default_factory=list, max_length=200)
    """ID numbers of technicians' staff cards (read by the card reader while the PIN pad shows)
    that open diagnostics instead of the PIN. Compared as salted hashes, never logged. Empty: PIN only."""


class Settings(_Section):
    kiosk_id: str = Field(default="demo-kiosk-01", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    """This kiosk's identity towards the central server and on receipts."""
    location: dict[str, str] = Field(default_factory=lambda: {"zh": "示例市公安局政务服务大厅", "en": "Example City Police Service Hall"})
    """Where the kiosk stands (zh and en), shown on receipts and the out-of-service screen."""
    counter: dict[str, str] = Field(default_factory=lambda: {"zh": "一楼综合服务窗口", "en": "the service counter on the ground floor"})
    """Where a citizen goes when the kiosk cannot help (zh and en)."""
    language: Literal["zh_CN", "en"] = "zh_CN"
    """Language each session starts in."""
    data_dir: Path = Field(default_factory=default_data_dir)
    """Database, logs and outbox. Personal fields in it are encrypted."""
    key_file: Path = Field(default_factory=default_key_file)
    """Encryption key file (created 0600 on first run); keep it outside data_dir."""
    catalog_dir: Path = Field(default_factory=default_catalog_dir)
    """Folder of catalog *.toml files shipped with the kiosk."""
    screen: ScreenSettings = Field(default_factory=ScreenSettings)
    session: SessionSettings = Field(default_factory=SessionSettings)
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    technician: TechnicianSettings = Field(default_factory=TechnicianSettings)
    payment: PaymentSettings = Field(default_factory=PaymentSettings)
    devices: dict[str, DeviceSettings] = Field(default_factory=dict)
    """Devices by name. Empty: one simulator of each kind (demo)."""
    required_devices: list[DeviceKindName] = Field(default_factory=list)
    """Device kinds without which the kiosk does not serve at all, e.g. ["card_reader", "printer"]:
    while one of them is unusable (after start-up) citizens see the out-of-service screen, and the
    kiosk returns to service by itself when it recovers. Empty (demo): a broken device only pauses
    the services that need it."""
    sync: SyncSettings | None = None
    """Central server connection (fields in kiosk/sync/settings.py). None in demo: a local server is started."""

    @model_validator(mode="after")
    def _required_devices_configured(self) -> Settings:
        configured = {d.kind for d in self.devices.values()}
        missing = [kind for kind in self.required_devices if self.devices and kind not in configured]
        if missing:
            raise ValueError(f"required_devices: {', '.join(missing)} not configured in [devices]")
        return self

    @model_validator(mode="after")
    def _key_outside_data(self) -> Settings:
        data = self.data_dir.expanduser().resolve()
        key = self.key_file.expanduser().resolve()
        if data == key or data in key.parents:
            raise ValueError("key_file must not be inside data_dir")
        return self


def _describe(error: ValidationError) -> str:
    parts = []
    for err in error.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(file)"
        value = err.get("input")
        shown = "" if isinstance(value, dict) else f" (got {value!r})"
        parts.append(f"{key}: {err['msg']}{shown}")
    return "; ".join(parts)


def parse_settings(data: dict[str, Any], source: str = "configuration") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc)}") from exc


def load_settings(path: Path | None) -> Settings:
    """Load settings from a TOML file, or the simulated defaults when ``path`` is None."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_settings(data, str(path))


def check_production(settings: Settings, source: str = "configuration") -> None:
    """What `kiosk run` (and the self-test of a production configuration) demands on top of the
    schema: the central server over https only, its certificate pinned to the fleet CA, never the
    system CA store (docs/server.md). Plain http and unpinned TLS stay possible with `kiosk demo`
    and in tests, which build the kiosk without this check. A kiosk without ``[sync]`` talks to no
    server and passes. Raises :class:`ConfigError` naming the key."""
    sync = settings.sync
    if sync is None:
        return
    if not sync.server_url.lower().startswith("https://"):
        raise ConfigError(f"{source}: sync.server_url: a production kiosk talks to the central server only over "
                          f"https:// (got {sync.server_url!r}); plain http is for `kiosk demo` and tests")
    if sync.ca_file is None:
        raise ConfigError(f"{source}: sync.ca_file: required in production — the PEM of the fleet CA that signed "
                          "the server certificate (the system CA store is not trusted; docs/server.md)")
    try:
        ssl.create_default_context(cafile=str(sync.ca_file))
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or type(exc).__name__
        raise ConfigError(f"{source}: sync.ca_file: {sync.ca_file} is not a readable PEM CA certificate "
                          f"({reason})") from None
