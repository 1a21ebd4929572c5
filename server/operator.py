"""A small operator web page: fleet, open help calls, recent cases, recorded SMS notices; staff can
move a case along and close help calls. Plain HTML forms, no JavaScript; every value shown is
escaped. Only ids, codes and statuses are shown — no names or ID numbers; SMS notices show the
mobile number masked (139****5678).

The operator token never travels in a URL (browser history, proxy and server logs, Referer): it is
typed once into the login form (POST /login), which answers with a session cookie — HttpOnly (no
script reads it), SameSite=Strict (no other site's page or form sends it, so no cross-site form
posts), Secure over https, 8 hours. The cookie is stateless: an expiry time and an HMAC keyed by
the operator token, so every server process accepts it and changing the token ends every
session. The JSON API takes only ``Authorization: Bearer`` (server.auth.operator_auth).
Every page: Content-Security-Policy (no scripts, nothing from elsewhere, no framing),
X-Frame-Options DENY, Cache-Control no-store, Referrer-Policy no-referrer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import time
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server.db import Case, CaseQuery, Kiosk, iso, utcnow
from server.errors import ApiError
from server.fleet import close_help_call, list_help_calls
from server.notices import list_sms_notices, mask_phone
from server.queries import STATUS_NOTES, StatusChange, move_case

router = APIRouter(tags=["operator"])

STALE_AFTER = timedelta(minutes=5)
COOKIE = "kiosk_operator"
SESSION_S = 8 * 3600

STYLE = (
    "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;margin-bottom:2em}"
    "td,th{border:1px solid #ccc;padding:3px 6px}tr.stale td{background:#fee}"
    "tr.never td{color:#888}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# No script at all, nothing loaded from anywhere, forms post only here, never inside a frame.
CSP = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _session_key(request: Request) -> bytes:
    token: str = request.app.state.settings.operator_token
    return hashlib.sha256(b"operator-session\0" + token.encode()).digest()


def _session_value(request: Request, expires: int) -> str:
    mac = hmac.new(_session_key(request), str(expires).encode(), hashlib.sha256).hexdigest()
    return f"{expires}.{mac}"


def _signed_in(request: Request) -> bool:
    value = request.cookies.get(COOKIE, "")
    expires, _, _mac = value.partition(".")
    if not expires.isdigit() or int(expires) < time.time():
        return False
    return hmac.compare_digest(value, _session_value(request, int(expires)))


def _same_origin(request: Request) -> bool:
    """A browser names the page a form was sent from; it must be this server (SameSite=Strict
    already keeps the cookie off cross-site posts: this is the second lock)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _page(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303, headers=PAGE_HEADERS)


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def _fleet_rows(kiosks: list[Kiosk]) -> str:
    now = utcnow()
    rows = []
    for k in kiosks:
        hb: dict[str, Any] = k.last_heartbeat or {}
        seen = k.last_heartbeat_at
        state = "never" if seen is None else ("stale" if now - seen > STALE_AFTER else "ok")
        devices = hb.get("devices") or {}
        bad = [
            f"{name}: {d.get('summary', '')}"
            for name, d in devices.items()
            if isinstance(d, dict) and not d.get("usable", True)
        ]
        dev = "all usable" if devices and not bad else ("—" if not devices else "; ".join(bad))
        tests = [
            f"{name} {'PASS' if d['self_test'].get('ok') else 'FAIL'} {d['self_test'].get('at', '')}"
            for name, d in sorted(devices.items())
            if isinstance(d, dict) and isinstance(d.get("self_test"), dict)
        ]
        ob = hb.get("outbox") or {}
        rows.append(
            f"<tr class='{state}'><td>{_e(k.id)}</td><td>{_e(iso(seen) or 'never')} ({state})</td>"
            f"<td>{_e(dev)}</td><td>{_e('; '.join(tests) or '—')}</td><td>{_e(ob.get('depth', '—'))}</td><td>{_e(ob.get('oldest_age_s', '—'))}</td>"
            f"<td>{_e(ob.get('parked', '—'))}</td><td>{_e(hb.get('versions') or {})}</td></tr>"
        )
    return "".join(rows) or "<tr><td colspan=8>no kiosks provisioned</td></tr>"


def _login_page(message: str = "") -> str:
    note = f"<p><b>{_e(message)}</b></p>" if message else ""
    return f"""<!doctype html><html lang=en><meta charset=utf-8><title>Operator sign-in</title>
<style>{STYLE}</style><h1>Kiosk fleet: operator sign-in</h1>{note}
<form method=post action=/login><label>Operator token
<input type=password name=token autocomplete=current-password autofocus required></label>
<button>Sign in</button></form></html>"""


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page() -> HTMLResponse:
    return _page(_login_page())


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    token = _fields(await request.body()).get("token", "")
    expected: str = request.app.state.settings.operator_token
    if not _same_origin(request) or not hmac.compare_digest(token.encode(), expected.encode()):
        return _page(_login_page("Wrong operator token."), status=401)
    resp = RedirectResponse("/", status_code=303, headers=PAGE_HEADERS)
    resp.set_cookie(
        COOKIE,
        _session_value(request, int(time.time()) + SESSION_S),
        max_age=SESSION_S,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return resp


@router.post("/logout", include_in_schema=False)
def logout() -> Response:
    resp = _to_login()
    resp.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return resp


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def operator_page(request: Request) -> Response:
    if not _signed_in(request):
        return _to_login()
    sm = request.app.state.sm
    with sm() as s:
        kiosks = list(s.scalars(select(Kiosk).order_by(Kiosk.id)))
        cases = list(s.scalars(select(Case).order_by(Case.created_at.desc()).limit(50)))
        notices = list_sms_notices(s, limit=50)
        refused = list(
            s.scalars(
                select(CaseQuery)
                .where(CaseQuery.outcome.in_(("case_locked", "rate_limited")))
                .order_by(CaseQuery.id.desc())
                .limit(50)
            )
        )
    calls = list_help_calls(sm, only_open=True)
    options = "".join(f"<option>{st}</option>" for st in STATUS_NOTES)
    call_rows = (
        "".join(
            f"<tr><td>{_e(c.call_id)}</td><td>{_e(c.kiosk_id)}</td><td>{_e(c.at)}</td><td>{_e(c.screen)}</td>"
            f"<td>{_e(c.language)}</td><td><form method=post action='/operator/help-calls/{quote(c.call_id)}/close'>"
            f"<button>close</button></form></td></tr>"
            for c in calls
        )
        or "<tr><td colspan=6>none</td></tr>"
    )
    case_rows = (
        "".join(
            f"<tr><td>{_e(c.case_number)}</td><td>{_e(c.item_code)}</td><td>{_e(c.kiosk_id or '')}</td>"
            f"<td>{_e(iso(c.created_at))}</td><td><b>{_e(c.status)}</b></td><td>"
            f"<form method=post action='/operator/cases/{quote(c.case_number)}/status'>"
            f"<select name=status>{options}</select>"
            f"<button>set</button></form></td></tr>"
            for c in cases
        )
        or "<tr><td colspan=6>none</td></tr>"
    )
    # The phone number is masked here; the full number only through GET /api/v1/sms-notices.
    sms_rows = (
        "".join(
            f"<tr><td>{_e(n.case_number)}</td><td>{_e(n.trigger)}</td><td>{_e(mask_phone(n.phone))}</td>"
            f"<td>{_e(iso(n.created_at))}</td><td>{_e(n.status)}</td><td>{_e(n.text_zh)}</td></tr>"
            for n in notices
        )
        or "<tr><td colspan=6>none</td></tr>"
    )
    # Someone guessing ID digits (or a kiosk in trouble): the latest refused case queries.
    refused_rows = (
        "".join(
            f"<tr><td>{_e(iso(q.at))}</td><td>{_e(q.kiosk_id)}</td><td>{_e(q.case_number)}</td>"
            f"<td>{_e(q.outcome)}</td></tr>"
            for q in refused
        )
        or "<tr><td colspan=4>none</td></tr>"
    )
    page = f"""<!doctype html><html lang=en><meta charset=utf-8><title>Kiosk fleet</title>
<meta http-equiv=refresh content=30>
<style>{STYLE}</style>
<h1>Kiosk fleet</h1><p>Server time {_e(iso(utcnow()))}</p>
<form method=post action=/logout><button>Sign out</button></form>
<h2>Fleet</h2><table id=fleet><tr><th>kiosk</th><th>last heartbeat</th><th>devices</th><th>last self-tests</th><th>outbox depth</th>
<th>oldest (s)</th><th>parked</th><th>versions</th></tr>{_fleet_rows(kiosks)}</table>
<h2>Open help calls</h2><table id=help-calls><tr><th>call</th><th>kiosk</th><th>at</th><th>screen</th>
<th>language</th><th></th></tr>{call_rows}</table>
<h2>Recent cases</h2><table id=cases><tr><th>case</th><th>item</th><th>kiosk</th><th>received</th>
<th>status</th><th>move along</th></tr>{case_rows}</table>
<h2>SMS notices</h2><p>Sent through the SMS provider by kiosk-server send-sms: recorded, sent,
delivered or failed; rate_limited ones are not sent.</p>
<table id=sms-notices><tr><th>case</th><th>for</th><th>mobile</th><th>recorded</th><th>status</th>
<th>text</th></tr>{sms_rows}</table>
<h2>Refused case queries</h2><p>Too many wrong ID digits for a case number, or too many queries
from one kiosk (the full trail is the case_queries table).</p>
<table id=refused-queries><tr><th>at</th><th>kiosk</th><th>case</th><th>refused as</th></tr>
{refused_rows}</table></html>"""
    return _page(page)


def _fields(body: bytes) -> dict[str, str]:
    """A urlencoded form, parsed by hand (python-multipart is not a dependency)."""
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


async def _form(request: Request) -> dict[str, str]:
    """The page's forms: only with the session cookie, only from this server's own page."""
    if not _signed_in(request) or not _same_origin(request):
        raise ApiError(401, "operator_login_required")
    return _fields(await request.body())


def _back() -> RedirectResponse:
    return RedirectResponse("/", status_code=303, headers=PAGE_HEADERS)


@router.post("/operator/cases/{case_number}/status", include_in_schema=False)
async def form_case_status(case_number: str, request: Request) -> RedirectResponse:
    status = (await _form(request)).get("status", "")
    if status not in STATUS_NOTES:
        raise ApiError(422, "invalid")
    change = StatusChange.model_validate({"status": status})
    await run_in_threadpool(move_case, request.app.state.sm, case_number, change)
    return _back()


@router.post("/operator/help-calls/{call_id}/close", include_in_schema=False)
async def form_close_call(call_id: str, request: Request) -> RedirectResponse:
    await _form(request)
    await run_in_threadpool(close_help_call, request.app.state.sm, call_id)
    return _back()
