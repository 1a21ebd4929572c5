"""The staff console for hall staff (issue #17 item 7): open help calls pushed live, the fleet by
hall with device trouble and paused services in words, and a case workbench (search, filter, move
a case along with a reason, its history and the SMS notices it caused). Chinese first, English
by a switch (a cookie). Pages are rendered on the server (server.console); one small static
script, console.js, listens to server-sent events for help calls and plays the alert sound.
Only ids, codes, statuses and halls are shown — no names or ID numbers; SMS notices show the
mobile number masked (139****5678).

Help calls reach the console by server-sent events (GET /operator/events): the stream polls the
database every 0.5 s (EVENT_POLL_S) and sends the rendered list when it changed. Polling the
shared database, not an in-process notification, is what makes it work with several server
workers: the kiosk's POST may land in any worker, the console's stream in another. A stream ends
after STREAM_S and the browser reconnects (EventSource does, after ``retry``), so a signed-out or
expired session stops receiving within a minute and a server shutdown never waits on a console.

The operator token never travels in a URL (browser history, proxy and server logs, Referer): it is
typed once into the login form (POST /login), which answers with a session cookie — HttpOnly (no
script reads it), SameSite=Strict (no other site's page or form sends it, so no cross-site form
posts), Secure over https, 8 hours. The cookie is stateless: an expiry time and an HMAC keyed by
the operator token, so every server process accepts it and changing the token ends every
session. The JSON API takes only ``Authorization: Bearer`` (server.auth.operator_auth).
Every page: Content-Security-Policy (scripts and styles only from this server's two static
files, no inline script or style, nothing from elsewhere, no framing), X-Frame-Options DENY,
Cache-Control no-store, Referrer-Policy same-origin."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server import console
from server.console_text import LANGS, STATUS, Lang, t, word
from server.db import Case, CaseEvent, CaseQuery, CatalogVersion, HelpCall, Kiosk, Record
from server.errors import ApiError
from server.fleet import acknowledge_help_call, close_help_call
from server.notices import list_sms_notices
from server.queries import STATUS_NOTES, StatusChange, move_case
from server.schemas import LocalText

router = APIRouter(tags=["operator"])

COOKIE = "kiosk_operator"
LANG_COOKIE = "kiosk_console_lang"
SESSION_S = 8 * 3600
EVENT_POLL_S = 0.5
STREAM_S = 55.0
KEEPALIVE_S = 15.0
STATIC = Path(__file__).with_name("static")
STATIC_FILES = {"console.js": "text/javascript; charset=utf-8", "console.css": "text/css; charset=utf-8"}

# Scripts, styles and live updates only from this server, forms post only here, never in a frame.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    # same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with the
    # page's own form posts, and _same_origin refused every sign-in from a real browser. Links
    # to other sites still carry no Referer; no URL here carries a secret anyway.
    "Referrer-Policy": "same-origin",
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


def _lang(request: Request) -> Lang:
    """Chinese unless the reader switched to English (a cookie, so every page and the live stream agree)."""
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "zh"


def _page(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def _redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303, headers=PAGE_HEADERS)


def _to_login() -> RedirectResponse:
    return _redirect("/login")


def _items(request: Request, s: Session) -> console.ItemNames:
    """Item names of the newest published catalog, parsed once per catalog version."""
    latest = s.scalars(select(CatalogVersion).order_by(CatalogVersion.seq.desc()).limit(1)).first()
    if latest is None:
        return console.ItemNames({})
    cache: dict[str, console.ItemNames] = request.app.state.__dict__.setdefault("console_items", {})
    if latest.version not in cache:
        cache.clear()
        cache[latest.version] = console.item_names(latest.files)
    return cache[latest.version]


@router.get("/operator/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    """The console's script and stylesheet: the only ones its CSP lets a page load."""
    if name not in STATIC_FILES:
        raise ApiError(404, "not_found")
    return Response((STATIC / name).read_bytes(), media_type=STATIC_FILES[name],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request) -> HTMLResponse:
    return _page(console.login(_lang(request)))


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    token = _fields(await request.body()).get("token", "")
    expected: str = request.app.state.settings.operator_token
    if not _same_origin(request) or not hmac.compare_digest(token.encode(), expected.encode()):
        lang = _lang(request)
        return _page(console.login(lang, t("wrong_password", lang)), status=401)
    resp = _redirect("/")
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


@router.post("/operator/language", include_in_schema=False)
async def switch_language(request: Request) -> Response:
    """The 中文 / English switch; works signed out too (the sign-in page has it)."""
    fields = _fields(await request.body())
    if not _same_origin(request):
        raise ApiError(401, "operator_login_required")
    lang = fields.get("lang", "zh")
    back = fields.get("back", "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"  # only a page of this server: never an open redirect
    resp = _redirect(back)
    resp.set_cookie(LANG_COOKIE, lang if lang in LANGS else "zh", max_age=365 * 86400, path="/",
                    httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return resp


def _open_calls(sm: sessionmaker[Session]) -> tuple[list[HelpCall], dict[str, Kiosk]]:
    with sm() as s:
        calls = list(s.scalars(select(HelpCall).where(HelpCall.closed_at.is_(None))
                               .order_by(HelpCall.received_at.desc()).limit(100)))
        kiosks = {k.id: k for k in s.scalars(select(Kiosk).where(Kiosk.id.in_({c.kiosk_id for c in calls})))}
        s.expunge_all()
    return calls, kiosks


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def operator_page(request: Request) -> Response:
    if not _signed_in(request):
        return _to_login()
    lang = _lang(request)
    sm = request.app.state.sm
    calls, call_kiosks = _open_calls(sm)
    with sm() as s:
        kiosks = list(s.scalars(select(Kiosk).order_by(Kiosk.id)))
        items = _items(request, s)
        # Someone guessing ID digits (or a kiosk in trouble): the latest refused case queries.
        refused = list(
            s.scalars(
                select(CaseQuery)
                .where(CaseQuery.outcome.in_(("case_locked", "rate_limited")))
                .order_by(CaseQuery.id.desc())
                .limit(50)
            )
        )
        html = console.calls_page(lang, console.help_calls(calls, call_kiosks, lang), kiosks, items, refused)
    return _page(html)


def _calls_event(sm: sessionmaker[Session], lang: Lang) -> tuple[str, list[str], list[str]]:
    calls, kiosks = _open_calls(sm)
    fresh = [c.id for c in calls if c.acknowledged_at is None]
    return console.help_calls(calls, kiosks, lang), [c.id for c in calls], fresh


@router.get("/operator/events", include_in_schema=False)
async def events(request: Request) -> Response:
    """Server-sent events: ``calls`` with the rendered open help calls whenever they change (a
    new call, an acknowledgement, a close), at most EVENT_POLL_S after the change reached the
    database — whichever worker wrote it."""
    if not _signed_in(request):
        raise ApiError(401, "operator_login_required")
    lang, sm = _lang(request), request.app.state.sm

    async def stream() -> AsyncIterator[str]:
        yield f"retry: {int(EVENT_POLL_S * 1000)}\n\n"
        last: tuple[str, ...] | None = None
        started = last_sent = time.monotonic()
        while time.monotonic() - started < STREAM_S and _signed_in(request):
            html, ids, fresh = await run_in_threadpool(_calls_event, sm, lang)
            # Only a change replaces the list (console.js ticks the waiting times itself): a list
            # replaced under a staff member's finger would swallow the tap.
            key = tuple(ids) + tuple(fresh)
            if key != last:
                data = json.dumps({"html": html, "new": fresh}, ensure_ascii=False)
                yield f"event: calls\ndata: {data}\n\n"
                last, last_sent = key, time.monotonic()
            elif time.monotonic() - last_sent > KEEPALIVE_S:
                yield ": still here\n\n"  # keeps proxies from closing a quiet stream
                last_sent = time.monotonic()
            if await request.is_disconnected():
                return
            await asyncio.sleep(EVENT_POLL_S)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={**PAGE_HEADERS, "X-Accel-Buffering": "no"})


# -- the case workbench --------------------------------------------------------------------------
def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _halls(lang: Lang, kiosks: list[Kiosk]) -> list[str]:
    return sorted({console.hall_of(k, lang) for k in kiosks})


@router.get("/cases", response_class=HTMLResponse, include_in_schema=False)
def cases_page(request: Request) -> Response:
    if not _signed_in(request):
        return _to_login()
    lang = _lang(request)
    p = request.query_params
    f = console.CaseFilter(
        number=p.get("q", "").strip()[:64], status=p.get("status", "")[:24], item=p.get("item", "")[:32],
        hall=p.get("hall", "")[:100], date_from=p.get("from", "")[:10], date_to=p.get("to", "")[:10],
    )
    error = ""
    try:
        start, end = _day(f.date_from), _day(f.date_to)
    except ValueError:
        start = end = None
        error = t("bad_date", lang)
    with request.app.state.sm() as s:
        kiosks = list(s.scalars(select(Kiosk)))
        by_id = {k.id: k for k in kiosks}
        q = select(Case).order_by(Case.created_at.desc()).limit(console.MAX_RESULTS)
        if f.number:
            q = q.where(Case.case_number.contains(f.number.upper(), autoescape=True))
        if f.status:
            q = q.where(Case.status == f.status)
        if f.item:
            q = q.where(Case.item_code == f.item)
        if f.hall:
            q = q.where(Case.kiosk_id.in_([k.id for k in kiosks if console.hall_of(k, lang) == f.hall]))
        # Dates are Beijing days: a day starts at 00:00 CST, 16:00 UTC the day before.
        if start is not None:
            q = q.where(Case.created_at >= datetime.combine(start, datetime.min.time()) - console.CST)
        if end is not None:
            q = q.where(Case.created_at < datetime.combine(end, datetime.min.time()) - console.CST + timedelta(days=1))
        cases = list(s.scalars(q))
        items = _items(request, s)
        codes = sorted(set(items.names) | set(s.scalars(select(Case.item_code).distinct())))
        html = console.cases_page(lang, f, cases, by_id, items, codes, _halls(lang, kiosks), error)
    return _page(html)


def _case_view(request: Request, case_number: str, lang: Lang, message: str = "", error: str = "",
               status: int = 200) -> Response:
    with request.app.state.sm() as s:
        case = s.get(Case, case_number[:64])
        if case is None:
            body = f"<p class=error role=alert>{console._e(t('not_found', lang))}</p><p><a href=/cases>{console._e(t('back_to_list', lang))}</a></p>"
            return _page(console.page(lang, t("not_found", lang), body, active="cases", here="/cases"), 404)
        events = list(s.scalars(select(CaseEvent).where(CaseEvent.case_number == case.case_number)
                                .order_by(CaseEvent.at, CaseEvent.id)))
        notices = list_sms_notices(s, case_number=case.case_number)
        kiosk = s.get(Kiosk, case.kiosk_id) if case.kiosk_id else None
        html = console.case_page(lang, case, events, notices, kiosk, _items(request, s), message, error,
                                 console.fingerprints_text(_public_fingerprints(s, case), lang))
    return _page(html, status)


def _public_fingerprints(s: Session, case: Case) -> dict[str, object] | None:
    """The submission's public "fingerprints" entry (status and count), read from the record that
    opened the case; None when there is none (older kiosks, services without fingerprints)."""
    if not case.kiosk_id or not case.record_id:
        return None
    record = s.get(Record, (case.kiosk_id, case.record_id))
    if record is None:
        return None
    try:
        payload = json.loads(record.body).get("payload")
    except (ValueError, AttributeError):
        return None
    fingers = payload.get("fingerprints") if isinstance(payload, dict) else None
    return fingers if isinstance(fingers, dict) else None


@router.get("/cases/{case_number}", response_class=HTMLResponse, include_in_schema=False)
def case_page(case_number: str, request: Request) -> Response:
    if not _signed_in(request):
        return _to_login()
    lang = _lang(request)
    moved = request.query_params.get("moved", "")
    message = t("moved", lang, status=word(STATUS, moved, lang)) if moved in STATUS else ""
    return _case_view(request, case_number, lang, message)


def _fields(body: bytes) -> dict[str, str]:
    """A urlencoded form, parsed by hand (python-multipart is not a dependency)."""
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


async def _form(request: Request) -> dict[str, str]:
    """The page's forms: only with the session cookie, only from this server's own page."""
    if not _signed_in(request) or not _same_origin(request):
        raise ApiError(401, "operator_login_required")
    return _fields(await request.body())


def status_note(status: str, reason: str) -> LocalText:
    """The citizen's sentence for the status, with the staff member's reason after it."""
    zh, en = STATUS_NOTES[status]
    if reason:
        zh, en = f"{zh}（原因：{reason}）", f"{en} (reason: {reason})"
    return LocalText(zh=zh, en=en)


@router.post("/operator/cases/{case_number}/status", include_in_schema=False)
async def form_case_status(case_number: str, request: Request) -> Response:
    fields = await _form(request)
    lang = _lang(request)
    status = fields.get("status", "")
    reason = " ".join(fields.get("reason", "").split())  # one line: it goes on a receipt-sized screen
    if status not in STATUS_NOTES:
        return _case_view(request, case_number, lang, error=t("bad_status", lang), status=422)
    if len(reason) > 200:
        return _case_view(request, case_number, lang, error=t("reason_too_long", lang), status=422)
    change = StatusChange(status=status, note=status_note(status, reason))  # type: ignore[arg-type]
    await run_in_threadpool(move_case, request.app.state.sm, case_number, change)
    return _redirect(f"/cases/{quote(case_number)}?moved={status}")


@router.post("/operator/help-calls/{call_id}/acknowledge", include_in_schema=False)
async def form_acknowledge_call(call_id: str, request: Request) -> Response:
    await _form(request)
    await run_in_threadpool(acknowledge_help_call, request.app.state.sm, call_id)
    return _redirect("/")


@router.post("/operator/help-calls/{call_id}/close", include_in_schema=False)
async def form_close_call(call_id: str, request: Request) -> RedirectResponse:
    await _form(request)
    await run_in_threadpool(close_help_call, request.app.state.sm, call_id)
    return _redirect("/")


