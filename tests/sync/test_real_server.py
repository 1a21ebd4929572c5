"""The sync client and worker against the real server from server/ (subprocess on loopback)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.store import OutboxRecord, open_store
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-01"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


def test_worker_delivers_to_the_real_server_exactly_once(server: object, tmp_path: Path) -> None:
    store = open_store(tmp_path / "data", bytes(range(32)), kiosk_id=KIOSK)
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    numbers = []
    for i in range(30):
        numbers.append(store.outbox.commit(OutboxRecord(
            kind="submission", item_code="ZA-0101",
            personal={"answers": {"name": f"测试{i}", "id_number": f"11010519900101{i:03d}X"},
                      "verification": {"verdict": "match"}})))
    store.outbox.commit(OutboxRecord(kind="rating", item_code="ZA-0101", personal={"rating": {"score": 5}}))
    pending = store.outbox.next_batch(5)
    worker = SyncWorker(store, client, heartbeat_s=3600)
    worker.start()
    deadline = time.monotonic() + 20
    while store.outbox.depth() and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.stop()
    assert store.outbox.depth() == 0 and store.outbox.parked_count() == 0
    # a retry of an already delivered record gets the first answer back, not a second copy
    again = client.send_record(pending[0].body)
    assert again.code == 200 and again.body["case_number"] == numbers[0]
    case = client.query_case(numbers[3], "003X")
    assert case is not None and case["status"] == "received"
    assert client.query_case(numbers[3], "9999") is None
    db = sqlite3.connect(str(server.db_url).removeprefix("sqlite:///"))  # type: ignore[attr-defined]
    ids = [r[0] for r in db.execute("SELECT record_id FROM records WHERE kiosk_id = ?", (KIOSK,))]
    assert len(ids) == len(set(ids)) == 31


def test_heartbeat_and_catalog(server: object) -> None:
    client = ServerClient(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
    answer = client.heartbeat({"kiosk_id": KIOSK, "at": "2026-11-23T08:00:00Z", "versions": {"kiosk": "0.1.0"},
                               "devices": {}, "outbox": {"depth": 0, "oldest_age_s": 0.0, "parked": 0}})
    assert "server_time" in answer
    catalog = client.get_catalog()
    assert "version" in catalog


def test_downloaded_catalog_verifies_and_a_changed_file_does_not(server: object) -> None:
    from kiosk.sync.updates import UpdateError, verify_catalog

    answer = ServerClient(server.url, KIOSK, server.secret).get_catalog()  # type: ignore[attr-defined]
    if not answer.get("files"):
        pytest.skip("server has no catalog published")
    download = verify_catalog(answer)
    assert download.version == answer["version"]
    name = next(iter(answer["files"]))
    answer["files"][name] += "\n# tampered"
    with pytest.raises(UpdateError):
        verify_catalog(answer)

