"""The log viewer's data: the kiosk's rotating log files (``data_dir/logs/kiosk.log``,
``kiosk.log.1`` …, format in kiosk/logs.py), newest line first, filtered by lowest level and by
subsystem (the logger name's first part: ui, kiosk, devices, sync …), bounded to the last N
lines read from the end of the files. Logs carry no personal data by design; every line shown
passes through kiosk/diagnostics/redact.py anyway."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.diagnostics.redact import redact

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SUBSYSTEMS = ("ui", "kiosk", "devices", "sync", "server")
MAX_LINE = 400  # characters shown of one line
READ_LIMIT = 4_000_000  # bytes read from the end of the files at most, whatever N is

# 2026-11-23 17:16:19,123 WARNING kiosk.hardware: message
_LINE = re.compile(r"^(?P<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:,\d+)? (?P<level>[A-Z]+) (?P<name>[\w.\-]+): (?P<msg>.*)$")


@dataclass(frozen=True)
class LogLine:
    at: str
    level: str
    logger: str
    message: str

    @property
    def subsystem(self) -> str:
        """`kiosk.sync.worker` → sync (kiosk.sync is its own subsystem), else the first part."""
        parts = self.logger.split(".")
        if parts[0] == "kiosk" and len(parts) > 1 and parts[1] == "sync":
            return "sync"
        return parts[0]


def log_files(log_dir: Path) -> list[Path]:
    """kiosk.log, kiosk.log.1, kiosk.log.2 … (newest first)."""
    def rank(p: Path) -> int:
        suffix = p.name[len("kiosk.log"):].lstrip(".")
        return int(suffix) if suffix.isdigit() else 0
    return sorted((p for p in log_dir.glob("kiosk.log*") if p.is_file() and (p.name == "kiosk.log" or
                                                                            p.name[len("kiosk.log."):].isdigit())),
                  key=rank)


def _lines_backwards(path: Path, budget: list[int]) -> Iterator[str]:
    """A file's lines from the last to the first, reading blocks from the end."""
    try:
        with path.open("rb") as f:
            f.seek(0, 2)
            pos = f.tell()
            rest = b""
            while pos > 0 and budget[0] > 0:
                size = min(65536, pos)
                pos -= size
                f.seek(pos)
                block = f.read(size)
                budget[0] -= size
                rest = block + rest
                parts = rest.split(b"\n")
                rest = parts[0]
                for raw in reversed(parts[1:]):
                    if raw:
                        yield raw.decode("utf-8", "replace")
            if rest and pos == 0:
                yield rest.decode("utf-8", "replace")
    except OSError:
        return


def read_log(log_dir: Path, min_level: str = "DEBUG", subsystem: str = "", limit: int = 200) -> list[LogLine]:
    """The newest ``limit`` matching lines, newest first, redacted. Continuation lines (a
    traceback) are attached to the line they follow."""
    floor = LEVELS.index(min_level) if min_level in LEVELS else 0
    found: list[LogLine] = []
    budget = [READ_LIMIT]
    extra: list[str] = []
    for path in log_files(log_dir):
        for text in _lines_backwards(path, budget):
            m = _LINE.match(text)
            if m is None:
                extra.insert(0, text)  # read backwards: belongs to the next real line we meet
                extra = extra[-20:]
                continue
            tail, extra = extra, []
            line = LogLine(m["at"], m["level"], m["name"], m["msg"])
            level = LEVELS.index(line.level) if line.level in LEVELS else 0
            if level < floor or (subsystem and line.subsystem != subsystem):
                continue
            message = "\n".join([line.message] + tail)
            found.append(LogLine(line.at, line.level, line.logger, redact(message)[:MAX_LINE]))
            if len(found) >= limit:
                return found
        if budget[0] <= 0:
            break
    return found
