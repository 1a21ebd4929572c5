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
from kiosk.diagnostics.config_view import setting_lines, versions
from kiosk.diagnostics.logview import LogLine, read_log
from kiosk.diagnostics.pin import PinGate, effective_pin_hash, is_demo
from kiosk.diagnostics.printer import PrinterCheck, check_printer
from kiosk.diagnostics.prints import PrintedDocument
from kiosk.diagnostics.state import KioskState, ResetCheck, clear_local_data
from kiosk.store.db import utc_iso
from kiosk.payments.journal import State
from kiosk.version import kiosk_version

if TYPE_CHECKING:
    from kiosk.diagnostics.camera import CameraProbe
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
    payments_open: int = 0  # payments still being settled or returned (kiosk/payments)
    payments_review: int = 0  # payments only staff can settle (manual review)
    quarantined: int = 0  # undelivered records in quarantined databases, not yet taken back


class Diagnostics:
    def __init__(self, core: KioskCore, clock: Callable[[], float] = time.time) -> None:
        self.core = core
        self.audit = TechnicianAudit(core.store.db if core.store is not None else None, clock)
        self.gate = PinGate(effective_pin_hash(core.settings), core.settings.technician, self.audit, clock)
        # In demo (every device simulated) a self-test puts a sample card / code in front of the
        # simulator, as `kiosk devices test` does; with real devices the technician does that.
        self.steer_simulators = is_demo(core.settings)
        self.state = KioskState(core.store.db if core.store is not None else None)
        self.clock = clock

    # -- devices ---------------------------------------------------------------------------------
    def devices(self) -> list[DeviceRow]:
        return device_rows(self.core.hardware, self.core.catalog)

    def self_test(self, name: str) -> TestRun:
        """Blocking: call it off the UI thread."""
        manager = self.core.hardware.manager
        if manager is None:
            return TestRun(name, False, ["devices are still starting"])
        run = run_self_test(manager.get(name), steer_simulator=self.steer_simulators)
        self.note_self_test(name, run.ok)
        return run

    def note_self_test(self, name: str, ok: bool) -> None:
        """Audited, and kept as the device's latest result for the heartbeat (device, ok, time)."""
        self.audit.record("self_test", f"device={name} ok={int(ok)}")
        self.core.self_tests[name] = {"ok": ok, "at": utc_iso(self.clock())}

    def camera_probe(self, name: str, with_faces: bool = True) -> CameraProbe | None:
        """A running preview probe of the named camera, or None while devices start."""
        manager = self.core.hardware.manager
        if manager is None:
            return None
        # OpenCV and numpy (≈ 0.2 s at import) load when a technician opens the camera page.
        from kiosk.diagnostics.camera import CameraProbe, face_detector

        probe = CameraProbe(manager.get(name), face_detector() if with_faces else None)
        probe.start()
        return probe

    def printer_check(self, name: str) -> PrinterCheck:
        """Blocking: status bits decoded, then the test print (kiosk/diagnostics/printer.py)."""
        manager = self.core.hardware.manager
        if manager is None:
            return PrinterCheck(False, reason="devices are still starting")
        check = check_printer(manager.get(name))
        self.note_self_test(name, check.ok)
        return check

    def reset_device(self, name: str) -> str:
        """Blocking: close and reopen one device through the device manager; its status after."""
        manager = self.core.hardware.manager
        if manager is None:
            return "devices are still starting"
        status = manager.reset(name)
        self.audit.record("device_reset", f"device={name} usable={int(status.usable)}")
        return status.summary()

    # -- logs and configuration --------------------------------------------------------------------
    def log_lines(self, min_level: str = "INFO", subsystem: str = "", limit: int = 200) -> list[LogLine]:
        return read_log(self.core.settings.data_dir / "logs", min_level, subsystem, limit)

    def config_lines(self) -> list[str]:
        return setting_lines(self.core.settings.model_dump(mode="json"))

    def versions(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return versions(kiosk_version(), self.core.catalog.version, extra)

    # -- prints ----------------------------------------------------------------------------------
    def recent_prints(self) -> list[PrintedDocument]:
        history = self.core.print_history
        return history.recent() if history is not None else []

    def reprint(self, doc_id: str) -> bool:
        """Blocking: print a kept document again through Hardware.print."""
        history = self.core.print_history
        doc = history.get(doc_id) if history is not None else None
        if doc is None:
            self.audit.record("reprint", "found=0")
            return False
        ok = self.core.hardware.print(lambda receipt: receipt.items.extend(doc.items))
        self.audit.record("reprint", f"ok={int(ok)}")
        return ok

    # -- out of service, restart, local data -------------------------------------------------------
    def persisted_out_of_service(self) -> bool:
        return self.state.out_of_service

    def persist_out_of_service(self, out: bool) -> None:
        self.state.out_of_service = out

    def reset_check(self) -> ResetCheck:
        store = self.core.store
        if store is None:
            return ResetCheck(False, 0, "no local store")
        unsent = store.outbox.depth() + store.outbox.parked_count()
        if unsent:
            return ResetCheck(False, unsent, f"{unsent} record(s) not yet delivered to the server")
        return ResetCheck(True, 0, "")

    def reset_local_data(self) -> list[str]:
        """Clears the local caches (kiosk/diagnostics/state.py) if nothing is unsent; raises
        RuntimeError otherwise (checked again here, not only by the button)."""
        check = self.reset_check()
        if not check.allowed:
            self.audit.record("reset_refused", f"unsent={check.unsent}")
            raise RuntimeError(check.reason)
        removed = clear_local_data(self.core.settings.data_dir)
        if self.core.print_history is not None:
            self.core.print_history.clear()
            removed.append("print_history")
        self.audit.record("local_data_reset", "cleared=" + ",".join(removed))
        return removed

    # -- sync ------------------------------------------------------------------------------------
    def sync(self) -> SyncSummary:
        store = self.core.store
        worker = self.core.server.worker
        status: dict[str, Any] = worker.status() if worker is not None else {}
        if store is None:
            return SyncSummary(False, 0, 0, 0.0, None, 0, "", 0, "", [])
        journal = self.core.journal
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
            payments_open=len(journal.in_flight()) if journal is not None else 0,
            payments_review=sum(1 for e in journal.recent(200) if e.state is State.MANUAL_REVIEW) if journal else 0,
            quarantined=store.quarantined_undelivered(),
        )

    def resend_quarantined(self) -> int:
        """Take the undelivered records of quarantined databases back into the outbox (each once)
        and wake the sync worker; returns how many were taken."""
        store = self.core.store
        if store is None:
            return 0
        taken = sum(r.taken for r in store.resend_quarantined())
        self.audit.record("resend_quarantined", f"taken={taken}")
        worker = self.core.server.worker
        if worker is not None:
            worker.wake()
        return taken

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
