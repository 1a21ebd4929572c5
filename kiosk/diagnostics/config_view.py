"""The configuration page's data: the effective settings with secrets hidden, and the versions
of what the kiosk runs on. No Qt (the Qt version is added by the page)."""

from __future__ import annotations

import importlib.metadata
import json
import platform
from typing import Any

from kiosk.diagnostics.redact import redact

HIDDEN = "[HIDDEN]"
# Keys whose values are secrets, or paths whose *contents* are secrets (the file path is shown,
# never read): pin hash, sync secret, API keys, the data key file, TLS private keys.
SECRET_PARTS = ("secret", "password", "passwd", "token", "pin_hash", "api_key", "private_key", "staff_cards")


def is_secret(key: str) -> bool:
    k = key.lower()
    return any(part in k for part in SECRET_PARTS)


def hide_secrets(value: Any, key: str = "") -> Any:
    if is_secret(key) and value not in ("", None, [], {}):  # an empty secret shows it is not set
        return HIDDEN
    if isinstance(value, dict):
        return {k: hide_secrets(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [hide_secrets(v) for v in value]
    return value


def setting_lines(settings: dict[str, Any], prefix: str = "") -> list[str]:
    """`section.key = value` lines, secrets as [HIDDEN], redacted like the bundle."""
    lines: list[str] = []
    for key in sorted(settings):
        value = settings[key]
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and not is_secret(key):
            lines += setting_lines(value, path + ".")
        else:
            shown = hide_secrets(value, key)
            text = shown if isinstance(shown, str) else json.dumps(shown, ensure_ascii=False)
            lines.append(f"{path} = {redact(text)}")
    return lines


def _dist(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def versions(kiosk: str, catalog: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """kiosk, catalog, Python, and the libraries the devices and the face check depend on."""
    found = {"kiosk": kiosk, "catalog": catalog, "Python": platform.python_version()}
    try:
        import cv2

        found["OpenCV"] = str(cv2.__version__)
    except ImportError:
        found["OpenCV"] = "not installed"
    found["dlib"] = _dist("dlib") if _dist("dlib") != "not installed" else _dist("dlib-bin")
    found["face_recognition"] = _dist("face_recognition")
    found["python-escpos"] = _dist("python-escpos")
    found["pyserial"] = _dist("pyserial")
    found.update(extra or {})
    return found
