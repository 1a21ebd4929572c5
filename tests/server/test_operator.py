"""The operator page: sign-in required; fleet, help calls and cases visible; a case can be moved."""

from __future__ import annotations

from .conftest import OPERATOR, SignedClient, operator_login


def test_page_requires_sign_in(kiosk: SignedClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        resp = kiosk.http.get("/", headers=headers, follow_redirects=False)
        assert resp.status_code == 303 and resp.headers["location"] == "/login"
    assert operator_login(kiosk.http, "wrong").status_code == 401
    assert operator_login(kiosk.http).status_code == 303
    assert kiosk.http.get("/").status_code == 200


def test_page_shows_fleet_calls_and_cases_without_personal_data(kiosk: SignedClient) -> None:
    hb = {
        "kiosk_id": "test-kiosk-01",
        "at": "2026-11-23T08:00:00Z",
        "versions": {"kiosk": "0.1.0"},
        "devices": {
            "printer": {"usable": False, "summary": "paper out"},
            "camera": {"usable": True, "summary": "ok"},
        },
        "outbox": {"depth": 17, "oldest_age_s": 42.0, "parked": 1},
    }
    assert kiosk.post("/api/v1/heartbeats", json=hb).status_code == 200
    call = {
        "kiosk_id": "test-kiosk-01",
        "at": "2026-11-23T08:00:00Z",
        "screen": "<script>form",
        "language": "en",
    }
    kiosk.post("/api/v1/help-calls", json=call)
    operator_login(kiosk.http)
    page = kiosk.http.get("/").text
    assert "test-kiosk-01" in page and "printer: paper out" in page and "<td>17</td>" in page
    assert "&lt;script&gt;form" in page and "<script>" not in page  # escaped
    assert "K01-20261115-0003" in page
    assert "110105199003071239" not in page and "测试甲" not in page


def test_form_moves_a_case(kiosk: SignedClient) -> None:
    url = "/operator/cases/K01-20261115-0003/status"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    # The token in the form no longer signs anything: only the session cookie does.
    resp = kiosk.http.post(url, content=f"token={OPERATOR}&status=approved".encode(), headers=form)
    assert resp.status_code == 401
    operator_login(kiosk.http)
    resp = kiosk.http.post(
        url, content=b"status=ready_for_pickup", headers=form, follow_redirects=False
    )
    assert resp.status_code == 303 and resp.headers["location"] == "/"
    case = kiosk.get("/api/v1/cases/K01-20261115-0003", params={"id_last4": "1239"}).json()
    assert case["status"] == "ready_for_pickup"
