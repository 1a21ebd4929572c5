"""A batch of records is stored together — one transaction, not one per record — and still
exactly once, record by record, however often and however concurrently it is sent (issue #14,
item 17; the throughput itself is measured by benchmarks/bench_server.py)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select, text

from server.db import Case, Record, make_engine, make_sessionmaker

from .conftest import KIOSK, LiveServer, SignedClient, record

BATCH = "/api/v1/records:batch"


def submissions(n: int, start: int = 1) -> list[dict[str, Any]]:
    """Submissions with distinct case numbers in the kiosk's own format."""
    return [record(case_number=f"K01-20261123-{i:04d}") for i in range(start, start + n)]


def _stored(db_url: str) -> tuple[int, int, int]:
    """(records, distinct record ids, cases opened by records)."""
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as s:
            rows = s.scalar(select(func.count()).select_from(Record)) or 0
            distinct = s.scalar(select(func.count(func.distinct(Record.record_id)))) or 0
            cases = s.scalar(
                select(func.count()).select_from(Case).where(Case.record_id.is_not(None))
            )
            return int(rows), int(distinct), int(cases or 0)
    finally:
        engine.dispose()


def test_a_batch_is_one_commit_not_one_per_record(
    kiosk: SignedClient, app_client: TestClient, db_url: str
) -> None:
    """The database commits (and so fsyncs) a few times per batch of 100, not 100 times."""
    engine = app_client.app.state.engine  # type: ignore[attr-defined]
    commits = 0

    def count(_conn: Any) -> None:
        nonlocal commits
        commits += 1

    event.listen(engine, "commit", count)
    try:
        resp = kiosk.post(BATCH, json={"records": submissions(100)})
    finally:
        event.remove(engine, "commit", count)
    assert resp.status_code == 200, resp.text
    assert [r["code"] for r in resp.json()["results"]] == [201] * 100
    assert commits <= 3, commits  # the nonce, the batch (and nothing per record)
    assert _stored(db_url) == (100, 100, 100)


def test_same_batch_sent_concurrently_and_again_is_stored_once(
    live: tuple[LiveServer, str], db_url: str
) -> None:
    """Four copies of a batch race, then it is sent once more: every good record is accepted
    exactly once (one 201, the rest 200 with the same answer), the bad one is refused alone in
    every copy, and the database holds each record and its case once."""
    srv, secret = live
    done, *good = submissions(31)
    broken = record(kind="nonsense")
    conflicting = done | {"item_code": "ZA-9999"}
    twin = good[3]  # the same record twice in one batch
    batch = [*good[:10], broken, *good[10:20], conflicting, twin, *good[20:]]
    barrier = threading.Barrier(4)

    def send(wait: bool) -> list[dict[str, Any]]:
        with httpx.Client(base_url=srv.url, timeout=60) as http:
            client = SignedClient(http, KIOSK, secret)
            if wait:
                barrier.wait()
            resp = client.post(BATCH, json={"records": batch})
            assert resp.status_code == 200, resp.text
            return list(resp.json()["results"])

    with httpx.Client(base_url=srv.url, timeout=60) as http:
        first = SignedClient(http, KIOSK, secret).post(BATCH, json={"records": [done]})
        assert first.json()["results"][0]["code"] == 201
    with ThreadPoolExecutor(4) as pool:
        copies = list(pool.map(send, [True] * 4))
    copies.append(send(False))

    for results in copies:
        assert [r["id"] for r in results] == [r["id"] for r in batch]
        by_position = {i: r for i, r in enumerate(results)}
        assert by_position[10]["code"] == 422 and by_position[10]["body"]["error"] == "invalid"
        assert by_position[21] == {"id": done["id"], "code": 409, "body": {"error": "conflict"}}
        # The twin later in the same batch is a repeat of the first copy: same answer.
        assert by_position[22]["code"] == 200
        assert by_position[22]["body"] == by_position[3]["body"]
    for rec in good:
        answers = [r for results in copies for r in results if r["id"] == rec["id"]]
        codes = sorted(r["code"] for r in answers)
        assert codes.count(201) == 1 and set(codes) <= {200, 201}, codes
        assert len({str(r["body"]) for r in answers}) == 1  # every copy got the same answer
        assert answers[0]["body"]["case_number"] == rec["case_number"]
    assert _stored(db_url) == (31, 31, 31)


def _refuse_one_record_in_the_database(db_url: str, record_id: str) -> None:
    """A row the database itself refuses (as a constraint or trigger added by a DBA would)."""
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(
                    text(
                        "CREATE OR REPLACE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
                        f"IF NEW.record_id = '{record_id}' THEN "
                        "RAISE EXCEPTION 'refused by the database'; END IF; RETURN NEW; "
                        "END $$ LANGUAGE plpgsql"
                    )
                )
                conn.execute(text("DROP TRIGGER IF EXISTS refuse_one ON records"))
                conn.execute(
                    text(
                        "CREATE TRIGGER refuse_one BEFORE INSERT ON records "
                        "FOR EACH ROW EXECUTE FUNCTION refuse_one()"
                    )
                )
            else:
                conn.execute(
                    text(
                        "CREATE TRIGGER refuse_one BEFORE INSERT ON records "
                        f"WHEN NEW.record_id = '{record_id}' "
                        "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
                    )
                )
    finally:
        engine.dispose()


def _drop_refusal(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS refuse_one ON records")) if (
                engine.dialect.name == "postgresql"
            ) else conn.execute(text("DROP TRIGGER IF EXISTS refuse_one"))
    finally:
        engine.dispose()


def test_a_record_the_database_refuses_is_refused_alone(kiosk: SignedClient, db_url: str) -> None:
    """The good records around it are stored and acknowledged; the refused one gets a
    try-again-later answer (the kiosk keeps it), not the whole batch."""
    *good, poison = submissions(7)
    _refuse_one_record_in_the_database(db_url, poison["id"])
    try:
        resp = kiosk.post(BATCH, json={"records": [*good[:3], poison, *good[3:]]})
    finally:
        _drop_refusal(db_url)
    assert resp.status_code == 200, resp.text
    codes = [(r["id"], r["code"]) for r in resp.json()["results"]]
    assert codes == [
        *[(g["id"], 201) for g in good[:3]],
        (poison["id"], 503),
        *[(g["id"], 201) for g in good[3:]],
    ]
    assert _stored(db_url) == (6, 6, 6)
    # Once the database takes it again, the kiosk's resend is stored.
    again = kiosk.post(BATCH, json={"records": [poison, good[0]]})
    assert [r["code"] for r in again.json()["results"]] == [201, 200]
