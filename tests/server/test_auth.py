"""Request signing as a kiosk sees it: what is refused, and that the refusal tells it why."""

from __future__ import annotations

import time
from datetime import datetime

from server.auth import signed_headers

from .conftest import KIOSK, SignedClient


def _hb() -> dict[str, object]:
    return {
        "kiosk_id": KIOSK,
        "at": "2026-11-23T08:00:00Z",
        "versions": {"kiosk": "1"},
        "devices": {},
        "outbox": {"depth": 0, "oldest_age_s": 0, "parked": 0},
    }


def _refusal(resp: object, error: str) -> None:
    assert resp.status_code == 401, resp.text  # type: ignore[attr-defined]
    body = resp.json()  # type: ignore[attr-defined]
    assert body["error"] == error
    # Every refusal carries the server's clock so a technician can see a wrong kiosk clock.
    server_time = datetime.fromisoformat(body["server_time"].replace("Z", "+00:00"))
    assert abs(server_time.timestamp() - time.time()) < 5


def test_signed_request_is_accepted(kiosk: SignedClient) -> None:
    resp = kiosk.post("/api/v1/heartbeats", json=_hb())
    assert resp.status_code == 200, resp.text
    assert set(resp.json()) == {"server_time", "catalog_version", "config_version", "last_case_number"}


def test_unsigned_request_is_refused(kiosk: SignedClient) -> None:
    _refusal(kiosk.post("/api/v1/heartbeats", json=_hb(), sign=False), "unknown_kiosk")


def test_unknown_kiosk(kiosk: SignedClient) -> None:
    stranger = SignedClient(kiosk.http, "nobody-99", kiosk.secret)
    _refusal(stranger.post("/api/v1/heartbeats", json=_hb()), "unknown_kiosk")


def test_wrong_secret_is_bad_signature(kiosk: SignedClient) -> None:
    forger = SignedClient(kiosk.http, KIOSK, "00" * 32)
    _refusal(forger.post("/api/v1/heartbeats", json=_hb()), "bad_signature")


def test_body_changed_after_signing_is_bad_signature(kiosk: SignedClient) -> None:
    body = b'{"a": 1}'
    headers = signed_headers(KIOSK, kiosk.secret, "POST", "/api/v1/heartbeats", body)
    resp = kiosk.http.post("/api/v1/heartbeats", content=b'{"a": 2}', headers=headers)
    _refusal(resp, "bad_signature")


def test_query_string_is_signed(kiosk: SignedClient) -> None:
    headers = signed_headers(KIOSK, kiosk.secret, "GET", "/api/v1/lost-found?category=wallet", b"")
    _refusal(kiosk.http.get("/api/v1/lost-found?category=phone", headers=headers), "bad_signature")
    headers = signed_headers(KIOSK, kiosk.secret, "GET", "/api/v1/lost-found?category=wallet", b"")
    assert kiosk.http.get("/api/v1/lost-found?category=wallet", headers=headers).status_code == 200


def test_replayed_request_is_refused(kiosk: SignedClient) -> None:
    body = b'{"kiosk_id": "test-kiosk-01", "at": "2026-11-23T08:00:00Z", "outbox": {"depth": 0, "oldest_age_s": 0, "parked": 0}}'
    headers = signed_headers(KIOSK, kiosk.secret, "POST", "/api/v1/heartbeats", body)
    headers["Content-Type"] = "application/json"
    first = kiosk.http.post("/api/v1/heartbeats", content=body, headers=headers)
    assert first.status_code == 200, first.text
    _refusal(kiosk.http.post("/api/v1/heartbeats", content=body, headers=headers), "replay")


def test_clock_skew_both_ways(kiosk: SignedClient) -> None:
    kiosk.clock_offset = -301
    _refusal(kiosk.post("/api/v1/heartbeats", json=_hb()), "clock_skew")
    kiosk.clock_offset = +400
    _refusal(kiosk.post("/api/v1/heartbeats", json=_hb()), "clock_skew")
    kiosk.clock_offset = -250  # inside the 300 s window: fine
    assert kiosk.post("/api/v1/heartbeats", json=_hb()).status_code == 200


def test_malformed_auth_headers(kiosk: SignedClient) -> None:
    resp = kiosk.http.get(
        "/api/v1/config",
        headers={"X-Kiosk-Id": KIOSK, "X-Timestamp": "soon", "X-Nonce": "x", "X-Signature": "zz"},
    )
    _refusal(resp, "bad_signature")


def test_heartbeat_for_another_kiosk_is_refused(kiosk: SignedClient) -> None:
    body = _hb() | {"kiosk_id": "someone-else"}
    assert kiosk.post("/api/v1/heartbeats", json=body).status_code == 422


def test_old_nonces_are_pruned_but_recent_ones_kept(settings: object) -> None:
    from datetime import timedelta

    from sqlalchemy import func, select

    from server.auth import NonceStore
    from server.db import Nonce, create_schema, make_engine, make_sessionmaker, utcnow

    engine = make_engine(settings.db_url)  # type: ignore[attr-defined]
    create_schema(engine)
    sm = make_sessionmaker(engine)
    with sm.begin() as s:
        s.add(Nonce(kiosk_id=KIOSK, nonce="a" * 32, seen_at=utcnow() - timedelta(hours=1)))
    store = NonceStore(sm, 300)
    assert store.remember(KIOSK, "b" * 32)  # triggers the first prune
    assert not store.remember(KIOSK, "b" * 32)  # still remembered: a replay
    with sm() as s:
        assert s.scalar(select(func.count()).select_from(Nonce)) == 1
    engine.dispose()
