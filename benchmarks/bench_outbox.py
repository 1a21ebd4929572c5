"""Outbox numbers: commit latency with synchronous=FULL, drain throughput to the local server,
a 10 000-record backlog drained, and enqueue throughput next to persist-queue's SQLiteAckQueue
at the same durability (WAL + synchronous=FULL + a commit per item).

    uv run python benchmarks/bench_outbox.py [--commits 1000] [--drain 2000] [--backlog 10000]

"Small submission": an item code, four short answers and a verdict (≈ 350 bytes of JSON).
Everything runs on one machine: the store in a temporary folder on the same disk as the repo,
the server (server/, SQLite) as a subprocess on loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.store import OutboxLimits, OutboxRecord, open_store
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker

KIOSK = "bench-kiosk-01"
KEY = os.urandom(32)
# A fictitious sample identity (assets/demo/identities.json): right length and shape, nobody's.
DEMO_ID_NUMBER = json.loads((Path(__file__).resolve().parent.parent / "assets" / "demo" / "identities.json")
                            .read_text(encoding="utf-8"))["identities"][0]["fields"]["id_number"]


def small(i: int) -> OutboxRecord:
    return OutboxRecord(kind="submission", item_code="ZA-0101", public={"deferred_materials": [], "payments": []},
                        personal={"answers": {"item_category": "wallet", "item_description": f"黑色钱包 {i}",
                                              "name": "测试用户", "phone": "13800138000"},
                                  "verification": {"verdict": "match", "id_number": DEMO_ID_NUMBER}})


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bench_commit(n: int, root: Path) -> list[float]:
    store = open_store(root / "commit", KEY, kiosk_id=KIOSK, limits=OutboxLimits(max_depth=10**7))
    sync_mode = store.db.conn().execute("PRAGMA synchronous").fetchone()[0]
    journal = store.db.conn().execute("PRAGMA journal_mode").fetchone()[0]
    assert sync_mode == 2 and journal == "wal", (sync_mode, journal)  # 2 = FULL
    for i in range(20):  # warm-up
        store.outbox.commit(small(i))
    lat = []
    for i in range(n):
        rec = small(i)
        t0 = time.perf_counter()
        store.outbox.commit(rec)
        lat.append((time.perf_counter() - t0) * 1000)
    store.close()
    print(f"commit latency (synchronous=FULL, WAL, AES-GCM), n={n}: p50 {pct(lat, 50):.2f} ms, "
          f"p99 {pct(lat, 99):.2f} ms, max {max(lat):.2f} ms, mean {statistics.mean(lat):.2f} ms "
          f"→ {1000 / statistics.mean(lat):.0f} commits/s")
    return lat


def _pq_round(n: int, path: Path) -> float:
    from persistqueue import SQLiteAckQueue  # type: ignore[import-untyped]

    # persist-queue opens its connections with journal_mode=WAL and leaves `synchronous` at the
    # SQLite default; auto_commit=True commits every put. Set FULL explicitly and check it, so
    # both sides pay one fsynced WAL commit per item.
    q = SQLiteAckQueue(str(path), auto_commit=True, multithreading=False)
    for conn in {id(c): c for c in (q._putter, getattr(q, "_getter", q._putter))}.values():
        conn.execute("PRAGMA synchronous = FULL")
    mode = q._putter.execute("PRAGMA synchronous").fetchone()[0]
    journal = q._putter.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == 2 and journal == "wal", (mode, journal)
    items = [{"public": small(i).public, "personal": small(i).personal} for i in range(n)]
    t0 = time.perf_counter()
    for item in items:
        q.put(item)
    return n / (time.perf_counter() - t0)


def _ours_round(n: int, path: Path) -> float:
    store = open_store(path, KEY, kiosk_id=KIOSK, limits=OutboxLimits(max_depth=10**7))
    records = [small(i) for i in range(n)]
    t0 = time.perf_counter()
    for rec in records:
        store.outbox.commit(rec)
    rate = n / (time.perf_counter() - t0)
    store.close()
    return rate


def bench_persist_queue(n: int, root: Path, rounds: int = 3) -> None:
    ours, theirs = [], []
    for r in range(rounds):  # interleaved, so a burst of load elsewhere hits both sides alike
        theirs.append(_pq_round(n, root / f"pq{r}"))
        ours.append(_ours_round(n, root / f"ours{r}"))
    fmt = lambda v: f"median {statistics.median(v):.0f} items/s (rounds: {', '.join(f'{x:.0f}' for x in v)})"
    print(f"enqueue, n={n} per round, one durable commit per item (WAL, synchronous=FULL):")
    print(f"  kiosk outbox (JSON + AES-GCM + case number + audit row): {fmt(ours)}")
    print(f"  persist-queue SQLiteAckQueue (pickle, no encryption):     {fmt(theirs)}")


def bench_commit_at_depth(data_dir: Path, n: int = 200) -> None:
    """Commit latency with the 10 000-record backlog waiting (the depth check counts pending rows)."""
    store = open_store(data_dir, KEY, kiosk_id=KIOSK, limits=OutboxLimits(max_depth=10**7))
    depth = store.outbox.depth()
    lat = []
    for i in range(n):
        rec = small(i)
        t0 = time.perf_counter()
        store.outbox.commit(rec)
        lat.append((time.perf_counter() - t0) * 1000)
    store.close()
    print(f"commit latency with {depth} records waiting, n={n}: p50 {pct(lat, 50):.2f} ms, p99 {pct(lat, 99):.2f} ms")


def fill(data_dir: Path, n: int) -> None:
    store = open_store(data_dir, KEY, kiosk_id=KIOSK, limits=OutboxLimits(max_depth=10**7))
    for i in range(0, n, 500):
        store.outbox.commit_many([small(j) for j in range(i, min(n, i + 500))])
    store.close()


def drain(data_dir: Path, server_url: str, secret: str, label: str) -> float:
    store = open_store(data_dir, KEY, kiosk_id=KIOSK, limits=OutboxLimits(max_depth=10**7))
    n = store.outbox.depth()
    worker = SyncWorker(store, ServerClient(server_url, KIOSK, secret), heartbeat_s=3600)
    t0 = time.perf_counter()
    worker.start()
    while store.outbox.depth():
        time.sleep(0.02)
    elapsed = time.perf_counter() - t0
    worker.stop()
    assert store.outbox.parked_count() == 0
    store.close()
    print(f"{label}: {n} records in {elapsed:.1f} s → {n / elapsed:.0f} records/s")
    return elapsed


def split(data_dir: Path, server_url: str, secret: str, batches: int = 10) -> None:
    """Where a drain's time goes: the kiosk's own work (read + decrypt, acknowledge + purge) vs
    the request (network + the server committing each record in its own transaction)."""
    fill(data_dir, batches * 100)
    store = open_store(data_dir, KEY, kiosk_id=KIOSK)
    client = ServerClient(server_url, KIOSK, secret)
    read = send = ack = 0.0
    for _ in range(batches):
        t0 = time.perf_counter()
        batch = store.outbox.next_batch(100)
        t1 = time.perf_counter()
        results = client.send_batch([p.body for p in batch])
        t2 = time.perf_counter()
        store.outbox.mark_acknowledged([r.id for r in results if r.stored])
        t3 = time.perf_counter()
        read, send, ack = read + t1 - t0, send + t2 - t1, ack + t3 - t2
    store.close()
    per = 1000 / batches
    print(f"per batch of 100: kiosk read+decrypt {read * per:.1f} ms, request {send * per:.1f} ms, "
          f"kiosk acknowledge+purge (fsynced) {ack * per:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--drain", type=int, default=2000)
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--enqueue", type=int, default=2000)
    args = parser.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(dir=REPO / "benchmarks") as tmp:
        root = Path(tmp)
        bench_commit(args.commits, root)
        bench_persist_queue(args.enqueue, root)
        from server.launcher import start_local_server

        server = start_local_server(root / "server", KIOSK, demo=False)
        try:
            fill(root / "warmup", 200)  # the server's first requests pay for imports and query compilation
            drain(root / "warmup", server.url, server.secret, "warm-up (not a result)")
            split(root / "split", server.url, server.secret)
            fill(root / "drain", args.drain)
            drain(root / "drain", server.url, server.secret, "drain to the local server (batches of 100)")
            fill(root / "backlog", args.backlog)
            bench_commit_at_depth(root / "backlog")
            drain(root / "backlog", server.url, server.secret, "10 000-record backlog drained")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
