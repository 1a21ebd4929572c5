"""A slow link to the real server: a batch too big to cross it within the client timeout must
shrink until it does, and no request may carry more than the configured byte budget
(issue #14 item 15). Real server subprocess, real worker, a throttling proxy on loopback."""

from __future__ import annotations

import base64
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import OutboxRecord, open_store
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker
from tests.sync.slow_link import SlowLink

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-3-kiosk-05"
RATE_BPS = 400_000  # 400 kB/s: ~3.2 Mbit/s, a thin branch-office uplink
TIMEOUT_S = 1.5
RECORDS = 100
SCAN_BYTES = 15_000  # one scanned page (PNG), ~20 kB as base64: 100 records ≈ 2 MB ≈ 5 s on this link


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


def _port(server: object) -> int:
    return int(server.url.rsplit(":", 1)[1])  # type: ignore[attr-defined]


def _fill(store: object, n: int) -> None:
    for i in range(n):
        scan = b"\x89PNG\r\n\x1a\n" + os.urandom(SCAN_BYTES)  # random: no compression anywhere helps
        store.outbox.commit(OutboxRecord(  # type: ignore[attr-defined]
            kind="submission", item_code="ZA-0101",
            personal={"answers": {"name": f"测试{i}"}, "verification": {"verdict": "match"},
                      "attachments": [{"name": "scan.png", "media_type": "image/png",
                                       "data_b64": base64.b64encode(scan).decode()}]}))


def _server_ids(server: object) -> list[str]:
    db = sqlite3.connect(str(server.db_url).removeprefix("sqlite:///"))  # type: ignore[attr-defined]
    try:
        return [r[0] for r in db.execute("SELECT record_id FROM records WHERE kiosk_id = ?", (KIOSK,))]
    finally:
        db.close()


def _drain(store: object, worker: SyncWorker, limit_s: float) -> float:
    started = time.monotonic()
    worker.start()
    try:
        while store.outbox.depth() and time.monotonic() - started < limit_s:  # type: ignore[attr-defined]
            time.sleep(0.1)
    finally:
        worker.stop(timeout=TIMEOUT_S + 6)
    return time.monotonic() - started


def test_a_batch_too_big_for_the_link_shrinks_until_the_outbox_empties(server: object, tmp_path: Path) -> None:
    link = SlowLink(_port(server), RATE_BPS)  # type: ignore[attr-defined]
    store = open_store(tmp_path / "data", bytes(range(32)), kiosk_id=KIOSK)
    try:
        _fill(store, RECORDS)
        committed = set(store.outbox.committed_ids())
        client = ServerClient(link.url, KIOSK, server.secret, timeout=(5.0, TIMEOUT_S))  # type: ignore[attr-defined]
        worker = SyncWorker(store, client, heartbeat_s=3600, backoff=Backoff(0.05, 0.5),
                            max_request_bytes=6_000_000)
        took = _drain(store, worker, limit_s=60)
        assert store.outbox.depth() == 0, (f"{store.outbox.depth()} of {RECORDS} records still undelivered after "
                                           f"{took:.0f} s; request sizes {link.sizes[:12]}")
        assert store.outbox.parked_count() == 0
        ids = _server_ids(server)
        assert len(ids) == len(set(ids)) and committed <= set(ids)  # each record once on the server
        assert max(link.sizes) > 1_500_000  # it did start with the full ~2 MB batch
        print(f"drained in {took:.1f} s; request sizes {link.sizes}")
    finally:
        link.stop()
        store.close()


def test_no_request_carries_more_than_the_byte_budget(server: object, tmp_path: Path) -> None:
    link = SlowLink(_port(server), 20_000_000)  # type: ignore[attr-defined]
    store = open_store(tmp_path / "data", bytes(range(32)), kiosk_id=KIOSK)
    budget = 150_000
    try:
        _fill(store, 30)
        client = ServerClient(link.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        worker = SyncWorker(store, client, heartbeat_s=3600, max_request_bytes=budget)
        _drain(store, worker, limit_s=30)
        assert store.outbox.depth() == 0
        assert link.sizes and max(link.sizes) <= budget, link.sizes
    finally:
        link.stop()
        store.close()
