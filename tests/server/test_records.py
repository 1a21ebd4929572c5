"""Records are stored exactly once however often and however concurrently a kiosk sends them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server.db import Case, Record, make_engine, make_sessionmaker

from .conftest import KIOSK, LiveServer, SignedClient, record


def _count(db_url: str, **where: str) -> int:
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as s:
            q = select(func.count()).select_from(Record)
            for k, v in where.items():
                q = q.where(getattr(Record, k) == v)
            return int(s.scalar(q) or 0)
    finally:
        engine.dispose()


def _post(kiosk: SignedClient, rec: dict[str, object]) -> httpx.Response:
    return kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": str(rec["id"])})


def test_first_then_retry_gets_the_first_answer(kiosk: SignedClient, db_url: str) -> None:
    rec = record()
    first = _post(kiosk, rec)
    assert first.status_code == 201, first.text
    answer = first.json()
    assert answer["id"] == rec["id"] and answer["status"] == "accepted"
    assert answer["case_number"] == rec["case_number"] and answer["received_at"].endswith("Z")
    again = _post(kiosk, rec)
    assert again.status_code == 200 and again.json() == answer
    # Key order and whitespace do not make a different record.
    reordered = dict(reversed(list(rec.items())))
    assert _post(kiosk, reordered).json() == answer
    assert _count(db_url, record_id=str(rec["id"])) == 1


def test_same_id_different_body_is_conflict(kiosk: SignedClient, db_url: str) -> None:
    rec = record()
    assert _post(kiosk, rec).status_code == 201
    changed = rec | {"item_code": "ZA-0102"}
    resp = _post(kiosk, changed)
    assert resp.status_code == 409 and resp.json() == {"error": "conflict"}
    assert _count(db_url) == 1


def test_submission_creates_a_case_a_citizen_can_query(kiosk: SignedClient) -> None:
    rec = record()
    assert _post(kiosk, rec).status_code == 201
    resp = kiosk.get(f"/api/v1/cases/{rec['case_number']}", params={"id_last4": "1239"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "received" and body["item_code"] == "ZA-0101"
    assert [h["status"] for h in body["history"]] == ["received"]
    assert body["history"][0]["note"]["zh"] and body["history"][0]["note"]["en"]


def test_malformed_and_mismatched_records_are_422(kiosk: SignedClient) -> None:
    rec = record()
    del rec["kind"]
    resp = _post(kiosk, rec)
    assert resp.status_code == 422 and resp.json()["error"] == "invalid"
    assert "110105199003071239" not in resp.text  # the input is never echoed back
    assert _post(kiosk, record(kiosk_id="another")).status_code == 422
    rec = record()
    assert (
        kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": "other"}).status_code
        == 422
    )
    bad = kiosk.post(
        "/api/v1/records", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert bad.status_code == 422


def test_oversized_body_is_413(kiosk: SignedClient) -> None:
    rec = record()
    rec["payload"]["attachments"] = [
        {"name": "a.png", "media_type": "image/png", "data_b64": "A" * (8 * 1024 * 1024)}
    ]
    resp = _post(kiosk, rec)
    assert resp.status_code == 413 and resp.json() == {"error": "too_large"}


def test_batch_each_record_on_its_own(kiosk: SignedClient, db_url: str) -> None:
    done = record()
    assert _post(kiosk, done).status_code == 201
    fresh, broken, conflicting = record(), record(kind="nonsense"), done | {"item_code": "ZA-9999"}
    resp = kiosk.post("/api/v1/records:batch", json={"records": [fresh, done, broken, conflicting]})
    assert resp.status_code == 200, resp.text
    codes = [(r["id"], r["code"]) for r in resp.json()["results"]]
    assert codes == [(fresh["id"], 201), (done["id"], 200), (broken["id"], 422), (done["id"], 409)]
    assert resp.json()["results"][0]["body"]["status"] == "accepted"
    assert _count(db_url) == 2
    too_many = kiosk.post("/api/v1/records:batch", json={"records": [record() for _ in range(101)]})
    assert too_many.status_code == 422


def test_rating_and_help_call_records(kiosk: SignedClient) -> None:
    rating = record(kind="rating", payload={"rating": {"score": 5}})
    assert _post(kiosk, rating).status_code == 201
    call = record(kind="help_call", case_number=None, payload={"screen": "form", "language": "en"})
    assert _post(kiosk, call).status_code == 201
    assert _post(kiosk, call).status_code == 200
    calls = kiosk.http.get(
        "/api/v1/help-calls?open=1", headers={"Authorization": "Bearer operator-test-token"}
    )
    assert [c["screen"] for c in calls.json()["calls"]] == ["form"]  # once, despite the retry


def test_concurrent_duplicates_store_exactly_one(live: tuple[LiveServer, str], db_url: str) -> None:
    srv, secret = live
    recs = [record() for _ in range(5)]
    barrier = threading.Barrier(8)

    def send(rec: dict[str, object]) -> tuple[int, dict[str, object]]:
        with httpx.Client(base_url=srv.url, timeout=30) as http:
            client = SignedClient(http, KIOSK, secret)
            barrier.wait()
            resp = _post(client, rec)
            return resp.status_code, resp.json()

    for rec in recs:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(send, [rec] * 8))
        codes = sorted(code for code, _ in results)
        assert codes == [200] * 7 + [201], results
        assert len({str(body) for _, body in results}) == 1  # every copy got the same answer
    assert _count(db_url) == 5
    engine = make_engine(db_url)
    with make_sessionmaker(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 5 + 3  # + 3 demo cases
    engine.dispose()


def test_record_from_another_kiosk_with_same_id_is_separate(
    kiosk: SignedClient, settings: object
) -> None:
    from server.app import add_kiosk

    other = SignedClient(kiosk.http, "test-kiosk-02", add_kiosk(settings, "test-kiosk-02"))  # type: ignore[arg-type]
    rec = record(case_number="K01-20261123-9001")
    assert _post(kiosk, rec).status_code == 201
    rec2 = rec | {"kiosk_id": "test-kiosk-02", "case_number": "K02-20261123-9001"}
    assert _post(other, rec2).status_code == 201


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def test_any_payload_round_trips_idempotently(kiosk: SignedClient) -> None:
    """Whatever JSON a form produces (odd Unicode, big numbers, nesting) is stored once, a retry
    gets the same answer and a changed payload is a conflict."""

    @settings(
        max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(
        payload=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
        with_case=st.booleans(),
    )
    def check(payload: dict[str, object], with_case: bool) -> None:
        rec = record(payload=payload)
        if not with_case:
            rec["case_number"] = None
        first = _post(kiosk, rec)
        assert first.status_code == 201, first.text
        assert _post(kiosk, rec).json() == first.json()
        assert _post(kiosk, rec | {"payload": {"changed": payload}}).status_code == 409

    check()


def test_oversized_streamed_body_is_413(kiosk: SignedClient) -> None:
    """A body without Content-Length (chunked) is counted while it streams in."""

    def chunks() -> Iterator[bytes]:
        for _ in range(9):
            yield b"A" * (1024 * 1024)

    resp = kiosk.http.post(
        "/api/v1/records", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 413 and resp.json() == {"error": "too_large"}


def test_reused_case_number_keeps_both_records(kiosk: SignedClient, db_url: str) -> None:
    """A wiped kiosk may hand out a case number again: the new submission is still stored (never
    lost), the first case is not overwritten."""
    first = record(case_number="K01-20261123-0001")
    second = record(case_number="K01-20261123-0001", item_code="ZA-0102")
    assert _post(kiosk, first).status_code == 201
    assert _post(kiosk, second).status_code == 201
    assert _count(db_url) == 2
    case = kiosk.get("/api/v1/cases/K01-20261123-0001", params={"id_last4": "1239"}).json()
    assert case["item_code"] == "ZA-0101"


def test_help_call_record_with_odd_text(kiosk: SignedClient) -> None:
    import json

    rec = record(
        kind="help_call", case_number=None, payload={"screen": "a\x00b\ud800", "language": 7}
    )
    body = json.dumps(rec).encode()  # ASCII escapes: the lone surrogate travels as \ud800
    resp = kiosk.post(
        "/api/v1/records",
        content=body,
        headers={"Idempotency-Key": rec["id"], "Content-Type": "application/json"},
    )
    assert resp.status_code == 201, resp.text
