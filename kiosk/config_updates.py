"""Configuration the centre may change remotely, applied at an idle moment: only the session
time limits (the rest — devices, keys, server — is local on purpose). A document that does not
validate is refused whole and the technician alerted; the kiosk keeps what it has."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from kiosk.config import SessionSettings, Settings
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import SyncError

log = logging.getLogger("kiosk.config_updates")

REMOTE_SECTIONS = ("session",)


class ConfigUpdates:
    def __init__(self, alert: Callable[[str, str], None] | None = None) -> None:
        self.alert = alert
        self.applied_version: str | None = None
        self._lock = threading.Lock()
        self._pending: tuple[str, dict[str, Any]] | None = None

    def on_heartbeat(self, answer: dict[str, Any], client: ServerClient) -> None:
        offered = answer.get("config_version")
        if not isinstance(offered, str) or offered == self.applied_version:
            return
        with self._lock:
            if self._pending is not None and self._pending[0] == offered:
                return
        try:
            document = client.get_config()
        except SyncError as exc:
            log.warning("configuration %s not downloaded: %s", offered, exc)
            return
        self.stage(str(document.get("version", offered)), document.get("settings") or {})

    def stage(self, version: str, remote: dict[str, Any]) -> bool:
        unknown = sorted(set(remote) - set(REMOTE_SECTIONS))
        problem = f"sections not changeable remotely: {', '.join(unknown)}" if unknown else ""
        if not problem and "session" in remote:
            try:
                SessionSettings.model_validate(remote["session"])
            except ValidationError as exc:
                problem = f"session: {exc.errors()[0]['msg']}"
        if problem:
            log.error("configuration %s refused: %s", version, problem)
            if self.alert is not None:
                self.alert("config_refused", f"configuration {version} from the centre refused: {problem}")
            self.applied_version = version  # not fetched again until the centre publishes another
            return False
        with self._lock:
            self._pending = (version, remote)
        return True

    def has_pending(self) -> bool:
        with self._lock:
            return self._pending is not None

    def apply_pending(self, settings: Settings) -> Settings | None:
        """New settings with the remote sections applied, or None when nothing waits."""
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None:
            return None
        version, remote = pending
        self.applied_version = version
        update: dict[str, Any] = {}
        if "session" in remote:
            update["session"] = SessionSettings.model_validate(remote["session"])
        log.info("configuration %s applied (%s)", version, ", ".join(update) or "nothing to change")
        return settings.model_copy(update=update)
