"""A receipt number is never handed out twice, even after the kiosk's database was quarantined
as corrupt or lost (issue #14 item 7). What a citizen notices: the number on their receipt finds
*their* case at the centre (docs/protocol.md: the server keeps the first case under a number, and
answers 404 when the ID digits do not match). Real server subprocess on loopback."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import OutboxRecord, open_store
from kiosk.store.store import Store
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-4-kiosk-09"
KEY = bytes(range(32))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path / "server", KIOSK)
    yield srv
    srv.stop()


def _submit(store: Store, citizen: int) -> str:
    number = store.outbox.commit(OutboxRecord(
        kind="submission", item_code="ZA-0101",
        personal={"answers": {"name": f"市民{citizen}", "id_number": f"1101051990010{citizen:04d}X"[-18:]},
                  "verification": {"verdict": "match"}}))
    assert number is not None
    return number


def _last4(citizen: int) -> str:
    return f"1101051990010{citizen:04d}X"[-4:]


def _deliver(store: Store, server: object) -> None:
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    worker = SyncWorker(store, client, heartbeat_s=3600)
    worker.start()
    deadline = time.monotonic() + 30
    while store.outbox.depth() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    client.close()
    assert store.outbox.depth() == 0 and store.outbox.parked_count() == 0


def _server_ids(server: object) -> list[str]:
    db = sqlite3.connect(str(server.db_url).removeprefix("sqlite:///"))  # type: ignore[attr-defined]
    try:
        return [r[0] for r in db.execute("SELECT record_id FROM records WHERE kiosk_id = ?", (KIOSK,))]
    finally:
        db.close()


def _scribble_index(data: Path, index: str) -> None:
    """Damage one index page: PRAGMA quick_check fails (→ quarantine), the tables stay readable."""
    db = sqlite3.connect(data / "kiosk.db")
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(data / "kiosk.db", "r+b") as f:
        f.seek((root - 1) * page + 8)
        f.write(b"\xa5" * (page - 8))


def _query(server: object, number: str, last4: str) -> dict[str, object] | None:
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    try:
        return client.query_case(number, last4)
    finally:
        client.close()


def test_unreadable_database_lost_then_a_new_citizen_finds_their_own_case(server: object, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data, KEY, kiosk_id=KIOSK)
    earlier = [_submit(store, c) for c in range(1, 4)]
    _deliver(store, server)
    store.close()
    (data / "kiosk.db").write_bytes(b"\x00garbage, not a database" * 400)  # nothing in it can be read

    store = open_store(data, KEY, kiosk_id=KIOSK)  # offline: no heartbeat has answered yet
    assert "database_quarantined" in [a.kind for a in store.alerts()]
    new = _submit(store, 7)
    assert new not in earlier
    _deliver(store, server)
    store.close()
    case = _query(server, new, _last4(7))
    assert case is not None and case["case_number"] == new  # not 404: the number is the new citizen's
    assert _query(server, earlier[0], _last4(1)) is not None  # and the first citizen still finds theirs


def test_reimaged_kiosk_continues_after_the_servers_last_number(server: object, tmp_path: Path) -> None:
    store = open_store(tmp_path / "before", KEY, kiosk_id=KIOSK)
    earlier = [_submit(store, c) for c in range(1, 4)]
    _deliver(store, server)
    store.close()

    store = open_store(tmp_path / "after", KEY, kiosk_id=KIOSK)  # a new, empty database (reimaged)
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    worker = SyncWorker(store, client, heartbeat_s=3600)
    worker.start()  # the first heartbeat goes out at once
    deadline = time.monotonic() + 20
    while worker.status()["online"] is not True and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    client.close()
    new = _submit(store, 8)
    day, n = earlier[-1].rsplit("-", 2)[1:]
    assert new == f"{earlier[-1].split('-')[0]}-{day}-{int(n) + 1:04d}"
    _deliver(store, server)
    store.close()
    assert _query(server, new, _last4(8)) is not None


def test_readable_quarantine_continues_numbers_and_its_undelivered_records_are_sent_once(
        server: object, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data, KEY, kiosk_id=KIOSK)
    delivered = [_submit(store, c) for c in range(1, 4)]
    _deliver(store, server)  # purged from the outbox: only case_sequence and the audit log remember them
    waiting = [_submit(store, c) for c in range(4, 6)]
    lost_answer = store.outbox.next_batch(10)[0]  # the server stores this one, its answer is lost
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    assert client.send_record(lost_answer.body).code == 201
    client.close()
    store.close()
    _scribble_index(data, "records_due")

    store = open_store(data, KEY, kiosk_id=KIOSK)
    assert "database_quarantined" in [a.kind for a in store.alerts()]
    assert store.outbox.depth() == 0
    new = _submit(store, 6)
    assert new not in delivered + waiting
    assert int(new.rsplit("-", 1)[1]) == int(waiting[-1].rsplit("-", 1)[1]) + 1  # continues, no gap

    assert store.quarantined_undelivered() == 2
    [first] = store.resend_quarantined()
    assert (first.taken, first.already) == (2, 0)
    assert [r.taken for r in store.resend_quarantined()] == [0]  # a second run takes nothing twice
    _deliver(store, server)
    assert [r.taken for r in store.resend_quarantined()] == [0]  # nor after they were delivered and purged
    assert store.quarantined_undelivered() == 0
    store.close()
    ids = _server_ids(server)
    assert len(ids) == len(set(ids)) == 6  # 3 + 2 resent (one the server already had) + 1 new
    for citizen, number in zip(range(4, 6), waiting):
        assert _query(server, number, _last4(citizen)) is not None


def test_technician_command_resends_quarantined_records_once(private_user_dirs: Path) -> None:
    import os
    import subprocess
    import sys

    from kiosk.config import Settings
    from kiosk.store.keys import load_or_create_key

    settings = Settings()  # the demo settings the command will read (XDG dirs of this test)
    key = load_or_create_key(settings.key_file, settings.data_dir)
    store = open_store(settings.data_dir, key, kiosk_id=settings.kiosk_id)
    waiting = [_submit(store, c) for c in range(1, 3)]
    store.close()
    _scribble_index(settings.data_dir, "records_due")
    open_store(settings.data_dir, key, kiosk_id=settings.kiosk_id).close()  # the kiosk starts: quarantine

    env = {**os.environ, "XDG_DATA_HOME": str(private_user_dirs / "data"),
           "XDG_CONFIG_HOME": str(private_user_dirs / "config")}

    def run() -> str:
        done = subprocess.run([sys.executable, "-m", "app.cli", "technician", "resend-quarantined"],
                              capture_output=True, text=True, timeout=60, env=env,
                              cwd=Path(__file__).resolve().parents[2])
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "2 record(s) back in the outbox" in run()
    second = run()
    assert "0 record(s) back in the outbox, 2 already taken" in second
    store = open_store(settings.data_dir, key, kiosk_id=settings.kiosk_id)
    assert sorted(b.body["case_number"] for b in store.outbox.next_batch(10)) == sorted(waiting)
    store.close()


def test_two_unreadable_quarantines_on_one_day_never_repeat_a_number(tmp_path: Path) -> None:
    """The fallback series of a second lost database the same day starts after the first one's
    numbers (a fixed fallback floor would hand out the first fallback's numbers again)."""
    data = tmp_path / "data"
    now = [time.mktime((2026, 12, 7, 9, 0, 0, 0, 0, -1))]
    numbers: list[str] = []
    for minutes_later in (0, 1, 20):  # lost at 09:00, again at 09:01 and at 09:21
        now[0] += minutes_later * 60
        store = open_store(data, KEY, kiosk_id=KIOSK, clock=lambda: now[0])
        numbers += [_submit(store, c) for c in range(1, 4)]  # offline: no server raises the counter
        store.close()
        (data / "kiosk.db").write_bytes(b"\x00garbage, not a database" * 400)
        for leftover in ("kiosk.db-wal", "kiosk.db-shm"):
            (data / leftover).unlink(missing_ok=True)
    assert len(set(numbers)) == len(numbers), numbers
    assert all(n.split("-")[1] == "20261207" for n in numbers)
