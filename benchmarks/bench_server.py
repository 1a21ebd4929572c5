"""How fast the central server takes a backlog (issue #14, item 17) → benchmarks/server.md.

A real `kiosk-server serve` (subprocess, uvicorn, `--workers N`) on a fresh database; K kiosks
(threads, each with its own connection and its own provisioned secret) post signed batches of
100 small submissions at once, as kiosks draining their outboxes after an outage do. Printed:
records/s from the first request to the last answer, the server's CPU per record, and the
exactly-once check (every record acknowledged 201, each stored once, a resent batch answered 200
with the first answers).

    uv run python benchmarks/bench_server.py --db postgresql+psycopg://u:pw@127.0.0.1/db --workers 1
    uv run python benchmarks/bench_server.py --db sqlite --workers 1

Fsync stays on: PostgreSQL as configured (the script prints fsync/synchronous_commit), SQLite
with the server's default synchronous=FULL. The PostgreSQL database given is emptied first
(DROP SCHEMA public CASCADE): never point it at a database you need.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server.app import add_kiosk
from server.auth import signed_headers
from server.settings import Settings

BATCH_PATH = "/api/v1/records:batch"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reset_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def durability(url: str) -> str:
    if url.startswith("sqlite"):
        return "SQLite synchronous=FULL (server default)"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            fsync = conn.execute(text("SHOW fsync")).scalar()
            sync = conn.execute(text("SHOW synchronous_commit")).scalar()
    finally:
        engine.dispose()
    return f"PostgreSQL fsync={fsync} synchronous_commit={sync}"


def make_record(kiosk_id: str, short_id: str, n: int) -> dict[str, Any]:
    """A small submission as a kiosk's outbox sends it (about 450 bytes of JSON)."""
    return {
        "id": str(uuid.uuid4()),
        "kind": "submission",
        "kiosk_id": kiosk_id,
        "item_code": "ZA-0101",
        "created_at": "2026-12-07T08:00:00Z",
        "case_number": f"{short_id}-20261207-{n:04d}",
        "payload": {
            "answers": {"item_category": "wallet", "id_number": "110105199003071239"},
            "verification": {"method": "card", "verdict": "match"},
            "attachments": [],
            "payments": [],
            "deferred_materials": [],
        },
    }


def post_batch(
    http: requests.Session, url: str, kiosk_id: str, secret: str, records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    body = json.dumps({"records": records}, separators=(",", ":")).encode()
    headers = signed_headers(kiosk_id, secret, "POST", BATCH_PATH, body)
    headers["Content-Type"] = "application/json"
    for _attempt in range(5):
        resp = http.post(url + BATCH_PATH, data=body, headers=headers, timeout=120)
        if resp.status_code == 200:
            return list(resp.json()["results"])
        time.sleep(0.5)  # a 5xx/401: retry like a kiosk would (with a fresh nonce)
        headers.update(signed_headers(kiosk_id, secret, "POST", BATCH_PATH, body))
    raise RuntimeError(f"batch refused: HTTP {resp.status_code} {resp.text[:200]}")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process and its reaped children (uvicorn's workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run(db: str, workers: int, kiosks: int, batches: int, batch: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-server-"))
    url_db = f"sqlite:///{tmp / 'server.db'}" if db == "sqlite" else db
    reset_database(url_db)
    ids = [f"bench-kiosk-{i:02d}" for i in range(1, kiosks + 1)]
    secrets_ = {k: add_kiosk(Settings(db_url=url_db), k) for k in ids}
    port = free_port()
    env = dict(os.environ, KIOSK_SERVER_OPERATOR_TOKEN="bench-operator-token")
    cmd = [
        sys.executable,
        "-m",
        "server.main",
        "serve",
        "--db",
        url_db,
        "--port",
        str(port),
        "--log-level",
        "info",
    ]
    if workers != 1:
        cmd += ["--workers", str(workers)]
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/health", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"server did not start; see {tmp / 'server.log'}") from None
                time.sleep(0.2)
        time.sleep(1.0 if workers > 1 else 0.2)  # let every worker finish importing
        plan = {
            k: [
                [make_record(k, f"K{i + 1:02d}", b * batch + j + 1) for j in range(batch)]
                for b in range(batches)
            ]
            for i, k in enumerate(ids)
        }
        codes: dict[int, int] = {}
        lock = threading.Lock()
        start_gate = threading.Barrier(kiosks + 1)

        def drain(kiosk_id: str) -> None:
            with requests.Session() as http:
                start_gate.wait()
                for recs in plan[kiosk_id]:
                    for r in post_batch(http, base, kiosk_id, secrets_[kiosk_id], recs):
                        with lock:
                            codes[r["code"]] = codes.get(r["code"], 0) + 1

        threads = [threading.Thread(target=drain, args=(k,)) for k in ids]
        for t in threads:
            t.start()
        cpu0 = cpu_seconds(proc.pid)
        load0 = os.getloadavg()
        start_gate.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        cpu = cpu_seconds(proc.pid) - cpu0
        load1 = os.getloadavg()
        total = kiosks * batches * batch
        # Exactly-once: a resent batch gets the first answers, and the table holds each once.
        again = post_batch(requests.Session(), base, ids[0], secrets_[ids[0]], plan[ids[0]][0])
        resent_ok = all(r["code"] == 200 for r in again)
        engine = create_engine(url_db)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM records")).scalar()
            distinct = conn.execute(
                text("SELECT count(*) FROM (SELECT DISTINCT kiosk_id, record_id FROM records) d")
            ).scalar()
            cases = conn.execute(text("SELECT count(*) FROM cases WHERE record_id IS NOT NULL"))
            case_count = cases.scalar()
        engine.dispose()
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return {
        "db": "sqlite" if db == "sqlite" else "postgresql",
        "workers": workers,
        "records": total,
        "seconds": round(elapsed, 2),
        "records_per_s": round(total / elapsed),
        "server_cpu_ms_per_record": round(1000 * cpu / total, 2) if cpu else None,
        "codes": codes,
        "stored": stored,
        "distinct": distinct,
        "cases": case_count,
        "resent_batch_all_200": resent_ok,
        "load_before": [round(x, 2) for x in load0],
        "load_after": [round(x, 2) for x in load1],
        "durability": durability(url_db),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="'sqlite' (a fresh temp file) or a PostgreSQL URL")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--kiosks", type=int, default=20)
    p.add_argument("--batches", type=int, default=5, help="batches per kiosk")
    p.add_argument("--batch", type=int, default=100, help="records per batch")
    p.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()
    for _ in range(args.repeat):
        print(
            json.dumps(run(args.db, args.workers, args.kiosks, args.batches, args.batch)),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
