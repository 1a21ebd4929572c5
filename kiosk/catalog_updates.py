"""New catalog versions from the centre: downloaded on a heartbeat that names a newer version,
checked (sha256, then the kiosk's own validation), kept in the data directory, and switched in at
an idle moment — never under a citizen's feet. A bad download is refused and a technician alerted;
the kiosk keeps the catalog it has."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.catalog import Catalog, CatalogError, load_catalog
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import SyncError
from kiosk.sync.updates import UpdateError, verify_catalog

log = logging.getLogger("kiosk.catalog_updates")


def version_key(version: str) -> tuple[int, ...] | tuple[str]:
    """'2026.11.2' sorts after '2026.11.1' and before '2026.12.1'."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (version,)


def is_newer(candidate: str, current: str) -> bool:
    """Only dotted numeric versions are ordered; anything else is never taken as newer (a kiosk
    must not swap its catalog on a version it cannot place)."""
    a, b = version_key(candidate), version_key(current)
    if not (isinstance(a[0], int) and isinstance(b[0], int)):
        return False
    return a > b  # type: ignore[operator]


class CatalogUpdates:
    def __init__(self, folder: Path, current: Catalog, alert: Callable[[str, str], None] | None = None) -> None:
        self.folder = folder  # data_dir/catalog: one sub-folder per downloaded version
        self.current_version = current.version
        self.alert = alert  # technician alerts (kind, message)
        self._lock = threading.Lock()
        self._pending: Catalog | None = None
        self._refused: set[str] = set()  # versions refused once: not fetched or alerted again

    def newest_stored(self) -> Catalog | None:
        """At start-up: the newest valid downloaded catalog newer than the shipped one."""
        if not self.folder.is_dir():
            return None
        best: Catalog | None = None
        best_version = self.current_version
        for sub in sorted(p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                catalog = load_catalog(sub)
            except CatalogError as exc:
                log.warning("stored catalog %s ignored: %s", sub.name, exc)
                continue
            if is_newer(catalog.version, best_version):
                best, best_version = catalog, catalog.version
        if best is not None:
            self.current_version = best.version
        return best

    def on_heartbeat(self, answer: dict[str, Any], client: ServerClient) -> None:
        """Called on the sync thread with the heartbeat's answer."""
        offered = answer.get("catalog_version")
        if not isinstance(offered, str) or not is_newer(offered, self.current_version) or offered in self._refused:
            return
        with self._lock:
            if self._pending is not None and self._pending.version == offered:
                return
        try:
            download = verify_catalog(client.get_catalog())
        except (SyncError, UpdateError) as exc:
            log.warning("catalog %s not downloaded: %s", offered, exc)
            return
        self.stage(download.version, download.files)

    def stage(self, version: str, files: dict[str, str]) -> Catalog | None:
        """Validate and keep a downloaded catalog; it becomes pending until an idle moment."""
        self.folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.folder))
        try:
            for name, text in files.items():
                (work / name).write_text(text, encoding="utf-8")
            catalog = load_catalog(work)
            if catalog.version != version:
                raise CatalogError(f"catalog files say version {catalog.version}, the centre said {version}")
        except CatalogError as exc:
            shutil.rmtree(work, ignore_errors=True)
            self._refused.add(version)
            log.error("catalog %s refused: %s", version, exc)
            if self.alert is not None:
                self.alert("catalog_refused", f"catalog {version} from the centre refused: {exc}")
            return None
        final = self.folder / version
        shutil.rmtree(final, ignore_errors=True)
        work.rename(final)
        catalog = load_catalog(final)
        with self._lock:
            self._pending = catalog
        log.info("catalog %s downloaded; switching at the next idle moment", version)
        return catalog

    def has_pending(self) -> bool:
        with self._lock:
            return self._pending is not None

    def take_pending(self) -> Catalog | None:
        """The UI calls this when nobody is using the kiosk; returns the catalog to switch to."""
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self.current_version = pending.version
        return pending
