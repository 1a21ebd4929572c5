"""Identify sessions: the face check against the register photo happens at the centre; a kiosk
gets pass / no_match / to_staff only inside a live session it opened (short-lived token, attempt
cap, per-kiosk rate limit with Retry-After), and no endpoint hands out a photo (issue #14 item 9,
issue #15 item 1; GB/T 38671-2020: no score)."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import face_recognition
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from devices.spec import DEMO_DIR
from server.app import add_kiosk, create_app
from server.db import IdentifyAudit, IdentifySession
from server.settings import Settings

from .conftest import KIOSK, SignedClient, make_settings

RESIDENT = "110105199003071239"  # demo population: register photo = faces/id_resident/2.jpg
OPEN = "/api/v1/identify-sessions"
VERIFY = "/api/v1/identify-sessions/verifications"


@functools.cache
def live_encoding(folder: str) -> list[float]:
    """What a kiosk sends: the 128-d encoding of a live frame (here: the sample's other photo)."""
    img = cv2.imread(str(DEMO_DIR / "faces" / folder / "1.jpg"), cv2.IMREAD_COLOR)
    rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    box = face_recognition.face_locations(rgb, 1, "hog")[0]
    return [float(v) for v in face_recognition.face_encodings(rgb, [box], 1, "small")[0]]


class Centre:
    """An app with its own settings and one or two provisioned kiosks."""

    def __init__(self, settings: Settings, http: TestClient) -> None:
        self.settings = settings
        self.app: Any = http.app
        self.kiosk = SignedClient(http, KIOSK, add_kiosk(settings, KIOSK))
        self.other = SignedClient(http, "test-kiosk-02", add_kiosk(settings, "test-kiosk-02"))

    def open(self, client: SignedClient | None = None, number: str = RESIDENT) -> Any:
        return (client or self.kiosk).post(OPEN, json={"id_number": number, "via": "card"})

    def audit(self) -> list[IdentifyAudit]:
        with self.app.state.sm() as s:
            return list(s.scalars(select(IdentifyAudit).order_by(IdentifyAudit.id)))


@pytest.fixture
def centre_factory(sqlite_url: str) -> Iterator[Any]:
    apps: list[Any] = []

    def make(**kw: Any) -> Centre:
        settings = make_settings(sqlite_url, **kw)
        http = TestClient(create_app(settings))
        http.__enter__()
        apps.append(http)
        return Centre(settings, http)

    yield make
    for http in apps:
        http.__exit__(None, None, None)
        http.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_the_centre_compares_and_answers_without_a_score(centre_factory: Any) -> None:
    c = centre_factory()
    opened = c.open()
    assert opened.status_code == 201, opened.text
    token = opened.json()["session"]
    assert opened.json()["reference"] == "register" and opened.json()["attempts_left"] == 3
    same = c.kiosk.post(VERIFY, json={"session": token, "encodings": [live_encoding("id_resident")]})
    assert same.status_code == 200, same.text
    assert same.json() == {"result": "pass", "attempts_left": 0, "reference": "register"}  # nothing else
    second = c.open()
    other = c.kiosk.post(VERIFY, json={"session": second.json()["session"],
                                       "encodings": [live_encoding("id_foreigner_old")]})
    assert other.json()["result"] == "no_match" and set(other.json()) == {"result", "attempts_left", "reference"}
    # the register has no photo for this (valid) number: the kiosk falls back to the chip
    assert c.open(number="11010519491231002X").status_code == 404


def test_a_comparison_needs_the_kiosks_own_live_session(centre_factory: Any) -> None:
    c = centre_factory()
    enc = [live_encoding("id_resident")]
    assert c.kiosk.post(VERIFY, json={"encodings": enc}).status_code == 403
    assert c.kiosk.post(VERIFY, json={"session": "made-up", "encodings": enc}).status_code == 403
    token = c.open().json()["session"]
    stolen = c.other.post(VERIFY, json={"session": token, "encodings": enc})  # another kiosk's token
    assert stolen.status_code == 403 and stolen.json()["error"] == "identify_session_required"
    assert c.kiosk.post(VERIFY, json={"session": token, "encodings": [[1e300] * 128]}).status_code == 422
    nan = json.dumps({"session": token, "encodings": [[float("nan")] * 128]}).encode()  # NaN: not JSON
    assert c.kiosk.post(VERIFY, content=nan, headers={"Content-Type": "application/json"}).status_code == 422
    assert c.kiosk.post(VERIFY, json={"session": token, "encodings": [[0.1] * 127]}).status_code == 422
    # unsigned: not even the signature check passes
    assert c.kiosk.post(VERIFY, json={"session": token, "encodings": enc}, sign=False).status_code == 401


def test_an_expired_session_is_refused(centre_factory: Any) -> None:
    c = centre_factory(identify_session_s=0)
    token = c.open().json()["session"]
    late = c.kiosk.post(VERIFY, json={"session": token, "encodings": [live_encoding("id_resident")]})
    assert late.status_code == 410 and late.json() == {"error": "identify_session_expired"}
    with c.app.state.sm() as s:
        assert s.scalars(select(IdentifySession)).first() is None  # the ID number is gone too


def test_attempts_per_session_are_capped(centre_factory: Any) -> None:
    c = centre_factory(identify_attempts=2)
    token = c.open().json()["session"]
    wrong = {"session": token, "encodings": [live_encoding("id_foreigner_old")]}
    first = c.kiosk.post(VERIFY, json=wrong).json()
    assert first == {"result": "no_match", "attempts_left": 1, "reference": "register"}
    last = c.kiosk.post(VERIFY, json=wrong).json()
    assert last["result"] == "to_staff"  # the last attempt failed: a person checks
    over = c.kiosk.post(VERIFY, json={"session": token, "encodings": [live_encoding("id_resident")]})
    assert over.status_code == 409 and over.json()["error"] == "attempts_used_up"  # even the right face


def test_opening_sessions_is_rate_limited_per_kiosk(centre_factory: Any) -> None:
    c = centre_factory(identify_opens_per_window=3, identify_window_s=600)
    assert [c.open().status_code for _ in range(2)] == [201, 201]
    assert c.open(number="11010519491231002X").status_code == 404  # a miss counts too (no probing)
    limited = c.open()
    assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 600
    assert c.open(c.other).status_code == 201  # another kiosk is not affected
    events = [(a.kiosk_id, a.event) for a in c.audit()]
    assert (KIOSK, "rate_limited") in events


def test_audit_holds_no_personal_data_and_the_number_is_dropped(centre_factory: Any) -> None:
    c = centre_factory()
    token = c.open().json()["session"]
    c.kiosk.post(VERIFY, json={"session": token, "encodings": [live_encoding("id_resident")]})
    rows = c.audit()
    assert [(a.event, a.result, a.reference) for a in rows] == [("opened", "", "register"),
                                                                 ("verified", "pass", "register")]
    dumped = json.dumps([{k: str(v) for k, v in vars(a).items() if not k.startswith("_")} for a in rows])
    assert RESIDENT not in dumped and token not in dumped
    with c.app.state.sm() as s:
        assert s.scalars(select(IdentifySession)).first() is None


def test_missing_calibration_refuses_verification(centre_factory: Any, tmp_path: Path) -> None:
    c = centre_factory(face_calibration=tmp_path / "absent.json")
    refused = c.open()
    assert refused.status_code == 503 and refused.json() == {"error": "verification_unavailable"}


def test_no_endpoint_hands_out_a_photo(centre_factory: Any) -> None:
    c = centre_factory()
    assert c.kiosk.get(f"/api/v1/reference-photos/{RESIDENT}").status_code == 404
    spec = c.kiosk.http.get("/openapi.json").json()
    text = json.dumps(spec).lower()
    assert "photo" not in json.dumps(list(spec["paths"])).lower()
    for word in ("jpeg", "b64", "image/"):
        assert word not in text, word
