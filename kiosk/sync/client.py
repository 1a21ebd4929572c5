"""HTTP client for the central server (docs/protocol.md), one ``requests.Session`` per client.

Every request is signed (see :mod:`kiosk.sync.signing`). Failures are sorted by what the caller
should do: :class:`TransientError` → try again later (network, timeout, 5xx, garbage JSON, 429,
refused credentials), :class:`ApiError` → a definite answer (for records: 409/413/422 → park).
Nothing personal is logged: log lines name the endpoint template, never the path or query (a
violations query carries an ID number).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # imported where a request is made: requests costs ≈ 0.15 s before the kiosk's first frame
    import requests

from kiosk.sync.errors import ApiError, AuthError, ClockSkewError, RateLimited, TransientError
from kiosk.sync.signing import sign

log = logging.getLogger("kiosk.sync.client")
# urllib3 logs every request line (path and query) at DEBUG; a query may hold an ID number.
logging.getLogger("urllib3").setLevel(logging.WARNING)

API = "/api/v1"


@dataclass(frozen=True)
class SendResult:
    """The server's answer for one record: code 201/200 = stored, 409/413/422 = refused."""

    id: str
    code: int
    body: dict[str, Any]

    @property
    def stored(self) -> bool:
        return self.code in (200, 201)


def _parse_iso(text: str) -> float | None:
    try:
        parsed = datetime.fromisoformat(text)  # 3.11 reads the trailing Z
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()
    except (ValueError, AttributeError):
        return None


def _retry_after(value: str | None) -> int:
    """Retry-After in seconds (RFC 9110: delay-seconds or an HTTP date); 60 when absent or odd."""
    if value and value.strip().isdigit():
        return max(1, int(value.strip()))
    if value:
        try:
            return max(1, int(parsedate_to_datetime(value).timestamp() - time.time()))
        except (TypeError, ValueError):
            pass
    return 60


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ServerClient:
    def __init__(self, base_url: str, kiosk_id: str, secret: str, verify: bool | str = True,
                 timeout: float | tuple[float, float] = (5.0, 30.0)) -> None:
        bytes.fromhex(secret)  # fail at start, not at the first request, on a mistyped secret
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._secret = secret
        self.timeout = timeout
        import requests

        self.session = requests.Session()
        self.session.verify = verify  # True, or the path of the private CA's pem (pinning)
        self.session.headers["User-Agent"] = "police-kiosk-sync/1"
        self.session.trust_env = False  # a stray HTTPS_PROXY must not reroute case data
        # Seconds to add to the local clock when signing, learnt from a clock_skew refusal so cases
        # keep flowing while the technician fixes the clock.
        self.clock_offset = 0.0

    def close(self) -> None:
        self.session.close()

    # -- the one request path -------------------------------------------------------------------
    def request(self, method: str, path: str, *, endpoint: str, json_body: Any = None,
                params: dict[str, str] | None = None, headers: dict[str, str] | None = None,
                ok: tuple[int, ...] = (200, 201)) -> tuple[int, dict[str, Any]]:
        """Send a signed request; returns (status, JSON body) for a status in ``ok``.
        ``endpoint`` is the template used in logs (no personal data)."""
        body = b"" if json_body is None else json.dumps(json_body, ensure_ascii=False,
                                                        separators=(",", ":")).encode("utf-8")
        send_headers = dict(headers or {})
        if body:
            send_headers["Content-Type"] = "application/json"
        import requests

        req = requests.Request(method, self.base_url + path, params=params, data=body or None, headers=send_headers)
        prepared = self.session.prepare_request(req)
        target = prepared.path_url  # exactly what goes on the request line
        ts = int(time.time() + self.clock_offset)
        prepared.headers.update({"X-Kiosk-Id": self.kiosk_id, **sign(self._secret, method, target, ts, body)})
        try:
            resp = self.session.send(prepared, timeout=self.timeout, allow_redirects=False)
        except requests.Timeout as exc:
            raise TransientError("timeout") from exc
        except requests.RequestException as exc:
            raise TransientError(f"network: {type(exc).__name__}") from exc
        try:
            return self._interpret(resp, endpoint, ok)
        finally:
            resp.close()

    def _interpret(self, resp: requests.Response, endpoint: str, ok: tuple[int, ...]) -> tuple[int, dict[str, Any]]:
        status = resp.status_code
        try:
            data = resp.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            if status in ok or status >= 500 or status in (408, 429):
                raise TransientError(f"garbage reply (HTTP {status})", status)
            raise ApiError(status, "no_json")
        if status in ok:
            return status, data
        error = str(data.get("error", ""))[:64]
        log.info("%s → HTTP %d %s", endpoint, status, error)
        if status == 429:
            raise RateLimited(error, _retry_after(resp.headers.get("Retry-After")))
        if status >= 500 or status in (408, 425, 429):
            raise TransientError(f"HTTP {status}", status)
        if status == 401:
            server_time = str(data.get("server_time", ""))
            if error == "clock_skew":
                server_ts = _parse_iso(server_time)
                if server_ts is not None:
                    self.clock_offset = server_ts - time.time()
                raise ClockSkewError(server_time, _iso(time.time()))
            if error == "replay":  # a fresh nonce on the next try is enough
                raise TransientError("replay", 401)
            raise AuthError(error or "unauthorized", 401)
        raise ApiError(status, error or f"http_{status}", data)

    # -- records --------------------------------------------------------------------------------
    def send_record(self, body: dict[str, Any]) -> SendResult:
        """POST one outbox record with Idempotency-Key = its id."""
        try:
            status, data = self.request("POST", f"{API}/records", endpoint="records", json_body=body,
                                        headers={"Idempotency-Key": body["id"]})
        except ApiError as exc:
            return SendResult(body["id"], exc.status, exc.body)
        if data.get("id") != body["id"]:
            raise TransientError("garbage reply (wrong id)", status)
        return SendResult(body["id"], status, data)

    def send_batch(self, bodies: list[dict[str, Any]]) -> list[SendResult]:
        """POST up to 100 records; one result per record, in order. A result the server did not
        give (missing or unknown id) comes back as code 0 = try again later."""
        status, data = self.request("POST", f"{API}/records:batch", endpoint="records:batch",
                                    json_body={"records": bodies}, ok=(200,))
        results = data.get("results")
        if not isinstance(results, list):
            raise TransientError("garbage reply (no results)", status)
        by_id: dict[str, SendResult] = {}
        for item in results:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("code"), int):
                body = item.get("body") if isinstance(item.get("body"), dict) else {}
                by_id[item["id"]] = SendResult(item["id"], item["code"], body)  # type: ignore[arg-type]
        return [by_id.get(b["id"], SendResult(b["id"], 0, {})) for b in bodies]

    # -- fleet ----------------------------------------------------------------------------------
    def heartbeat(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.request("POST", f"{API}/heartbeats", endpoint="heartbeats", json_body=payload)[1]

    def get_catalog(self) -> dict[str, Any]:
        return self.request("GET", f"{API}/catalog", endpoint="catalog")[1]

    def get_config(self) -> dict[str, Any]:
        return self.request("GET", f"{API}/config", endpoint="config")[1]

    # -- queries and appointments ---------------------------------------------------------------
    def query_case(self, case_number: str, id_last4: str) -> dict[str, Any] | None:
        """Progress of a case, or None when unknown or the digits do not match (one answer for both).
        RateLimited when the server asks to wait (the case is locked, or this kiosk asked too often)."""
        try:
            return self.request("GET", f"{API}/cases/{quote(case_number, safe='')}", endpoint="cases",
                                params={"id_last4": id_last4})[1]
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise

    def violations(self, plate: str, id_number: str) -> list[dict[str, Any]]:
        data = self.request("GET", f"{API}/violations", endpoint="violations",
                            params={"plate": plate, "id_number": id_number})[1]
        return list(data.get("violations", []))

    def pay_violation(self, violation_id: str, payment_ref: str, amount_fen: int) -> dict[str, Any]:
        return self.request("POST", f"{API}/violations/{quote(violation_id, safe='')}/payments",
                            endpoint="violations/payments",
                            json_body={"payment_ref": payment_ref, "amount_fen": amount_fen})[1]

    def lost_found(self, category: str | None = None, since: str | None = None) -> list[dict[str, Any]]:
        params = {k: v for k, v in (("category", category), ("since", since)) if v}
        return list(self.request("GET", f"{API}/lost-found", endpoint="lost-found", params=params)[1]
                    .get("items", []))

    def household_record(self, id_number: str) -> list[dict[str, Any]]:
        """The citizen's own household register entry as labelled fields; [] when none."""
        return list(self.request("GET", f"{API}/household-record", endpoint="household-record",
                                 params={"id_number": id_number})[1].get("fields", []))

    def exit_entry_records(self, id_number: str) -> list[dict[str, Any]]:
        return list(self.request("GET", f"{API}/exit-entry-records", endpoint="exit-entry-records",
                                 params={"id_number": id_number})[1].get("records", []))

    def vehicle_inspection(self, plate: str, id_number: str) -> dict[str, Any]:
        """Whether the vehicle's inspection mark can be had without a test (found=False: not the
        owner's, or unknown)."""
        return dict(self.request("GET", f"{API}/vehicles/inspection", endpoint="vehicles/inspection",
                                 params={"plate": plate, "id_number": id_number})[1])

    def slots(self, service: str, date: str) -> list[dict[str, Any]]:
        return list(self.request("GET", f"{API}/appointments/slots", endpoint="slots",
                                 params={"service": service, "date": date})[1].get("slots", []))

    def hold(self, slot_id: str) -> dict[str, Any]:
        """Hold a slot for 120 s. ApiError 409 when it is full."""
        return self.request("POST", f"{API}/appointments/holds", endpoint="holds", json_body={"slot_id": slot_id})[1]

    def book(self, hold_id: str, item_code: str, contact: dict[str, str], idempotency_key: str) -> dict[str, Any]:
        """Book a held slot. ApiError 410 when the hold expired. Safe to retry with the same key."""
        return self.request("POST", f"{API}/appointments", endpoint="appointments",
                            json_body={"hold_id": hold_id, "item_code": item_code, "contact": contact},
                            headers={"Idempotency-Key": idempotency_key})[1]

    # -- identify sessions (the face check at the centre; docs/protocol.md) ----------------------
    def open_identify_session(self, id_number: str, via: str) -> dict[str, Any] | None:
        """Open a session for a card read (``via="card"``) or a typed number (``"typed"``):
        ``{"session", "expires_in_s", "attempts_left", "reference"}``, or None when the register
        holds no photo for the number. TransientError on 429 (rate limit) and 503 (no calibration)."""
        try:
            return self.request("POST", f"{API}/identify-sessions", endpoint="identify-sessions",
                                json_body={"id_number": id_number, "via": via}, ok=(201,))[1]
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise

    def verify_identity(self, session: str, encodings: list[list[float]]) -> dict[str, Any]:
        """Send the live encodings (never an image): ``{"result": pass|no_match|to_staff,
        "attempts_left", "reference"}``. ApiError 403/409/410 when the session is unknown, used
        up or expired."""
        return self.request("POST", f"{API}/identify-sessions/verifications", endpoint="identify-sessions/verify",
                            json_body={"session": session, "encodings": encodings}, ok=(200,))[1]

    def close_identify_session(self, session: str) -> None:
        self.request("POST", f"{API}/identify-sessions/close", endpoint="identify-sessions/close",
                     json_body={"session": session}, ok=(200,))

    def help_call(self, screen: str, language: str) -> str:
        data = self.request("POST", f"{API}/help-calls", endpoint="help-calls",
                            json_body={"kiosk_id": self.kiosk_id, "at": _iso(time.time()), "screen": screen,
                                       "language": language})[1]
        return str(data["call_id"])

    def help_call_state(self, call_id: str) -> dict[str, Any]:
        """This kiosk's own call: ``acknowledged_at`` / ``closed_at`` (ApiError 404 for any other)."""
        return self.request("GET", f"{API}/help-calls/{quote(call_id, safe='')}", endpoint="help-calls/state")[1]

    # -- simulated payment gateway --------------------------------------------------------------
    def pay_qr_create(self, order_id: str, amount_fen: int, description: str) -> dict[str, Any]:
        return self.request("POST", f"{API}/pay/qr", endpoint="pay/qr",
                            json_body={"order_id": order_id, "amount_fen": amount_fen, "description": description})[1]

    def pay_qr_status(self, order_id: str) -> dict[str, Any]:
        return self.request("GET", f"{API}/pay/qr/{quote(order_id, safe='')}", endpoint="pay/qr/status")[1]

    def pay_qr_cancel(self, order_id: str) -> dict[str, Any]:
        return self.request("POST", f"{API}/pay/qr/{quote(order_id, safe='')}/cancel", endpoint="pay/qr/cancel")[1]

    def pay_qr_refund(self, order_id: str) -> dict[str, Any]:
        """Refund a paid order in full (idempotent). ApiError 409 ``not_paid`` when it was not paid."""
        return self.request("POST", f"{API}/pay/qr/{quote(order_id, safe='')}/refund", endpoint="pay/qr/refund")[1]

    def pay_qr_simulate(self, order_id: str, outcome: str) -> dict[str, Any]:
        """Demo server only: play the citizen's phone (``paid``) or the clock (``expired``)."""
        return self.request("POST", f"{API}/pay/qr/{quote(order_id, safe='')}/simulate", endpoint="pay/qr/simulate",
                            json_body={"outcome": outcome})[1]

    # payment code scanned from the citizen's phone (micropay); the code is never logged here
    def pay_code_charge(self, order_id: str, auth_code: str, amount_fen: int, description: str) -> dict[str, Any]:
        """Charge a payment code: ``{"order_id", "result": paid|user_paying|failed|system_error,
        "transaction_id", "reason"}``. Safe to resend with the same arguments. ApiError 409
        ``conflict`` / ``order_reversed``, 422 ``invalid`` (not a payment code)."""
        return self.request("POST", f"{API}/pay/code", endpoint="pay/code",
                            json_body={"order_id": order_id, "auth_code": auth_code, "amount_fen": amount_fen,
                                       "description": description})[1]

    def pay_code_status(self, order_id: str) -> dict[str, Any]:
        """``{"order_id", "status": paid|user_paying|failed|reversed, "amount_fen", "transaction_id",
        "paid_at"}``; ApiError 404 ``not_found`` when the gateway never saw the order."""
        return self.request("GET", f"{API}/pay/code/{quote(order_id, safe='')}", endpoint="pay/code/status")[1]

    def pay_code_reverse(self, order_id: str) -> dict[str, Any]:
        """``{"order_id", "status": "reversed"}``; idempotent, safe for an order the gateway never saw.
        TransientError (status 503) when the gateway could not reverse: try again."""
        return self.request("POST", f"{API}/pay/code/{quote(order_id, safe='')}/reverse",
                            endpoint="pay/code/reverse")[1]

    def pay_code_script(self, steps: list[str]) -> dict[str, Any]:
        """Demo server only: how the gateway answers this kiosk's next payment-code orders."""
        return self.request("POST", f"{API}/pay/code/script", endpoint="pay/code/script",
                            json_body={"steps": list(steps)})[1]
