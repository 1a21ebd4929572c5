"""Citizen queries against the demo population, as the kiosk's query steps use them."""

from __future__ import annotations

from .conftest import OPERATOR, SignedClient

OP = {"Authorization": f"Bearer {OPERATOR}"}
RESIDENT = "110105199003071239"


def test_case_progress_needs_the_right_digits(kiosk: SignedClient) -> None:
    ok = kiosk.get("/api/v1/cases/K01-20261115-0003", params={"id_last4": "1239"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "in_review"
    assert [h["status"] for h in ok.json()["history"]] == ["received", "in_review"]
    wrong = kiosk.get("/api/v1/cases/K01-20261115-0003", params={"id_last4": "0000"})
    unknown = kiosk.get("/api/v1/cases/K01-20990101-0001", params={"id_last4": "1239"})
    # No enumeration: a wrong number and wrong digits look exactly alike.
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_staff_move_a_case_along_and_the_citizen_sees_it(kiosk: SignedClient) -> None:
    url = "/api/v1/cases/K01-20261115-0003/status"
    assert kiosk.http.post(url, json={"status": "approved"}).status_code == 401
    moved = kiosk.http.post(
        url,
        json={"status": "approved", "note": {"zh": "请到窗口领取", "en": "Collect at the counter"}},
        headers=OP,
    )
    assert moved.status_code == 200, moved.text
    assert kiosk.http.post(url, json={"status": "teleported"}, headers=OP).status_code == 422
    seen = kiosk.get("/api/v1/cases/K01-20261115-0003", params={"id_last4": "1239"}).json()
    assert seen["status"] == "approved"
    assert seen["history"][-1] == {
        "at": seen["history"][-1]["at"],
        "status": "approved",
        "note": {"zh": "请到窗口领取", "en": "Collect at the counter"},
    }
    assert (
        kiosk.http.post(
            "/api/v1/cases/NOPE/status", json={"status": "approved"}, headers=OP
        ).status_code
        == 404
    )


def test_violations_only_for_the_owner(kiosk: SignedClient) -> None:
    mine = kiosk.get("/api/v1/violations", params={"plate": "京A12345", "id_number": RESIDENT})
    assert mine.status_code == 200
    vs = mine.json()["violations"]
    assert len(vs) == 2 and all(v["fine_fen"] == 20000 and not v["paid"] for v in vs)
    assert set(vs[0]) == {"id", "time", "place", "description", "fine_fen", "points", "paid"}
    other = kiosk.get(
        "/api/v1/violations", params={"plate": "京A12345", "id_number": "440104195808120036"}
    )
    assert other.json() == {"violations": []}


def test_paying_a_violation_is_idempotent_on_the_reference(kiosk: SignedClient) -> None:
    url = "/api/v1/violations/V2026110001/payments"
    assert kiosk.post(url, json={"payment_ref": "P-1", "amount_fen": 100}).status_code == 422
    first = kiosk.post(url, json={"payment_ref": "P-1", "amount_fen": 20000})
    assert first.status_code == 200 and first.json()["paid"] is True
    again = kiosk.post(url, json={"payment_ref": "P-1", "amount_fen": 20000})
    assert again.status_code == 200 and again.json() == first.json()
    assert (
        kiosk.post(url, json={"payment_ref": "P-2", "amount_fen": 20000}).json()["error"]
        == "already_paid"
    )
    vs = kiosk.get(
        "/api/v1/violations", params={"plate": "京A12345", "id_number": RESIDENT}
    ).json()["violations"]
    assert [v["paid"] for v in vs if v["id"] == "V2026110001"] == [True]
    assert (
        kiosk.post(
            "/api/v1/violations/V-NONE/payments", json={"payment_ref": "P-3", "amount_fen": 1}
        ).status_code
        == 404
    )


def test_violation_paid_through_our_gateway_must_be_paid_first(kiosk: SignedClient) -> None:
    kiosk.post(
        "/api/v1/pay/qr", json={"order_id": "O-77", "amount_fen": 20000, "description": "fine"}
    )
    url = "/api/v1/violations/V2026110002/payments"
    assert (
        kiosk.post(url, json={"payment_ref": "O-77", "amount_fen": 20000}).json()["error"]
        == "payment_not_completed"
    )
    kiosk.post("/api/v1/pay/qr/O-77/simulate", json={"outcome": "paid"})
    assert kiosk.post(url, json={"payment_ref": "O-77", "amount_fen": 20000}).status_code == 200


def test_lost_and_found(kiosk: SignedClient) -> None:
    allitems = kiosk.get("/api/v1/lost-found").json()["items"]
    assert len(allitems) == 5
    wallets = kiosk.get("/api/v1/lost-found", params={"category": "wallet"}).json()["items"]
    assert [i["category"] for i in wallets] == ["wallet"]
    assert set(wallets[0]["station"]) == {"zh", "en"}
    recent = kiosk.get("/api/v1/lost-found", params={"since": "2099-01-01"}).json()["items"]
    assert recent == []
    assert kiosk.get("/api/v1/lost-found", params={"since": "yesterday"}).status_code == 422


def test_catalog_and_config(kiosk: SignedClient) -> None:
    from server.fleet import catalog_sha256

    cat = kiosk.get("/api/v1/catalog").json()
    assert cat["sha256"] == catalog_sha256(cat["files"]) and "public_order.toml" in cat["files"]
    new = {"version": "2026.12.9", "files": {"a.toml": "x = 1\n"}}
    new["sha256"] = catalog_sha256(new["files"])  # type: ignore[arg-type]
    assert kiosk.http.put("/api/v1/catalog", json=new).status_code == 401
    assert (
        kiosk.http.put("/api/v1/catalog", json=new | {"sha256": "0" * 64}, headers=OP).status_code
        == 422
    )
    assert kiosk.http.put("/api/v1/catalog", json=new, headers=OP).status_code == 200
    assert kiosk.get("/api/v1/catalog").json() == new
    hb = {
        "kiosk_id": "test-kiosk-01",
        "at": "2026-11-23T08:00:00Z",
        "outbox": {"depth": 3, "oldest_age_s": 12.5, "parked": 0},
    }
    assert kiosk.post("/api/v1/heartbeats", json=hb).json()["catalog_version"] == "2026.12.9"
    conf = kiosk.get("/api/v1/config").json()
    assert set(conf) == {"version", "settings"}


def test_help_calls_open_and_close(kiosk: SignedClient) -> None:
    call = {
        "kiosk_id": "test-kiosk-01",
        "at": "2026-11-23T08:00:00Z",
        "screen": "payment",
        "language": "zh_CN",
    }
    call_id = kiosk.post("/api/v1/help-calls", json=call).json()["call_id"]
    assert kiosk.http.get("/api/v1/help-calls?open=1").status_code == 401
    open_calls = kiosk.http.get("/api/v1/help-calls?open=1", headers=OP).json()["calls"]
    assert [c["call_id"] for c in open_calls] == [call_id]
    assert kiosk.http.post(f"/api/v1/help-calls/{call_id}/close", headers=OP).status_code == 200
    assert kiosk.http.get("/api/v1/help-calls?open=1", headers=OP).json()["calls"] == []
