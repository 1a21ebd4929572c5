"""The staff console (issue #17 item 7): sign-in required; Chinese first with an English switch;
help calls with the kiosk, hall and screen in words, acknowledged so the kiosk can tell the
citizen; the fleet by hall with broken devices and paused services in words; a case workbench
(search, filters, move along with a reason, history, SMS notices masked). The live push of help
calls in a real browser: tests/server/test_console_browser.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .conftest import OPERATOR, SignedClient, operator_login, record

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HALL = {"zh": "示例市公安局政务服务大厅", "en": "Example City Police Service Hall"}


def _heartbeat(**over: Any) -> dict[str, Any]:
    hb = {
        "kiosk_id": "test-kiosk-01",
        "at": "2026-11-23T08:00:00Z",
        "versions": {"kiosk": "0.1.0"},
        "devices": {
            "printer": {"usable": False, "summary": "paper out"},
            "camera": {"usable": True, "summary": "ok"},
        },
        "outbox": {"depth": 17, "oldest_age_s": 42.0, "parked": 1},
        "hall": HALL,
        "paused": ["HZ-0101"],
    }
    hb.update(over)
    return hb


def _english(kiosk: SignedClient, back: str = "/") -> None:
    resp = kiosk.http.post("/operator/language", content=f"lang=en&back={back}".encode(), headers=FORM,
                           follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == back


def test_page_requires_sign_in(kiosk: SignedClient) -> None:
    for path in ("/", "/cases", "/cases/K01-20261115-0003"):
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            resp = kiosk.http.get(path, headers=headers, follow_redirects=False)
            assert resp.status_code == 303 and resp.headers["location"] == "/login"
    assert kiosk.http.get("/operator/events").status_code == 401
    wrong = operator_login(kiosk.http, "wrong")
    assert wrong.status_code == 401 and "口令不正确" in wrong.text
    assert operator_login(kiosk.http).status_code == 303
    assert kiosk.http.get("/").status_code == 200


def test_fleet_by_hall_with_devices_and_paused_services_in_words(kiosk: SignedClient) -> None:
    assert kiosk.post("/api/v1/heartbeats", json=_heartbeat()).status_code == 200
    operator_login(kiosk.http)
    page = kiosk.http.get("/").text
    assert "<h3>示例市公安局政务服务大厅</h3>" in page and "test-kiosk-01" in page
    assert "凭条打印机故障：paper out" in page and "在线" in page
    # The paused service by its name (from the catalog the centre published), not only its code.
    assert "居民身份证换领（有效期满/信息变更）（HZ-0101）" in page
    assert "17 条（最久 42.0 秒，搁置 1 条）" in page
    _english(kiosk)
    page = kiosk.http.get("/").text
    assert "<h3>Example City Police Service Hall</h3>" in page
    assert "Receipt printer not working: paper out" in page and "Online" in page
    assert "Renew a resident ID card (expired or details changed) (HZ-0101)" in page


def test_help_calls_say_kiosk_hall_and_screen_and_are_escaped(kiosk: SignedClient) -> None:
    kiosk.post("/api/v1/heartbeats", json=_heartbeat())
    for screen in ("identify", "<script>form"):
        body = {"kiosk_id": "test-kiosk-01", "at": "2026-11-23T08:00:00Z", "screen": screen, "language": "en"}
        assert kiosk.post("/api/v1/help-calls", json=body).status_code == 200
    operator_login(kiosk.http)
    page = kiosk.http.get("/").text
    assert "身份核验" in page and "英文" in page and "新呼叫" in page
    assert "&lt;script&gt;form" in page and "<script>form" not in page  # escaped
    assert "110105199003071239" not in page and "测试甲" not in page


def test_acknowledging_a_call_is_what_the_kiosk_sees(kiosk: SignedClient) -> None:
    body = {"kiosk_id": "test-kiosk-01", "at": "2026-11-23T08:00:00Z", "screen": "home", "language": "zh_CN"}
    call_id = kiosk.post("/api/v1/help-calls", json=body).json()["call_id"]
    assert kiosk.get(f"/api/v1/help-calls/{call_id}").json()["acknowledged_at"] is None
    operator_login(kiosk.http)
    resp = kiosk.http.post(f"/operator/help-calls/{call_id}/acknowledge", headers=FORM, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/"
    seen = kiosk.get(f"/api/v1/help-calls/{call_id}").json()
    assert seen["acknowledged_at"] is not None and seen["closed_at"] is None
    assert "已认领，正在赶去" in kiosk.http.get("/").text
    # A kiosk asks only after its own calls.
    assert kiosk.get("/api/v1/help-calls/hc-somebody-elses").status_code == 404


def test_workbench_finds_cases_by_number_status_and_date(kiosk: SignedClient) -> None:
    operator_login(kiosk.http)
    found = kiosk.http.get("/cases", params={"q": "k01-20261115"}).text
    assert "K01-20261115-0003" in found
    none = kiosk.http.get("/cases", params={"q": "K01-20261115", "status": "mailed"}).text
    assert "K01-20261115-0003" not in none and "没有符合条件的业务" in none
    bad = kiosk.http.get("/cases", params={"from": "15/11/2026"}).text
    assert "日期格式应为" in bad
    later = kiosk.http.get("/cases", params={"from": "2099-01-01"}).text
    assert "K01-20261115-0003" not in later


def test_moving_a_case_with_a_reason_shows_in_its_history_and_the_kiosk(kiosk: SignedClient) -> None:
    rec = record()
    rec["payload"]["answers"]["phone"] = "13912345678"
    kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]})
    number = rec["case_number"]
    url = f"/operator/cases/{number}/status"
    # The token in the form no longer signs anything: only the session cookie does.
    resp = kiosk.http.post(url, content=f"token={OPERATOR}&status=approved".encode(), headers=FORM)
    assert resp.status_code == 401
    operator_login(kiosk.http)
    form = urlencode({"status": "need_materials", "reason": "照片不合格，请重新拍照"}).encode()
    resp = kiosk.http.post(url, content=form, headers=FORM, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == f"/cases/{number}?moved=need_materials"
    page = kiosk.http.get(resp.headers["location"]).text
    assert "状态已变更为“待补材料”" in page
    assert "需要补充材料（原因：照片不合格，请重新拍照）" in page
    assert "need_materials" not in page.replace("class='status need_materials'", "")
    # The citizen at a kiosk reads the same reason.
    case = kiosk.get(f"/api/v1/cases/{number}", params={"id_last4": "1239"}).json()
    assert case["status"] == "need_materials"
    assert case["history"][-1]["note"]["zh"] == "需要补充材料（原因：照片不合格，请重新拍照）"
    # Ready for pickup records the SMS notice; the console shows it with the number masked.
    kiosk.http.post(url, content=b"status=ready_for_pickup", headers=FORM)
    page = kiosk.http.get(f"/cases/{number}").text
    assert "139****5678" in page and "13912345678" not in page and "待发送" in page
    _english(kiosk, f"/cases/{number}")
    page = kiosk.http.get(f"/cases/{number}").text
    assert "Ready for pickup" in page and "More documents are needed (reason: 照片不合格，请重新拍照)" in page


def test_a_move_without_a_status_is_answered_in_words_and_changes_nothing(kiosk: SignedClient) -> None:
    operator_login(kiosk.http)
    url = "/operator/cases/K01-20261115-0003/status"
    resp = kiosk.http.post(url, content=b"status=&reason=x", headers=FORM)
    assert resp.status_code == 422 and "请选择新状态" in resp.text
    long = urlencode({"status": "approved", "reason": "理" * 201}).encode()
    resp = kiosk.http.post(url, content=long, headers=FORM)
    assert resp.status_code == 422 and "原因请不超过 200 字" in resp.text
    case = kiosk.get("/api/v1/cases/K01-20261115-0003", params={"id_last4": "1239"}).json()
    assert case["status"] != "approved"


def test_the_language_switch_goes_back_only_to_a_page_of_this_server(kiosk: SignedClient) -> None:
    for back in ("//evil.example/x", "https://evil.example/", "\\\\evil.example"):
        resp = kiosk.http.post("/operator/language", content=urlencode({"lang": "en", "back": back}).encode(),
                               headers=FORM, follow_redirects=False)
        assert resp.status_code == 303 and resp.headers["location"] == "/"
    assert "Staff sign-in" in kiosk.http.get("/login").text


def test_every_case_status_and_kiosk_screen_has_words_in_both_languages() -> None:
    """A new status or screen must not reach hall staff as a raw key (need_materials)."""
    import re
    from pathlib import Path

    from server.console_text import SCREENS, STATUS
    from server.queries import STATUS_NOTES

    assert set(STATUS) == set(STATUS_NOTES)
    ui = Path(__file__).resolve().parents[2] / "ui" / "screens"
    names = {m for f in ui.glob("*.py") for m in re.findall(r'^    name = "(\w+)"', f.read_text(), re.M)}
    assert names - {"screen"} <= set(SCREENS), names - set(SCREENS)
    assert all(zh and en for zh, en in [*SCREENS.values(), *STATUS.values()])
