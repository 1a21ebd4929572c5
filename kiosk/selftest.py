"""Self-test of an installed or built kiosk (``kiosk selftest``): the parts that need no Qt.

Each check is a named function; the runner prints one line per check with its time and stops
counting success at the first failure (later checks still run when they do not depend on it, so a
broken build shows every missing piece at once). The Qt checks (first screen, virtual keyboard,
pinyin, translations) live in ``app/selftest.py`` and reuse this runner.

Without ``--config`` the test uses the demo settings with its data and key in a fresh temporary
folder, so it never touches a real kiosk's data; with ``--config`` it loads that file, but still
keeps its data in a temporary folder (a self-test must not write cases or the key of a kiosk in
service) and opens the configured devices.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from kiosk.catalog import Catalog, load_catalog
from kiosk.config import Settings, check_production, load_settings

# A sample face shipped with the demo identities: encoding it proves dlib and its models load.
SAMPLE_FACE = Path(__file__).resolve().parent.parent / "assets" / "demo" / "faces" / "id_resident" / "1.jpg"
DEVICE_WAIT_S = 20.0


class CheckFailed(RuntimeError):
    """A check's expected result did not hold; the message says what was wrong."""


@dataclass
class SelfTest:
    """Runs checks, prints ``ok``/``FAIL`` lines and keeps what later checks need."""

    out: TextIO
    results: list[tuple[str, bool, float, str]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str, run: Callable[[], str], needs: tuple[str, ...] = ()) -> bool:
        missing = [n for n in needs if not self.passed(n)]
        started = time.perf_counter()
        if missing:
            ok, detail = False, f"skipped: needs {', '.join(missing)}"
        else:
            try:
                ok, detail = True, run()
            except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, whatever it is
                ok = False
                detail = f"{type(exc).__name__}: {exc}".strip()
                if not isinstance(exc, CheckFailed):
                    last = traceback.extract_tb(exc.__traceback__)[-1:]
                    where = f" ({Path(last[0].filename).name}:{last[0].lineno})" if last else ""
                    detail += where
        elapsed_ms = (time.perf_counter() - started) * 1000
        self.results.append((name, ok, elapsed_ms, detail))
        print(f"{'ok  ' if ok else 'FAIL'} {name:<12} {elapsed_ms:7.0f} ms  {detail}", file=self.out, flush=True)
        return ok

    def passed(self, name: str) -> bool:
        return any(n == name and ok for n, ok, _, _ in self.results)

    @property
    def failed(self) -> list[str]:
        return [n for n, ok, _, _ in self.results if not ok]

    def summary(self, total_ms: float) -> int:
        if self.failed:
            print(f"selftest FAILED: {', '.join(self.failed)} ({total_ms:.0f} ms)", file=self.out, flush=True)
            return 1
        print(f"selftest passed: {len(self.results)} checks in {total_ms:.0f} ms", file=self.out, flush=True)
        return 0


def selftest_settings(config: Path | None, scratch: Path) -> Settings:
    """The settings under test, with data and key moved into `scratch`."""
    settings = load_settings(config)
    return settings.model_copy(update={"data_dir": scratch / "data", "key_file": scratch / "keys" / "data.key"})


def add_core_checks(test: SelfTest, config: Path | None, scratch: Path) -> None:
    """config, catalog, store (the encrypted outbox), devices, printing, face."""

    def configuration() -> str:
        settings = selftest_settings(config, scratch)
        if config is not None:  # a production configuration: what `kiosk run` would refuse fails here
            check_production(settings, str(config))
        test.state["settings"] = settings
        return f"{config or 'demo settings'} (kiosk {settings.kiosk_id}, data in a temporary folder)"

    def catalog() -> str:
        loaded: Catalog = load_catalog(test.state["settings"].catalog_dir)
        test.state["catalog"] = loaded
        return f"catalog {loaded.version}: {len(loaded)} items in {len(loaded.areas())} areas"

    def store() -> str:
        from kiosk.core import KioskCore

        core = KioskCore(test.state["settings"], catalog=test.state["catalog"], start_devices=False)
        test.state["core"] = core
        if core.store is None:
            raise CheckFailed("no case store was opened")
        return f"encrypted store opened, outbox depth {core.store.outbox.depth()}"

    def devices() -> str:
        hardware = test.state["core"].hardware
        hardware.start()
        expected = {spec.name for spec in hardware.specs}
        deadline = time.monotonic() + DEVICE_WAIT_S
        while time.monotonic() < deadline:
            statuses = hardware.statuses()
            if expected <= statuses.keys() and all(s.usable for s in statuses.values()):
                break
            time.sleep(0.05)
        statuses = hardware.statuses()
        silent = sorted(expected - statuses.keys())
        broken = sorted(f"{name}: {status.summary()}" for name, status in statuses.items() if not status.usable)
        if silent or broken:
            raise CheckFailed("; ".join([f"no status from {', '.join(silent)}"] * bool(silent) + broken))
        drivers = sorted({spec.driver for spec in hardware.specs})
        return f"{len(statuses)} devices report usable ({', '.join(drivers)})"

    def printing() -> str:
        core = test.state["core"]
        if not core.has_printer():
            return "no printer configured"
        item = test.state["catalog"].items()[0]
        if not core.print_notice(item, core.settings.language):
            raise CheckFailed(f"the guide of {item.code} did not print (see the log)")
        return f"guide of {item.code} printed ({core.settings.language})"

    def face() -> str:
        import cv2

        from kiosk.identity import shared_pipeline

        pipeline = shared_pipeline()
        image = cv2.imread(str(SAMPLE_FACE))
        if image is None:
            raise CheckFailed(f"sample image {SAMPLE_FACE} is missing or unreadable")
        boxes = pipeline.detect(image)
        if len(boxes) != 1:
            raise CheckFailed(f"expected one face in the sample image, found {len(boxes)}")
        encoding = pipeline.encode(image, boxes[0])
        if encoding.shape != (128,):
            raise CheckFailed(f"encoding has shape {encoding.shape}, expected (128,)")
        return "models loaded, one face found and encoded (128-d)"

    test.check("config", configuration)
    test.check("catalog", catalog, needs=("config",))
    test.check("store", store, needs=("catalog",))
    test.check("devices", devices, needs=("store",))
    test.check("printing", printing, needs=("devices",))
    test.check("face", face)


def make_scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="kiosk-selftest-"))


def remove_scratch(scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
