"""The centre's side of 自助取证: a finished card is named only to its verified holder, at the
kiosk it is loaded in, is never handed out twice, and every step leaves an audit row."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from server.collect import CollectEvent, FinishedCard, load_card
from server.demo_data import demo_id_number
from tests.server.conftest import KIOSK, SignedClient

HOLDER = demo_id_number("resident")
OTHER = demo_id_number("rare_name")


def _load(app_client: TestClient, slot: int = 3, kiosk_id: str = KIOSK, subject: str = HOLDER) -> str:
    with app_client.app.state.sm.begin() as s:  # type: ignore[attr-defined]
        return load_card(s, kiosk_id, slot, subject, "id_card").id


def _events(app_client: TestClient) -> list[CollectEvent]:
    with app_client.app.state.sm() as s:  # type: ignore[attr-defined]
        return list(s.scalars(select(CollectEvent).order_by(CollectEvent.id)).all())


def _state(app_client: TestClient, card_id: str) -> str:
    with app_client.app.state.sm() as s:  # type: ignore[attr-defined]
        card = s.get(FinishedCard, card_id)
        assert card is not None
        return card.state


def lookup(kiosk: SignedClient, id_number: str, verification: str = "match") -> tuple[int, dict]:
    r = kiosk.post("/api/v1/collect/lookup",
                   json={"id_number": id_number, "verification": verification, "reference": "register"})
    return r.status_code, r.json()


def test_verified_holder_is_told_the_slot_and_collects(app_client: TestClient, kiosk: SignedClient) -> None:
    card_id = _load(app_client, slot=3)
    status, body = lookup(kiosk, HOLDER)
    assert status == 200 and body["slot"] == 3 and body["card_id"] == card_id
    assert body["title"]["zh"] == "居民身份证"
    r = kiosk.post(f"/api/v1/collect/{card_id}/dispensing", json={"id_number": HOLDER})
    assert r.status_code == 200 and _state(app_client, card_id) == "dispensing"
    # while it moves, it is nobody's to collect again
    assert lookup(kiosk, HOLDER) == (409, {"error": "needs_staff"})
    r = kiosk.post(f"/api/v1/collect/{card_id}/outcome", json={"outcome": "collected"})
    assert r.status_code == 200 and _state(app_client, card_id) == "collected"
    assert kiosk.post(f"/api/v1/collect/{card_id}/outcome", json={"outcome": "collected"}).status_code == 200
    assert lookup(kiosk, HOLDER)[0] == 404
    events = [e.event for e in _events(app_client)]
    assert events[:4] == ["loaded", "matched", "dispensing", "refused_busy"]
    assert "collected" in events
    assert all(HOLDER not in e.detail for e in _events(app_client))  # no ID number in the trail


def test_someone_else_is_never_named_the_card(app_client: TestClient, kiosk: SignedClient) -> None:
    card_id = _load(app_client)
    status, body = lookup(kiosk, OTHER)
    assert status == 404 and "slot" not in body
    # even a kiosk that knows the card id cannot mark it for another person
    r = kiosk.post(f"/api/v1/collect/{card_id}/dispensing", json={"id_number": OTHER})
    assert r.status_code == 403 and _state(app_client, card_id) == "loaded"
    assert "refused_mismatch" in [e.event for e in _events(app_client)]


def test_unverified_citizen_gets_nothing_from_the_machine(app_client: TestClient, kiosk: SignedClient) -> None:
    _load(app_client)
    status, body = lookup(kiosk, HOLDER, verification="staff_pending")
    assert status == 403 and body["error"] == "not_verified"
    assert _events(app_client)[-1].event == "refused_unverified"


def test_card_loaded_at_another_kiosk_says_so(app_client: TestClient, kiosk: SignedClient) -> None:
    _load(app_client, kiosk_id="hall-2-kiosk-07")
    assert lookup(kiosk, HOLDER) == (404, {"error": "elsewhere"})


def test_retained_and_not_dispensed_outcomes(app_client: TestClient, kiosk: SignedClient) -> None:
    card_id = _load(app_client)
    kiosk.post(f"/api/v1/collect/{card_id}/dispensing", json={"id_number": HOLDER})
    r = kiosk.post(f"/api/v1/collect/{card_id}/outcome", json={"outcome": "not_dispensed", "detail": "slot_empty"})
    assert r.status_code == 200 and _state(app_client, card_id) == "loaded"
    kiosk.post(f"/api/v1/collect/{card_id}/dispensing", json={"id_number": HOLDER})
    kiosk.post(f"/api/v1/collect/{card_id}/outcome", json={"outcome": "retained", "detail": "not taken in 30 s"})
    assert _state(app_client, card_id) == "retained"
    assert lookup(kiosk, HOLDER)[0] == 404  # in the retain bin: staff hand it over
