"""Fault test: records committed on the kiosk reach the real server exactly once while a fault
proxy drops requests, drops answers after the server committed, resets connections and stalls,
and the sync process (``python -m kiosk.sync``) and the server are SIGKILLed at random points and
restarted. Afterwards: the server holds exactly the committed records (none lost, none twice),
nothing is parked, and ``PRAGMA integrity_check`` is ok on both databases."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from kiosk.store import OutboxRecord, open_store
from tests.sync.fault_proxy import FaultProxy

REPO = Path(__file__).resolve().parents[2]
KIOSK = "fault-kiosk-03"
KEY_HEX = "3c" * 32


def _start_sync(data_dir: Path, key_file: Path, url: str, secret: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, KIOSK_SYNC_SECRET=secret, PYTHONPATH=str(REPO))
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "kiosk.sync", "--data-dir", str(data_dir), "--key-file", str(key_file),
             "--server", url, "--kiosk-id", KIOSK, "--poll-s", "0.2", "--timeout-s", "2", "--backoff-cap-s", "1",
             "--heartbeat-s", "3", "--insecure-http"], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)


def run_fault_scenario(tmp_path: Path, kills: int, seed: int, fault_rate: float = 0.3) -> dict[str, object]:
    launcher = pytest.importorskip("server.launcher")
    rng = random.Random(seed)
    data_dir, server_dir = tmp_path / "kiosk", tmp_path / "server"
    key_file = tmp_path / "conf" / "data.key"
    key_file.parent.mkdir(mode=0o700)
    key_file.write_text(KEY_HEX)
    key_file.chmod(0o600)
    server = launcher.start_local_server(server_dir, KIOSK, demo=False)
    secret = server.secret
    proxy = FaultProxy(int(server.url.rsplit(":", 1)[1]), fault_rate=fault_rate, stall_s=2.5, seed=seed)
    store = open_store(data_dir, bytes.fromhex(KEY_HEX), kiosk_id=KIOSK)
    sync_log = tmp_path / "sync.out"
    sync = _start_sync(data_dir, key_file, proxy.url, secret, sync_log)

    committed: list[str] = []
    stop_committing = threading.Event()

    def committer() -> None:  # a citizen every ~70 ms (a busy hall is one a minute), through the whole storm
        i = 0
        while not stop_committing.is_set():
            rec = OutboxRecord(kind="submission" if i % 5 else "rating", item_code="ZA-0101",
                               personal={"answers": {"n": i, "id_number": f"1101051990{i:07d}X"}})
            store.outbox.commit(rec)
            committed.append(rec.id)
            i += 1
            stop_committing.wait(rng.uniform(0.02, 0.12))

    writer = threading.Thread(target=committer, daemon=True)
    writer.start()
    killed: Counter[str] = Counter()
    try:
        for _ in range(kills):
            time.sleep(rng.uniform(0.05, 0.9))
            if rng.random() < 0.65:
                sync.send_signal(signal.SIGKILL)
                sync.wait()
                killed["sync"] += 1
                time.sleep(rng.uniform(0, 0.3))
                sync = _start_sync(data_dir, key_file, proxy.url, secret, sync_log)
            else:
                server.kill()
                killed["server"] += 1
                time.sleep(rng.uniform(0, 0.5))
                server = launcher.start_local_server(server_dir, KIOSK, secret, demo=False)
                proxy.upstream_port = int(server.url.rsplit(":", 1)[1])
        stop_committing.set()
        writer.join()
        proxy.fault_rate = 0.0  # heal, then everything must arrive
        deadline = time.monotonic() + 90
        while (store.outbox.depth() or store.outbox.parked_count()) and time.monotonic() < deadline:
            if sync.poll() is not None:
                pytest.fail(f"sync process died: {sync_log.read_text()[-2000:]}")
            time.sleep(0.1)
        depth, parked = store.outbox.depth(), store.outbox.parked_count()
    finally:
        stop_committing.set()
        sync.send_signal(signal.SIGTERM)
        try:
            sync.wait(10)
        except subprocess.TimeoutExpired:
            sync.kill()
        server.stop()
        proxy.stop()

    assert parked == 0, [a.message for a in store.alerts()]
    assert depth == 0, f"{depth} records not delivered"
    kiosk_ids = store.outbox.committed_ids()
    assert sorted(kiosk_ids) == sorted(committed)  # the audit log agrees with what commit() returned
    assert store.integrity_check() == "ok"
    store.close()
    db = sqlite3.connect(server_dir / "server.db")
    server_ids = [r[0] for r in db.execute("SELECT record_id FROM records WHERE kiosk_id = ?", (KIOSK,))]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    dupes = [i for i, n in Counter(server_ids).items() if n > 1]
    assert not dupes, f"delivered twice: {dupes[:5]}"
    missing = set(committed) - set(server_ids)
    extra = set(server_ids) - set(committed)
    assert not missing, f"lost: {len(missing)}"
    assert not extra, f"unknown records on the server: {len(extra)}"
    cases = db.execute("SELECT count(*), count(DISTINCT record_id) FROM cases WHERE kiosk_id = ?", (KIOSK,)).fetchone()
    assert cases[0] == cases[1] == sum(1 for i in range(len(committed)) if i % 5)
    db.close()
    return {"records": len(committed), "kills": dict(killed), "faults": dict(proxy.counts)}


def test_exactly_once_through_faults_and_kills_short(tmp_path: Path) -> None:
    t0 = time.monotonic()
    result = run_fault_scenario(tmp_path, kills=20, seed=20261123)
    print(f"\nfault run: {result}, {time.monotonic() - t0:.1f} s")
    faults = result["faults"]
    assert isinstance(faults, dict) and all(faults.get(f, 0) > 0 for f in ("drop_request", "drop_response"))


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_exactly_once_through_faults_and_kills_long(tmp_path: Path) -> None:
    t0 = time.monotonic()
    result = run_fault_scenario(tmp_path, kills=220, seed=7)
    print(f"\nfault run: {result}, {time.monotonic() - t0:.1f} s")
    kills = result["kills"]
    assert isinstance(kills, dict) and sum(kills.values()) >= 200
