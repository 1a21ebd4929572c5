"""The technician's view of one kiosk, built on KioskCore: the PIN gate, device rows, the sync
summary, catalog reload and the bundle input. No Qt; the screens in ui/diagnostics call this."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.catalog import Catalog, load_catalog
from kiosk.diagnostics.audit import TechnicianAudit
from kiosk.diagnostics.bundle import BundleInput, audit_rows, write_bundle
from kiosk.diagnostics.devices import DeviceRow, TestRun, device_rows, run_self_test
from kiosk.diagnostics.pin import PinGate, effective_pin_hash, is_demo
from kiosk.version import kiosk_version

if TYPE_CHECKING:
    from kiosk.core import KioskCore

log = logging.getLogger("kiosk.diagnostics")


@dataclass(frozen=True)
class SyncSummary:
    linked: bool
    depth: int
    parked: int
    oldest_age_s: float
    online: bool | None  # None: not linked to a server
    failures: int
    last_error: str
    delivered: int
    alarm: str
    alerts: list[tuple[str, str, str]]  # (at, kind, message)


class Diagnostics:
    def __init__(self, core: KioskCore, clock: Callable[[], float] = time.time) -> None:
        self.core = core
        self.audit = TechnicianAudit(core.store.db if core.store is not None else None, clock)
        self.gate = PinGate(effective_pin_hash(core.settings), core.settings.technician, self.audit, clock)
        # In demo (every device simulated) a self-test puts a sample card / code in front of the
        # simulator, as `kiosk devices test` does; with real devices the technician does that.
        self.steer_simulators = is_demo(core.settings)

    # -- devices ---------------------------------------------------------------------------------
    def devices(self) -> list[DeviceRow]:
        return device_rows(self.core.hardware, self.core.catalog)

    def self_test(self, name: str) -> TestRun:
        """Blocking: call it off the UI thread."""
        manager = self.core.hardware.manager
        if manager is None:
            return TestRun(name, False, ["devices are still starting"])
        run = run_self_test(manager.get(name), steer_simulator=self.steer_simulators)
        self.audit.record("self_test", f"device={name} ok={int(run.ok)}")
        return run

    # -- sync ------------------------------------------------------------------------------------
    def sync(self) -> SyncSummary:
        store = self.core.store
        worker = self.core.server.worker
        status: dict[str, Any] = worker.status() if worker is not None else {}
        if store is None:
            return SyncSummary(False, 0, 0, 0.0, None, 0, "", 0, "", [])
        return SyncSummary(
            linked=worker is not None,
            depth=store.outbox.depth(),
            parked=store.outbox.parked_count(),
            oldest_age_s=store.outbox.oldest_age_s(),
            online=bool(status["online"]) if worker is not None else None,
            failures=int(status.get("failures", 0)),
            last_error=str(status.get("last_error") or ""),
            delivered=int(status.get("delivered", 0)),
            alarm=store.outbox.alarm() or "",
            alerts=[(a.at, a.kind, a.message) for a in store.alerts()],
        )

    def sync_now(self) -> bool:
        worker = self.core.server.worker
        self.audit.record("sync_now", "linked=1" if worker is not None else "linked=0")
        if worker is None:
            return False
        worker.wake()
        return True

    # -- catalog ---------------------------------------------------------------------------------
    def load_catalog(self) -> Catalog:
        """Blocking (reads and validates every TOML file); raises CatalogError when invalid."""
        return load_catalog(self.core.settings.catalog_dir)

    def use_catalog(self, catalog: Catalog) -> None:
        old = self.core.catalog.version
        self.core.catalog = catalog
        self.core.server.versions["catalog"] = catalog.version
        self.audit.record("catalog_reloaded", f"from={old} to={catalog.version} items={len(catalog)}")

    # -- bundle ----------------------------------------------------------------------------------
    def bundle_input(self, extra_versions: dict[str, str] | None = None) -> BundleInput:
        core = self.core
        sync = self.sync()
        return BundleInput(
            kiosk_id=core.settings.kiosk_id,
            data_dir=core.settings.data_dir,
            settings=core.settings.model_dump(mode="json"),
            # "device", not "name": "name" is a declared personal field and would be redacted.
            devices=[{"device": row.pop("name"), **row} for row in map(asdict, self.devices())],
            audit=audit_rows(self.audit.recent(limit=500, actor=None)),
            sync=asdict(sync),
            versions={"kiosk": kiosk_version(), "catalog": core.catalog.version, **(extra_versions or {})},
        )

    def write_bundle(self, folder: Path, extra_versions: dict[str, str] | None = None) -> Path:
        """Blocking (reads logs, writes to a possibly slow USB stick)."""
        path = write_bundle(self.bundle_input(extra_versions), folder)
        self.audit.record("bundle_written", f"file={path.name}")
        return path


def bundle_folders(data_dir: Path) -> list[Path]:
    """Where a bundle can go: removable media mounted by the desktop (udisks: /media/USER/LABEL,
    /run/media/USER/LABEL), and data_dir/bundles as the fallback that always exists."""
    found: list[Path] = []
    for root in (Path("/media"), Path("/run/media")):
        try:
            for user in sorted(p for p in root.iterdir() if p.is_dir()):
                found += sorted(p for p in user.iterdir() if p.is_dir())
        except OSError:
            continue
    return found + [data_dir / "bundles"]
