"""A small operator web page: fleet, open help calls, recent cases, recorded SMS notices; staff can
move a case along and close help calls. Plain HTML forms (no JavaScript) carry the token as a
hidden field; every value shown is escaped. Only ids, codes and statuses are shown — no names or
ID numbers; SMS notices show the mobile number masked (139****5678)."""

from __future__ import annotations

import hmac
import html
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server.auth import operator_auth
from server.db import Case, Kiosk, iso, utcnow
from server.errors import ApiError
from server.fleet import close_help_call, list_help_calls
from server.notices import list_sms_notices, mask_phone
from server.queries import STATUS_NOTES, StatusChange, move_case

router = APIRouter(tags=["operator"])

STALE_AFTER = timedelta(minutes=5)


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


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def operator_page(request: Request, _o: None = Depends(operator_auth)) -> HTMLResponse:
    sm = request.app.state.sm
    token = _e(request.app.state.settings.operator_token)
    with sm() as s:
        kiosks = list(s.scalars(select(Kiosk).order_by(Kiosk.id)))
        cases = list(s.scalars(select(Case).order_by(Case.created_at.desc()).limit(50)))
        notices = list_sms_notices(s, limit=50)
    calls = list_help_calls(sm, only_open=True)
    options = "".join(f"<option>{st}</option>" for st in STATUS_NOTES)
    call_rows = (
        "".join(
            f"<tr><td>{_e(c.call_id)}</td><td>{_e(c.kiosk_id)}</td><td>{_e(c.at)}</td><td>{_e(c.screen)}</td>"
            f"<td>{_e(c.language)}</td><td><form method=post action='/operator/help-calls/{quote(c.call_id)}/close'>"
            f"<input type=hidden name=token value='{token}'><button>close</button></form></td></tr>"
            for c in calls
        )
        or "<tr><td colspan=6>none</td></tr>"
    )
    case_rows = (
        "".join(
            f"<tr><td>{_e(c.case_number)}</td><td>{_e(c.item_code)}</td><td>{_e(c.kiosk_id or '')}</td>"
            f"<td>{_e(iso(c.created_at))}</td><td><b>{_e(c.status)}</b></td><td>"
            f"<form method=post action='/operator/cases/{quote(c.case_number)}/status'>"
            f"<input type=hidden name=token value='{token}'><select name=status>{options}</select>"
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
    page = f"""<!doctype html><html lang=en><meta charset=utf-8><title>Kiosk fleet</title>
<meta http-equiv=refresh content=30>
<style>body{{font-family:sans-serif;margin:1em}}table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #ccc;padding:3px 6px}}tr.stale td{{background:#fee}}tr.never td{{color:#888}}</style>
<h1>Kiosk fleet</h1><p>Server time {_e(iso(utcnow()))}</p>
<h2>Fleet</h2><table id=fleet><tr><th>kiosk</th><th>last heartbeat</th><th>devices</th><th>last self-tests</th><th>outbox depth</th>
<th>oldest (s)</th><th>parked</th><th>versions</th></tr>{_fleet_rows(kiosks)}</table>
<h2>Open help calls</h2><table id=help-calls><tr><th>call</th><th>kiosk</th><th>at</th><th>screen</th>
<th>language</th><th></th></tr>{call_rows}</table>
<h2>Recent cases</h2><table id=cases><tr><th>case</th><th>item</th><th>kiosk</th><th>received</th>
<th>status</th><th>move along</th></tr>{case_rows}</table>
<h2>SMS notices</h2><p>Recorded, sent by the centre's SMS gateway when one is configured.</p>
<table id=sms-notices><tr><th>case</th><th>for</th><th>mobile</th><th>recorded</th><th>status</th>
<th>text</th></tr>{sms_rows}</table></html>"""
    return HTMLResponse(
        page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    )


async def _form(request: Request) -> dict[str, str]:
    """The page's urlencoded forms, parsed by hand (python-multipart is not a dependency), with the
    operator token checked."""
    fields = {
        k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()
    }
    token = fields.get("token", "")
    if not hmac.compare_digest(token.encode(), request.app.state.settings.operator_token.encode()):
        raise ApiError(401, "operator_token_required")
    return fields


def _back(request: Request) -> RedirectResponse:
    return RedirectResponse(
        f"/?token={quote(request.app.state.settings.operator_token)}", status_code=303
    )


@router.post("/operator/cases/{case_number}/status", include_in_schema=False)
async def form_case_status(case_number: str, request: Request) -> RedirectResponse:
    status = (await _form(request)).get("status", "")
    if status not in STATUS_NOTES:
        raise ApiError(422, "invalid")
    change = StatusChange.model_validate({"status": status})
    await run_in_threadpool(move_case, request.app.state.sm, case_number, change)
    return _back(request)


@router.post("/operator/help-calls/{call_id}/close", include_in_schema=False)
async def form_close_call(call_id: str, request: Request) -> RedirectResponse:
    await _form(request)
    await run_in_threadpool(close_help_call, request.app.state.sm, call_id)
    return _back(request)
