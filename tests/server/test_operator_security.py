"""The operator page and API as an attacker and a browser see them (issue #14 item 10): the token
never in a URL, a session cookie the page's own forms use and nothing else can, headers that keep
pages with personal data out of caches and frames, phone numbers masked where not needed, and
log lines a kiosk cannot forge."""

from __future__ import annotations

import logging
from http.cookies import SimpleCookie
from typing import Any

import pytest

from .conftest import OPERATOR, SignedClient, operator_login, record

BEARER = {"Authorization": f"Bearer {OPERATOR}"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_a_token_in_the_url_opens_nothing(kiosk: SignedClient) -> None:
    for path in ("/", "/api/v1/help-calls", "/api/v1/sms-notices"):
        resp = kiosk.http.get(f"{path}?token={OPERATOR}", follow_redirects=False)
        assert resp.status_code in (303, 401), path
        assert resp.status_code != 303 or resp.headers["location"] == "/login"
    assert kiosk.http.get("/api/v1/help-calls", headers=BEARER).status_code == 200


def test_login_sets_a_strict_http_only_cookie_and_no_url_carries_the_token(
    kiosk: SignedClient,
) -> None:
    login = kiosk.http.get("/login")
    assert login.status_code == 200 and OPERATOR not in login.text
    resp = operator_login(kiosk.http)
    assert resp.status_code == 303 and resp.headers["location"] == "/"
    (raw,) = resp.headers.get_list("set-cookie")
    morsel = next(iter(SimpleCookie(raw).values()))
    assert morsel["httponly"] is True
    assert morsel["samesite"].lower() == "strict"
    assert OPERATOR not in morsel.value
    page = kiosk.http.get("/")
    assert page.status_code == 200 and "求助呼叫" in page.text
    # Nothing on the page carries the token: no link, no form action, no hidden field.
    assert OPERATOR not in page.text and "token" not in page.text.lower()
    # A form post with the cookie goes back to a URL without the token.
    calls = kiosk.http.get("/api/v1/help-calls?open=1", headers=BEARER).json()["calls"]
    kiosk.post(
        "/api/v1/help-calls",
        json={"kiosk_id": kiosk.kiosk_id, "at": "2026-11-23T08:00:00Z", "screen": "home"},
    )
    call_id = kiosk.http.get("/api/v1/help-calls?open=1", headers=BEARER).json()["calls"][0]["call_id"]
    assert len(calls) == 0
    closed = kiosk.http.post(f"/operator/help-calls/{call_id}/close", headers=FORM, follow_redirects=False)
    assert closed.status_code == 303 and closed.headers["location"] == "/"
    # Signing out ends it.
    kiosk.http.post("/logout", follow_redirects=False)
    assert kiosk.http.get("/", follow_redirects=False).status_code == 303


def test_a_forged_cookie_or_a_cross_site_post_is_refused(kiosk: SignedClient) -> None:
    kiosk.http.cookies.set("kiosk_operator", "9999999999." + "0" * 64)
    assert kiosk.http.get("/", follow_redirects=False).status_code == 303
    kiosk.http.cookies.clear()
    operator_login(kiosk.http)
    url = "/operator/cases/K01-20261115-0003/status"
    evil = {**FORM, "Origin": "https://evil.example"}
    assert kiosk.http.post(url, content=b"status=completed", headers=evil).status_code == 401
    mine = {**FORM, "Origin": "http://testserver"}
    assert kiosk.http.post(url, content=b"status=completed", headers=mine, follow_redirects=False).status_code == 303


def _csp(resp: Any) -> dict[str, str]:
    return {
        d.split()[0]: d.partition(" ")[2]
        for d in (p.strip() for p in resp.headers["content-security-policy"].split(";"))
        if d
    }


def test_pages_with_personal_data_are_not_cached_framed_or_scripted(kiosk: SignedClient) -> None:
    """The console has one script now (the live help calls, issue #17 item 7): only from this
    server's own static file, never inline, never from elsewhere."""
    operator_login(kiosk.http)
    for resp in (kiosk.http.get("/login"), kiosk.http.get("/"), kiosk.http.get("/cases")):
        csp = _csp(resp)
        assert csp["frame-ancestors"] == "'none'" and csp["default-src"] == "'none'"
        assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
        assert "unsafe-inline" not in resp.headers["content-security-policy"]
        assert "unsafe-eval" not in resp.headers["content-security-policy"]
        scripts = resp.text.split("<script")[1:]
        assert all(tag.startswith(" src=/operator/static/console.js") for tag in scripts)
        assert "<style" not in resp.text and " style=" not in resp.text
        assert resp.headers["x-frame-options"] == "DENY"
        assert "no-store" in resp.headers["cache-control"]
    api = kiosk.http.get("/api/v1/sms-notices", headers=BEARER)
    assert "no-store" in api.headers["cache-control"] and _csp(api)["frame-ancestors"] == "'none'"
    case = kiosk.get("/api/v1/cases/K01-20261115-0003", params={"id_last4": "1239"})
    assert "no-store" in case.headers["cache-control"]


def test_phone_numbers_are_masked_unless_the_gateway_asks(kiosk: SignedClient) -> None:
    rec = record()
    rec["payload"]["answers"]["phone"] = "13912345678"
    kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]})
    kiosk.http.post(
        f"/api/v1/cases/{rec['case_number']}/status", json={"status": "ready_for_pickup"}, headers=BEARER
    )
    listed = kiosk.http.get("/api/v1/sms-notices", headers=BEARER).text
    assert "13912345678" not in listed and "139****5678" in listed
    full = kiosk.http.get("/api/v1/sms-notices", params={"full_phone": "1"}, headers=BEARER).json()
    assert full["notices"][0]["phone"] == "13912345678"


FORGED = "home\n2026-12-07 09:00:00,000 WARNING server.auth: operator token accepted from 10.0.0.1"


@pytest.mark.parametrize("via", ["help-calls", "records"])
def test_a_newline_from_a_kiosk_cannot_forge_a_log_line(
    kiosk: SignedClient, caplog: pytest.LogCaptureFixture, via: str
) -> None:
    caplog.set_level(logging.DEBUG)
    if via == "help-calls":
        body = {"kiosk_id": kiosk.kiosk_id, "at": "2026-11-23T08:00:00Z", "screen": FORGED}
        assert kiosk.post("/api/v1/help-calls", json=body).status_code == 200
    else:
        # A fine "paid through a case" naming a violation id with a newline and a terminal escape
        # (logged as "violation %s unknown" for staff).
        rec = record()
        rec["payload"]["payments"] = [
            {"payment_ref": "pay-1", "amount_fen": 100, "violations": [FORGED + "\x1b[2J"]}
        ]
        assert kiosk.post("/api/v1/records", json=rec, headers={"Idempotency-Key": rec["id"]}).status_code == 201
        kiosk.get("/api/v1/cases/K01-20261115-0003%0A2026%20WARNING%20forged", params={"id_last4": "1"})
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    lines = [formatter.format(r) for r in caplog.records if r.name.startswith("server")]
    assert any("2026-12-07 09:00:00" in line for line in lines), "the value was not logged"
    # One record, one line: the forged text stays inside the line of the record that quoted it.
    text = "\n".join(lines)
    assert len(text.splitlines()) == len(lines)
    assert not any(line.startswith("2026-12-07 09:00:00") for line in text.splitlines())
    assert "\x1b" not in text and "\r" not in text


def test_over_https_the_cookie_is_secure(kiosk: SignedClient) -> None:
    resp = kiosk.http.post(
        "https://testserver/login", content=f"token={OPERATOR}".encode(), headers=FORM,
        follow_redirects=False,
    )
    morsel = next(iter(SimpleCookie(resp.headers["set-cookie"]).values()))
    assert morsel["secure"] is True and morsel["httponly"] is True
