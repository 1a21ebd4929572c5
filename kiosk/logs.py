"""Logging: named loggers per subsystem (kiosk.*, devices.*, ui.*), one rotating file in the data
directory. Log lines never carry personal data: code logs ids, codes and states, never values."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kiosk.private_files import restrict

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path, level: str = "INFO", max_bytes: int = 5_000_000, backups: int = 10) -> Path:
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = log_dir / "kiosk.log"
    restrict(log_dir, path, *log_dir.glob("kiosk.log.*"))  # left 0755/0644 by an older version
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "kiosk_file", False)]:
        root.removeHandler(old)
        old.close()
    handler.kiosk_file = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path
