from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.store import OutboxLimits, OutboxRecord, StoreFull, open_store

KEY = bytes(range(32))
REPO = Path(__file__).resolve().parents[2]


def record(n: int = 0, **kw: object) -> OutboxRecord:
    return OutboxRecord(kind="submission", item_code="ZA-0101", public={"deferred_materials": []},
                        personal={"answers": {"name": f"测试{n}", "id_number": "11010519900101123X"}}, **kw)  # type: ignore[arg-type]


def test_case_numbers_follow_a_daily_sequence_across_restarts(tmp_path: Path) -> None:
    now = [time.mktime((2026, 11, 23, 9, 0, 0, 0, 0, -1))]
    store = open_store(tmp_path, KEY, kiosk_id="hall-3-kiosk-07", clock=lambda: now[0])
    assert store.outbox.commit(record()) == "K07-20261123-0001"
    assert store.outbox.commit(record()) == "K07-20261123-0002"
    store.close()
    store = open_store(tmp_path, KEY, kiosk_id="hall-3-kiosk-07", clock=lambda: now[0])
    assert store.outbox.commit(record()) == "K07-20261123-0003"
    now[0] += 86400
    assert store.outbox.commit(record()) == "K07-20261124-0001"
    rating = OutboxRecord(kind="rating", item_code="ZA-0101", personal={"rating": {"score": 5}})
    assert store.outbox.commit(rating) is None
    assert store.outbox.depth() == 5


def test_batch_is_the_wire_body_in_commit_order_and_ack_purges(tmp_path: Path) -> None:
    store = open_store(tmp_path, KEY)
    ids = [r.id for r in (record(i) for i in range(5)) if store.outbox.commit(r) or True]
    # the list comprehension above committed fresh records; use what the store holds
    batch = store.outbox.next_batch(limit=3)
    assert len(batch) == 3
    body = batch[0].body
    assert set(body) == {"id", "kind", "kiosk_id", "item_code", "created_at", "case_number", "payload"}
    assert body["payload"]["answers"]["name"] == "测试0"
    assert body["created_at"].endswith("Z")
    assert [b.body["payload"]["answers"]["name"] for b in batch] == ["测试0", "测试1", "测试2"]
    assert store.outbox.next_batch(limit=3)[0].body == body  # same body on a retry
    store.outbox.mark_acknowledged([b.id for b in batch])
    assert store.outbox.depth() == 2
    conn = sqlite3.connect(tmp_path / "kiosk.db")
    held = {r[0] for r in conn.execute("SELECT id FROM records")}
    assert held.isdisjoint(b.id for b in batch)
    assert len(store.outbox.committed_ids()) == 5 and len(ids) == 5


def test_retry_delay_and_parking(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    store = open_store(tmp_path, KEY, clock=lambda: now[0])
    a, b = record(1), record(2)
    store.outbox.commit(a)
    store.outbox.commit(b)
    store.outbox.mark_retry([a.id], 30, "timeout")
    assert [p.id for p in store.outbox.next_batch()] == [b.id]
    assert store.outbox.next_due_in() == 0
    now[0] += 31
    assert [p.id for p in store.outbox.next_batch()] == [a.id, b.id]
    assert store.outbox.next_batch()[0].attempts == 1
    store.outbox.mark_parked(b.id, "http_409")
    assert store.outbox.depth() == 1 and store.outbox.parked_count() == 1
    assert "parked" in (store.outbox.alarm() or "")
    assert [al.kind for al in store.alerts()] == ["record_parked"]
    store.outbox.mark_acknowledged([b.id])  # a parked record is not purged by a stray ack
    assert store.outbox.parked_count() == 1
    assert store.outbox.requeue_parked(b.id) and store.outbox.depth() == 2


def test_swapped_ciphertext_is_parked_not_sent(tmp_path: Path) -> None:
    store = open_store(tmp_path, KEY)
    a, b = record(1), record(2)
    store.outbox.commit(a)
    store.outbox.commit(b)
    conn = sqlite3.connect(tmp_path / "kiosk.db", isolation_level=None)
    blob_a = conn.execute("SELECT personal FROM records WHERE id = ?", (a.id,)).fetchone()[0]
    conn.execute("UPDATE records SET personal = ? WHERE id = ?", (blob_a, b.id))  # move A's data to B
    conn.close()
    batch = store.outbox.next_batch()
    assert [p.id for p in batch] == [a.id]
    assert store.outbox.parked_count() == 1


def test_alarm_on_depth_and_age(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    store = open_store(tmp_path, KEY, clock=lambda: now[0], limits=OutboxLimits(warn_depth=3, warn_age_s=3600,
                                                                               max_depth=4))
    assert store.outbox.alarm() is None
    store.outbox.commit(record())
    now[0] += 3601
    assert "1.0 h old" in (store.outbox.alarm() or "")
    for _ in range(3):
        store.outbox.commit(record())
    assert "4 records wait" in (store.outbox.alarm() or "")
    with pytest.raises(StoreFull):  # the hard cap: refuse new cases rather than grow without end
        store.outbox.commit(record())
    assert store.outbox.depth() == 4


def test_disk_full_is_store_full_and_never_half_a_record(tmp_path: Path) -> None:
    # max_page_count makes SQLite itself run out of pages: the real SQLITE_FULL path.
    store = open_store(tmp_path, KEY, max_page_count=40)
    big = "x" * 3000
    committed: list[str] = []
    with pytest.raises(StoreFull) as err:
        for i in range(1000):
            r = OutboxRecord(kind="submission", item_code="ZA-0101", personal={"blob": big, "n": i})
            number = store.outbox.commit(r)
            assert number is not None
            committed.append(number)
    assert 3 < len(committed) < 1000
    cause = err.value.__cause__
    assert isinstance(cause, sqlite3.Error) and cause.sqlite_errorcode == sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    conn = store.db.conn()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.outbox.depth() == len(committed)
    assert store.outbox.committed_ids().__len__() == len(committed)
    (last,) = conn.execute("SELECT last FROM case_sequence").fetchone()
    assert last == len(committed)  # the failed commit did not consume a case number
    # Space comes back once the server has the backlog: the kiosk takes cases again.
    store.outbox.mark_acknowledged([p.id for p in store.outbox.next_batch(limit=1000)])
    assert store.outbox.commit(OutboxRecord(kind="submission", item_code="ZA-0101", personal={"blob": big}))


def test_concurrent_commits_from_threads_get_distinct_numbers(tmp_path: Path) -> None:
    store = open_store(tmp_path, KEY)
    numbers: list[str | None] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(10):
            n = store.outbox.commit(record())
            with lock:
                numbers.append(n)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(numbers)) == 40
    assert store.outbox.depth() == 40


def test_commit_is_durable_when_it_returns(tmp_path: Path) -> None:
    """A child commits in a loop and prints each case number after commit() returns; SIGKILL it
    mid-stream: every printed number must be in the database."""
    script = (
        "import sys\n"
        "from kiosk.store import open_store, OutboxRecord\n"
        "s = open_store(sys.argv[1], bytes(range(32)))\n"
        "while True:\n"
        "    n = s.outbox.commit(OutboxRecord(kind='submission', item_code='ZA-0101', personal={'a': 'b' * 500}))\n"
        "    print(n, flush=True)\n")
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                             cwd=REPO)
    assert child.stdout is not None
    printed = [child.stdout.readline().strip() for _ in range(30)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    store = open_store(tmp_path, KEY)
    assert store.integrity_check() == "ok"
    held = {r[0] for r in store.db.conn().execute("SELECT case_number FROM records")}
    assert set(printed) <= held
    assert not store.alerts()


def test_record_repr_hides_personal_data() -> None:
    assert "测试" not in repr(record(1)) and "1101" not in repr(record(1))


def test_enospc_from_the_os_is_store_full_too(tmp_path: Path) -> None:
    import errno

    from kiosk.store.db import is_disk_full

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    store = open_store(tmp_path, KEY)
    with pytest.raises(StoreFull), store.db.write() as conn:
        conn.execute("INSERT INTO audit (at, actor, event) VALUES ('x', 'test', 'half')")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert store.db.conn().execute("SELECT count(*) FROM audit WHERE event = 'half'").fetchone()[0] == 0
