"""Remote view of diagnostics: a heartbeat's devices carry the latest self-test (ok, time) and
the operator page shows it per kiosk; anything else in it is refused by the schema."""

from __future__ import annotations

from .conftest import SignedClient, operator_login


def _heartbeat(devices: dict[str, object]) -> dict[str, object]:
    return {"kiosk_id": "test-kiosk-01", "at": "2026-11-23T08:00:00Z", "versions": {"kiosk": "0.1.0"},
            "devices": devices, "outbox": {"depth": 0, "oldest_age_s": 0.0, "parked": 0}}


def test_operator_page_shows_the_latest_self_tests(kiosk: SignedClient) -> None:
    hb = _heartbeat({
        "printer": {"usable": False, "summary": "paper out", "self_test": {"ok": False, "at": "2026-11-23T07:55:00Z"}},
        "camera": {"usable": True, "summary": "ok", "self_test": {"ok": True, "at": "2026-11-23T07:54:00Z"}},
        "scanner": {"usable": True, "summary": "ok"},
    })
    assert kiosk.post("/api/v1/heartbeats", json=hb).status_code == 200
    page = _page(kiosk)
    # In words since issue #17 item 7 (Chinese first): the device kind, 通过 / 未通过.
    assert "<dt>最近自检</dt>" in page
    assert "摄像头 通过 2026-11-23T07:54:00Z; 凭条打印机 未通过 2026-11-23T07:55:00Z" in page
    assert "扫码器 通过" not in page and "扫码器 未通过" not in page


def test_a_malformed_self_test_is_refused(kiosk: SignedClient) -> None:
    hb = _heartbeat({"printer": {"usable": True, "summary": "ok", "self_test": {"ok": "maybe", "at": "yesterday"}}})
    assert kiosk.post("/api/v1/heartbeats", json=hb).status_code == 422


def test_heartbeats_without_self_tests_still_work(kiosk: SignedClient) -> None:
    assert kiosk.post("/api/v1/heartbeats", json=_heartbeat({"printer": {"usable": True}})).status_code == 200
    assert "<dt>最近自检</dt><dd>—</dd>" in _page(kiosk)


def _page(kiosk: SignedClient) -> str:
    operator_login(kiosk.http)
    return kiosk.http.get("/").text
