from __future__ import annotations

from pathlib import Path

from kiosk.store import OutboxRecord, open_store

KEY = bytes(range(32))


def _commit_some(data_dir: Path, n: int) -> None:
    store = open_store(data_dir, KEY)
    for i in range(n):
        store.outbox.commit(OutboxRecord(kind="submission", item_code="ZA-0101", personal={"i": i, "pad": "p" * 2000}))
    store.close()


def test_not_a_database_is_quarantined(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "kiosk.db").write_bytes(b"this is not sqlite at all" * 100)
    (data / "kiosk.db-wal").write_bytes(b"junk")
    store = open_store(data, KEY)
    [moved] = list((data / "quarantine").iterdir())
    assert {"kiosk.db", "kiosk.db-wal"} <= {p.name for p in moved.iterdir()}
    assert (moved / "kiosk.db").read_bytes() == b"this is not sqlite at all" * 100  # kept as it was
    alerts = store.alerts()
    # nothing readable in it: today's case numbers continue in the series that cannot collide
    assert [a.kind for a in alerts] == ["database_quarantined", "case_numbers_fallback"]
    assert str(moved) in alerts[0].message
    assert store.outbox.commit(OutboxRecord(kind="submission", item_code="ZA-0101"))  # works again
    assert store.integrity_check() == "ok"


def test_damaged_pages_are_detected_by_quick_check(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _commit_some(data, 40)
    db = data / "kiosk.db"
    raw = bytearray(db.read_bytes())
    assert len(raw) > 8 * 4096
    page = 4096
    for p in range(2, len(raw) // page):  # scribble over every page but the header page
        raw[p * page + 10:p * page + 400] = b"\xa5" * 390
    db.write_bytes(bytes(raw))
    store = open_store(data, KEY)
    assert [a.kind for a in store.alerts()] == ["database_quarantined"]
    assert store.outbox.depth() == 0
    assert (next((data / "quarantine").iterdir()) / "kiosk.db").exists()


def test_healthy_database_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _commit_some(data, 3)
    store = open_store(data, KEY)
    assert store.outbox.depth() == 3 and not store.alerts()
    assert not (data / "quarantine").exists()
