"""Slots, holds that expire, full slots and idempotent bookings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from server.db import Hold, make_engine, make_sessionmaker

from .conftest import SignedClient


def _tomorrow_slots(kiosk: SignedClient, service: str = "fingerprint") -> list[dict[str, Any]]:
    # Beijing-time days; the demo opens Monday–Saturday, so look ahead until a day has slots.
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    for d in range(1, 8):
        day = (today + timedelta(days=d)).isoformat()
        slots = kiosk.get(
            "/api/v1/appointments/slots", params={"service": service, "date": day}
        ).json()["slots"]
        if slots:
            return list(slots)
    raise AssertionError("no demo slots in the next week")


def _expire(db_url: str, hold_id: str) -> None:
    engine = make_engine(db_url)
    with make_sessionmaker(engine).begin() as s:
        s.execute(
            update(Hold)
            .where(Hold.id == hold_id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    engine.dispose()


def _book(kiosk: SignedClient, hold_id: str, key: str, name: str = "测试甲") -> Any:
    return kiosk.post(
        "/api/v1/appointments",
        headers={"Idempotency-Key": key},
        json={
            "hold_id": hold_id,
            "item_code": "ZA-0201",
            "contact": {"name": name, "phone": "13800138000"},
        },
    )


def test_slots_list(kiosk: SignedClient) -> None:
    slots = _tomorrow_slots(kiosk)
    assert len(slots) == 16 and all(s["free"] == 2 for s in slots)
    assert set(slots[0]) == {"id", "start", "end", "free"} and slots[0]["start"].endswith("Z")
    # 09:00 Beijing time is 01:00 UTC.
    assert slots[0]["start"][11:16] == "01:00"


def test_hold_book_and_retry(kiosk: SignedClient) -> None:
    slot = _tomorrow_slots(kiosk)[0]
    hold = kiosk.post("/api/v1/appointments/holds", json={"slot_id": slot["id"]})
    assert hold.status_code == 200, hold.text
    expires = datetime.fromisoformat(hold.json()["expires_at"].replace("Z", "+00:00"))
    assert 110 <= (expires - datetime.now(UTC)).total_seconds() <= 121
    assert _tomorrow_slots(kiosk)[0]["free"] == 1  # the hold counts while it lives
    booked = _book(kiosk, hold.json()["hold_id"], "key-1")
    assert booked.status_code == 200, booked.text
    assert (
        booked.json()["booking_number"].startswith("BK")
        and booked.json()["slot"]["id"] == slot["id"]
    )
    again = _book(kiosk, hold.json()["hold_id"], "key-1")
    assert again.status_code == 200 and again.json() == booked.json()
    assert (
        _book(kiosk, hold.json()["hold_id"], "key-1", name="别人").status_code == 409
    )  # same key, new body
    assert _book(kiosk, hold.json()["hold_id"], "key-2").json()["error"] == "hold_used"
    assert _tomorrow_slots(kiosk)[0]["free"] == 1


def test_full_slot_is_409_and_expired_holds_free_it(kiosk: SignedClient, db_url: str) -> None:
    slot = _tomorrow_slots(kiosk)[1]
    h1 = kiosk.post("/api/v1/appointments/holds", json={"slot_id": slot["id"]}).json()["hold_id"]
    kiosk.post("/api/v1/appointments/holds", json={"slot_id": slot["id"]})
    full = kiosk.post("/api/v1/appointments/holds", json={"slot_id": slot["id"]})
    assert full.status_code == 409 and full.json()["error"] == "full"
    _expire(db_url, h1)
    assert _book(kiosk, h1, "late").status_code == 410  # the citizen took too long
    again = kiosk.post("/api/v1/appointments/holds", json={"slot_id": slot["id"]})
    assert again.status_code == 200  # the expired hold no longer counts


def test_booking_needs_key_and_a_known_hold(kiosk: SignedClient) -> None:
    body = {"hold_id": "h-nope", "item_code": "ZA-0201", "contact": {"name": "x", "phone": "1"}}
    assert kiosk.post("/api/v1/appointments", json=body).status_code == 422
    assert _book(kiosk, "h-nope", "k").status_code == 404
    assert kiosk.post("/api/v1/appointments/holds", json={"slot_id": "nope"}).status_code == 404


def test_last_places_cannot_be_held_twice(live: Any, db_url: str) -> None:
    """Eight kiosks press "hold" on a two-place slot at once: exactly two get it."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from .conftest import KIOSK

    srv, secret = live
    with httpx.Client(base_url=srv.url, timeout=30) as http:
        slot = _tomorrow_slots(SignedClient(http, KIOSK, secret))[5]
    barrier = threading.Barrier(8)

    def hold(_: int) -> int:
        with httpx.Client(base_url=srv.url, timeout=30) as http:
            client = SignedClient(http, KIOSK, secret)
            barrier.wait()
            return client.post(
                "/api/v1/appointments/holds", json={"slot_id": slot["id"]}
            ).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = sorted(pool.map(hold, range(8)))
    assert codes == [200, 200] + [409] * 6


def test_concurrent_booking_retries_make_one_booking(live: Any, db_url: str) -> None:
    """A kiosk whose network stutters sends the same booking six times at once: one booking,
    every copy gets its number."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from sqlalchemy import func, select

    from server.db import Booking

    from .conftest import KIOSK

    srv, secret = live
    with httpx.Client(base_url=srv.url, timeout=30) as http:
        client = SignedClient(http, KIOSK, secret)
        slot = _tomorrow_slots(client)[6]
        hold_id = client.post("/api/v1/appointments/holds", json={"slot_id": slot["id"]}).json()[
            "hold_id"
        ]
    barrier = threading.Barrier(6)

    def book(_: int) -> tuple[int, str]:
        with httpx.Client(base_url=srv.url, timeout=30) as http:
            c = SignedClient(http, KIOSK, secret)
            barrier.wait()
            resp = _book(c, hold_id, "same-key")
            return resp.status_code, resp.json().get("booking_number", resp.text)

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(book, range(6)))
    assert {code for code, _ in results} == {200}, results
    assert len({number for _, number in results}) == 1
    engine = make_engine(db_url)
    with make_sessionmaker(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Booking)) == 1
    engine.dispose()
