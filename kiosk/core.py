"""Builds the kiosk's services in one place (no module-level singletons) and hands them to the UI."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.catalog import Catalog, Item, load_catalog
from kiosk.config import Settings
from kiosk.logs import setup_logging
from kiosk.workflow import Submitter

log = logging.getLogger("kiosk.core")


class KioskCore:
    """Settings, catalog, case store, devices and sync for one kiosk process."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None, submitter: Submitter | None = None,
                 log_to_file: bool = True) -> None:
        self.settings = settings
        if log_to_file:
            setup_logging(settings.data_dir / "logs", settings.logging.level, settings.logging.max_bytes,
                          settings.logging.backups)
        self.catalog = catalog if catalog is not None else load_catalog(settings.catalog_dir)
        self.submitter = submitter
        self._device_listeners: list[Callable[[], None]] = []
        log.info("kiosk %s ready: catalog %s with %d items", settings.kiosk_id, self.catalog.version, len(self.catalog))

    # -- what the UI asks ----------------------------------------------------------------------
    def unusable_devices(self) -> set[str]:
        return set()

    def paused_notices(self, language: str) -> list[str]:
        return []

    def has_printer(self) -> bool:
        return False

    def print_notice(self, item: Item, language: str) -> bool:
        return False

    def call_staff(self) -> bool:
        return False

    def on_devices_changed(self, callback: Callable[[], None]) -> None:
        self._device_listeners.append(callback)

    def close(self) -> None:
        log.info("kiosk shutting down")
