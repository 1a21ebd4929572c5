"""A full disk on a real (small) file system: a tmpfs mounted for the test (issue #14 item 14).

What the people around the kiosk notice: new cases are refused *before* the disk is full (the
citizen's "storage full" message, nothing half-written), a technician alert is recorded and the
centre sees the flag in the heartbeat; the records the server already has are purged even when
the disk is full to the last byte; and once space is freed, the kiosk takes cases again by itself.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import OutboxLimits, OutboxRecord, StoreFull, open_store
from kiosk.store.store import Store
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-5-kiosk-11"
KEY = bytes(range(32))
DISK_MB = 8
RESERVE = 2_000_000


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m,mode=0700", "tmpfs", str(mount_point)],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs for the disk-full test ({exc}); needs root or CAP_SYS_ADMIN")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs for the disk-full test: {done.stderr.strip()} (needs root or CAP_SYS_ADMIN)")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True, timeout=30).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


def _free(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def _case(i: int) -> OutboxRecord:
    # ~30 kB of incompressible personal data: a scanned page
    return OutboxRecord(kind="submission", item_code="ZA-0101",
                        personal={"answers": {"name": f"市民{i}"}, "scan": os.urandom(15_000).hex()})


def _fill_with_cases(store: Store) -> int:
    for n in range(10_000):
        try:
            store.outbox.commit(_case(n))
        except StoreFull:
            return n
    raise AssertionError("never refused")


def _fill_disk(path: Path) -> Path:
    """Another program writes until the disk is full (ENOSPC)."""
    filler = path / "other-program.log"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                f.write(b"\0" * 512)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def _deliver(store: Store, server: object) -> None:
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    worker = SyncWorker(store, client, heartbeat_s=3600)
    worker.start()
    deadline = time.monotonic() + 40
    while store.outbox.depth() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    client.close()


def _last_heartbeat(server: object) -> dict[str, object]:
    db = sqlite3.connect(str(server.db_url).removeprefix("sqlite:///"))  # type: ignore[attr-defined]
    try:
        raw = db.execute("SELECT last_heartbeat FROM kiosks WHERE id = ?", (KIOSK,)).fetchone()[0]
    finally:
        db.close()
    return json.loads(raw) if isinstance(raw, str) else raw


def test_refused_before_full_purged_on_a_full_disk_and_resumes_by_itself(disk: Path, server: object) -> None:
    store = open_store(disk / "data", KEY, kiosk_id=KIOSK, limits=OutboxLimits(reserve_bytes=RESERVE))
    try:
        taken = _fill_with_cases(store)
        assert taken > 20
        assert _free(disk) > RESERVE // 2, "refused only when the disk was already (nearly) full"
        assert "disk_full" in [a.kind for a in store.alerts()]

        filler = _fill_disk(disk)  # now the disk is full to the last byte
        assert _free(disk) == 0
        _deliver(store, server)  # the server takes every record; the kiosk must purge them
        assert store.outbox.depth() == 0, "records the server already holds were not purged on a full disk"
        storage = _last_heartbeat(server).get("storage")
        assert isinstance(storage, dict) and storage.get("state") in ("low", "full")

        filler.unlink()  # the technician frees space; no restart
        assert store.outbox.commit(_case(99_999)) is not None
        assert "disk_full" not in [a.kind for a in store.alerts()]  # cleared once there was room
        assert store.integrity_check() == "ok"
    finally:
        store.close()


def test_an_outbox_that_filled_the_disk_itself_purges_and_recovers(disk: Path, server: object) -> None:
    store = open_store(disk / "data", KEY, kiosk_id=KIOSK, limits=OutboxLimits(reserve_bytes=RESERVE))
    try:
        # As a kiosk before this release did (no free-space check): the outbox fills the disk
        # until SQLite itself finds no room.
        space, store.outbox.space = store.outbox.space, None
        taken = _fill_with_cases(store)
        store.outbox.space = space
        assert taken > 20 and _free(disk) < 100_000
        with pytest.raises(StoreFull):
            store.outbox.commit(_case(0))
        _deliver(store, server)
        assert store.outbox.depth() == 0, "records the server already holds were not purged on a full disk"
        assert store.outbox.commit(_case(1)) is not None  # room again, without a restart
        assert store.integrity_check() == "ok"
    finally:
        store.close()
