"""The diagnostics bundle: one zip a technician takes away on a USB stick or sends to support.

Contents (every text passes through kiosk/diagnostics/redact.py; secrets are replaced before):

    logs/kiosk.log[.N]   the rotating log files from data_dir/logs
    config.json          the effective settings, secrets hidden
    devices.json         every device: status, driver, port, paused services
    audit.json           recent audit rows (technician, sync, kiosk)
    sync.json            outbox depth and age, sync worker status, technician alerts
    versions.json        kiosk, catalog, Python and library versions
    README.txt           what this is, when, and the redaction rules

No Qt: ``kiosk`` code and tests can build it headless."""

from __future__ import annotations

import json
import logging
import os
import platform
import time
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kiosk.diagnostics.redact import PERSONAL_FIELDS, REDACTED, redact

log = logging.getLogger("kiosk.diagnostics.bundle")

HIDDEN = "[HIDDEN]"
# Keys whose values are secrets wherever they appear in the configuration.
SECRET_KEYS = ("secret", "password", "passwd", "token", "pin_hash", "api_key", "private_key", "staff_cards")
LOG_LIMIT_BYTES = 20_000_000  # newest logs first, up to this much, so a bundle fits any stick
DISTRIBUTIONS = ("police-kiosk", "PySide6", "pyside6-essentials", "opencv-python", "opencv-python-headless",
                 "dlib", "dlib-bin", "face-recognition", "numpy", "pyserial", "python-escpos", "httpx", "pydantic")


@dataclass
class BundleInput:
    """Everything the bundle holds, gathered by the caller (the UI gathers it from KioskCore)."""

    kiosk_id: str
    data_dir: Path
    settings: Mapping[str, Any]  # Settings.model_dump(mode="json")
    devices: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    sync: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)


def hide_secrets(value: Any) -> Any:
    """A copy with the values of secret-looking keys replaced (recursively)."""
    if isinstance(value, Mapping):
        return {k: (HIDDEN if v not in (None, "") and any(s in str(k).lower() for s in SECRET_KEYS)
                    else hide_secrets(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [hide_secrets(v) for v in value]
    return value


def library_versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "platform": platform.platform()}
    for dist in DISTRIBUTIONS:
        try:
            found[dist] = version(dist)
        except PackageNotFoundError:
            continue
    return found


def _log_files(data_dir: Path) -> list[Path]:
    logs = data_dir / "logs"
    if not logs.is_dir():
        return []
    files = [p for p in logs.iterdir() if p.is_file() and p.name.startswith("kiosk.log")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def _json(value: Any) -> str:
    return redact(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def bundle_name(kiosk_id: str, now: float) -> str:
    return f"diagnostics-{kiosk_id}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now))}.zip"


def write_bundle(data: BundleInput, folder: Path, now: float | None = None) -> Path:
    """Write the zip into ``folder`` (created if missing) and return its path. Written under a
    temporary name and renamed, so a pulled USB stick never holds half a bundle by the real name."""
    now = time.time() if now is None else now
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / bundle_name(data.kiosk_id, now)
    partial = target.with_suffix(".zip.partial")
    members: dict[str, str] = {
        "README.txt": _readme(data.kiosk_id, now),
        "config.json": _json(hide_secrets(dict(data.settings))),
        "devices.json": _json(data.devices),
        "audit.json": _json(data.audit),
        "sync.json": _json(data.sync),
        "versions.json": _json({**library_versions(), **data.versions}),
    }
    budget = LOG_LIMIT_BYTES
    skipped = []
    for path in _log_files(data.data_dir):
        size = path.stat().st_size
        if size > budget:
            skipped.append(path.name)
            continue
        budget -= size
        members[f"logs/{path.name}"] = redact(path.read_text(encoding="utf-8", errors="replace"))
    if skipped:
        members["logs/SKIPPED.txt"] = "Left out (size limit): " + ", ".join(skipped) + "\n"
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, text in members.items():
                zf.writestr(name, text)
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    log.info("diagnostics bundle written: %s (%d files)", target.name, len(members))
    return target


def _readme(kiosk_id: str, now: float) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(now))
    return (f"Diagnostics bundle of kiosk {kiosk_id}, written {stamp}.\n\n"
            f"Secrets in config.json are shown as {HIDDEN}. Every file passed through the redactor "
            f"(kiosk/diagnostics/redact.py): Chinese ID numbers (18 characters, valid check digit), "
            f"mainland mobile numbers, Chinese postal addresses and the values of these fields are "
            f"replaced by {REDACTED}:\n  " + ", ".join(PERSONAL_FIELDS) + "\n")


def audit_rows(entries: list[Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in asdict(e).items() if k != "ts"} for e in entries]
