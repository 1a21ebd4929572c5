from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kiosk.store import OutboxRecord, open_store
from kiosk.store.store import Store
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker
from tests.sync.fakes import KIOSK, SECRET, Seen, accept_records, fake_server

KEY = bytes(range(32))


def rec(n: int = 0) -> OutboxRecord:
    return OutboxRecord(kind="submission", item_code="ZA-0101", personal={"answers": {"n": n}})


def make(tmp_path: Path, url: str, **kw: Any) -> tuple[Store, SyncWorker]:
    store = open_store(tmp_path / "data", KEY, kiosk_id=KIOSK)
    client = ServerClient(url, KIOSK, SECRET, timeout=(1.0, 2.0))
    kw.setdefault("heartbeat_s", 3600)
    return store, SyncWorker(store, client, **kw)


def wait_for(cond: Any, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.01)
    return False


@given(st.integers(min_value=0, max_value=2000), st.integers(min_value=0, max_value=2**32))
def test_full_jitter_stays_within_the_capped_ceiling(failures: int, seed: int) -> None:
    b = Backoff(1.0, 300.0, random.Random(seed))
    b.failures = failures
    delay = b.next_delay()
    assert 0.0 <= delay <= min(300.0, 2.0 ** min(failures, 62))
    assert b.failures == failures + 1


def test_jitter_is_spread_not_constant() -> None:
    b = Backoff(1.0, 300.0, random.Random(1))
    delays = []
    for _ in range(200):
        b.failures = 20  # at the cap
        delays.append(b.next_delay())
    assert max(delays) <= 300 and min(delays) < 60 and max(delays) > 240  # full range, not cap ± a bit


def test_commit_wakes_the_worker_at_once_without_polling(tmp_path: Path) -> None:
    stored: dict[str, Any] = {}
    with fake_server(accept_records(stored)) as srv:
        store, worker = make(tmp_path, srv.url)
        worker.start()
        assert wait_for(lambda: len(srv.seen) == 1)  # the first heartbeat
        time.sleep(0.5)
        assert len(srv.seen) == 1  # asleep: nothing due, nothing polled
        latencies = []
        for i in range(5):
            t0 = time.monotonic()
            store.outbox.commit(rec(i))
            assert wait_for(lambda n=i + 1: len(stored) == n)
            latencies.append(srv.seen[-1].at - t0)
        assert max(latencies) < 0.5, latencies
        assert wait_for(lambda: store.outbox.depth() == 0)
        t0 = time.monotonic()
        assert worker.stop(timeout=2)
        assert time.monotonic() - t0 < 1.0


def test_backlog_drains_in_batches_in_commit_order(tmp_path: Path) -> None:
    stored: dict[str, Any] = {}
    with fake_server(accept_records(stored)) as srv:
        store, worker = make(tmp_path, srv.url)
        for i in range(250):
            store.outbox.commit(rec(i))
        worker.start()
        assert wait_for(lambda: store.outbox.depth() == 0)
        worker.stop()
    batches = [s for s in srv.seen if s.target == "/api/v1/records:batch"]
    assert [len(s.json()["records"]) for s in batches] == [100, 100, 50]
    order = [r["payload"]["answers"]["n"] for s in batches for r in s.json()["records"]]
    assert order == list(range(250))
    assert len(stored) == 250
    assert store.db.conn().execute("SELECT count(*) FROM records").fetchone()[0] == 0  # purged


def test_refused_records_are_parked_and_the_rest_delivered(tmp_path: Path) -> None:
    stored: dict[str, Any] = {}
    accept = accept_records(stored)

    def responder(seen: Seen) -> tuple[int, Any]:
        if seen.target == "/api/v1/records:batch":
            results = []
            for r in seen.json()["records"]:
                if r["payload"]["answers"]["n"] == 3:
                    results.append({"id": r["id"], "code": 422, "body": {"error": "invalid"}})
                else:
                    stored[r["id"]] = r
                    results.append({"id": r["id"], "code": 201, "body": {}})
            return 200, {"results": results}
        return accept(seen)

    with fake_server(responder) as srv:
        store, worker = make(tmp_path, srv.url)
        for i in range(6):
            store.outbox.commit(rec(i))
        worker.start()
        assert wait_for(lambda: store.outbox.depth() == 0)
        worker.stop()
    assert len(stored) == 5 and store.outbox.parked_count() == 1
    assert "record_parked" in [a.kind for a in store.alerts()]


def test_server_down_then_back_with_backoff(tmp_path: Path) -> None:
    stored: dict[str, Any] = {}
    accept = accept_records(stored)
    down = threading.Event()
    down.set()

    def responder(seen: Seen) -> tuple[int, Any]:
        if down.is_set():
            return 503, b"maintenance"
        return accept(seen)

    with fake_server(responder) as srv:
        store, worker = make(tmp_path, srv.url, backoff=Backoff(0.05, 0.4, random.Random(3)))
        for i in range(3):
            store.outbox.commit(rec(i))
        worker.start()
        assert wait_for(lambda: worker.backoff.failures >= 4)
        assert store.outbox.depth() == 3
        assert worker.status()["online"] is False
        tries = len(srv.seen)
        time.sleep(1.0)
        # capped at 0.4 s with full jitter: a handful of tries per second, not a storm
        assert len(srv.seen) - tries <= 1.0 / 0.05
        down.clear()
        assert wait_for(lambda: store.outbox.depth() == 0, 5)
        assert worker.backoff.failures == 0
        worker.stop()
    assert len(stored) == 3


def test_heartbeat_reports_outbox_and_devices(tmp_path: Path) -> None:
    stored: dict[str, Any] = {}
    answers: list[dict[str, Any]] = []
    with fake_server(accept_records(stored)) as srv:
        store, worker = make(tmp_path, srv.url, heartbeat_s=0.2, versions={"kiosk": "0.1.0", "catalog": "7"},
                             device_health=lambda: {"printer": {"usable": False, "summary": "paper out"}},
                             on_heartbeat=answers.append)
        r = rec()
        store.outbox.commit(r)
        store.outbox.mark_retry([r.id], 3600, "test")  # keep it pending
        worker.start()
        assert wait_for(lambda: len([s for s in srv.seen if s.target == "/api/v1/heartbeats"]) >= 3)
        worker.stop()
    beat = next(s for s in srv.seen if s.target == "/api/v1/heartbeats").json()
    assert beat["outbox"]["depth"] == 1 and beat["outbox"]["parked"] == 0 and beat["outbox"]["oldest_age_s"] >= 0
    assert beat["devices"]["printer"] == {"usable": False, "summary": "paper out"}
    assert beat["versions"] == {"kiosk": "0.1.0", "catalog": "7"} and beat["kiosk_id"] == KIOSK
    assert answers and answers[0]["catalog_version"] == "1"


def test_clock_skew_alerts_the_technician_once(tmp_path: Path) -> None:
    stored: dict[str, Any] = {}
    accept = accept_records(stored)

    def responder(seen: Seen) -> tuple[int, Any]:
        if int(seen.headers["X-Timestamp"]) < time.time() + 3000:
            return 401, {"error": "clock_skew", "server_time": time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))}
        return accept(seen)  # (the fake verifier still checks the window against its own clock)

    with fake_server(responder) as srv:
        store, worker = make(tmp_path, srv.url, backoff=Backoff(0.01, 0.05))
        worker.start()
        assert wait_for(lambda: any(a.kind == "clock_wrong" for a in store.alerts()))
        worker.stop()
    alerts = [a for a in store.alerts() if a.kind == "clock_wrong"]
    assert len(alerts) == 1 and "server time" in alerts[0].message
