"""The staff console's HTML, rendered on the server in the reader's language (server.console_text).
Every value from the database or a kiosk goes through ``_e`` (html.escape): the pages and the
live help-call fragment (sent over server-sent events and put into the page by console.js) carry
no markup a kiosk could inject. Only ids, codes, statuses, halls and masked mobile numbers are
shown — never a name or an ID number."""

from __future__ import annotations

import html
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from server.console_text import (
    DEVICES,
    LANGUAGE_NAMES,
    SCREENS,
    SMS_STATUS,
    STATUS,
    Lang,
    t,
    word,
)
from server.db import Case, CaseEvent, CaseQuery, HelpCall, Kiosk, SmsNotice, utcnow
from server.notices import mask_phone

STALE_AFTER = timedelta(minutes=5)
CST = timedelta(hours=8)  # China Standard Time, no DST: staff read Beijing time
MAX_RESULTS = 100


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def local(dt: datetime | None) -> str:
    """Beijing time to the minute, as staff read it on the hall clock."""
    return "—" if dt is None else (dt + CST).strftime("%Y-%m-%d %H:%M")


def local_seconds(dt: datetime | None) -> str:
    return "—" if dt is None else (dt + CST).strftime("%Y-%m-%d %H:%M:%S")


def hall_of(kiosk: Kiosk | None, lang: Lang) -> str:
    """The hall a kiosk reports in its heartbeat (its configured location), in the reader's language."""
    hall = (kiosk.last_heartbeat or {}).get("hall") if kiosk is not None else None
    if isinstance(hall, dict):
        name = hall.get(lang) or hall.get("zh") or hall.get("en")
        if isinstance(name, str) and name.strip():
            return name.strip()[:100]
    return t("unknown_hall", lang)


@dataclass(frozen=True)
class ItemNames:
    """Catalog item names from the latest catalog the centre published (code → zh, en)."""

    names: dict[str, tuple[str, str]]

    def name(self, code: str, lang: Lang) -> str:
        pair = self.names.get(code)
        if pair is None:
            return code
        return f"{pair[0]}（{code}）" if lang == "zh" else f"{pair[1]} ({code})"


def item_names(files: dict[str, str] | None) -> ItemNames:
    names: dict[str, tuple[str, str]] = {}
    for text in (files or {}).values():
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue  # a published catalog is checked on the kiosk; here a bad file only loses names
        for item in doc.get("items", []):
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, dict) and isinstance(item.get("code"), str):
                names[item["code"]] = (str(name.get("zh", "")), str(name.get("en", "")))
    return ItemNames(names)


# -- the page frame ------------------------------------------------------------------------------
def page(lang: Lang, title: str, body: str, active: str = "", here: str = "/", live: bool = False) -> str:
    """``here``: the page to come back to after the language switch (a path on this server)."""
    other: Lang = "en" if lang == "zh" else "zh"
    nav = ""
    if active:
        links = [("calls", "/", t("nav_calls", lang)), ("cases", "/cases", t("nav_cases", lang))]
        nav = "".join(
            f"<a href='{href}'{' aria-current=page' if key == active else ''}>{_e(label)}</a>"
            for key, href, label in links
        )
        nav += (
            "<form method=post action=/logout class=inline><button class=quiet>"
            f"{_e(t('sign_out', lang))}</button></form>"
        )
    switch = (
        f"<form method=post action=/operator/language class=inline><input type=hidden name=lang value={other}>"
        f"<input type=hidden name=back value='{_e(here)}'><button class=quiet lang={other}>"
        f"{_e(t('switch_to', lang))}</button></form>"
    )
    script = "<script src=/operator/static/console.js defer></script>" if live else ""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return f"""<!doctype html><html lang={html_lang}><head><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><link rel=stylesheet href=/operator/static/console.css>{script}</head>
<body><header><div class=brand>{_e(t('title', lang))}</div><nav>{nav}{switch}</nav></header>
<main>{body}</main></body></html>"""


def login(lang: Lang, message: str = "") -> str:
    note = f"<p class=error role=alert>{_e(message)}</p>" if message else ""
    body = f"""<section class=card id=sign-in><h1>{_e(t('sign_in_title', lang))}</h1>{note}
<form method=post action=/login class=stack><label>{_e(t('password', lang))}
<input type=password name=token autocomplete=current-password autofocus required></label>
<button class=primary>{_e(t('sign_in', lang))}</button></form></section>"""
    return page(lang, t("sign_in_title", lang), body, here="/login")


# -- help calls (also the live fragment) ----------------------------------------------------------
def _waited(since: datetime, lang: Lang, now: datetime) -> str:
    s = max(0, int((now - since).total_seconds()))
    return t("seconds", lang, n=s) if s < 120 else t("minutes", lang, n=s // 60)


def help_calls(calls: list[HelpCall], kiosks: dict[str, Kiosk], lang: Lang) -> str:
    """The open help calls, newest first: where, which screen, how long waiting, and the two
    buttons (plain forms, so they work without the script too)."""
    if not calls:
        return f"<p class=empty>{_e(t('no_calls', lang))}</p>"
    now = utcnow()
    out = []
    for c in calls:
        acked = c.acknowledged_at is not None
        state = t("call_acknowledged", lang) if acked else t("call_new", lang)
        ack = (
            ""
            if acked
            else f"<form method=post action='/operator/help-calls/{quote(c.id)}/acknowledge'>"
            f"<button class=primary>{_e(t('acknowledge', lang))}</button></form>"
        )
        out.append(
            f"<article class='call {'acked' if acked else 'new'}' data-call='{_e(c.id)}'>"
            f"<div class=call-head><span class=badge>{_e(state)}</span>"
            f"<strong class=kiosk-id>{_e(c.kiosk_id)}</strong><span class=hall-name>{_e(hall_of(kiosks.get(c.kiosk_id), lang))}</span></div>"
            f"<dl><dt>{_e(t('screen', lang))}</dt><dd class=screen>{_e(word(SCREENS, c.screen, lang))}</dd>"
            f"<dt>{_e(t('language', lang))}</dt><dd>{_e(word(LANGUAGE_NAMES, c.language, lang))}</dd>"
            f"<dt>{_e(t('called_at', lang))}</dt><dd>{_e(local_seconds(c.received_at))}</dd>"
            f"<dt>{_e(t('waited', lang))}</dt><dd data-since='{int(c.received_at.timestamp() * 1000)}'>"
            f"{_e(_waited(c.received_at, lang, now))}</dd></dl>"
            f"<div class=actions>{ack}<form method=post action='/operator/help-calls/{quote(c.id)}/close'>"
            f"<button>{_e(t('close_call', lang))}</button></form></div></article>"
        )
    return "".join(out)


# -- the fleet by hall ---------------------------------------------------------------------------
def _kiosk_card(k: Kiosk, lang: Lang, items: ItemNames, now: datetime) -> str:
    hb: dict[str, Any] = k.last_heartbeat or {}
    seen = k.last_heartbeat_at
    state = "never" if seen is None else ("stale" if now - seen > STALE_AFTER else "ok")
    devices = hb.get("devices") or {}
    bad = [
        t("device_down", lang, device=word(DEVICES, name, lang), summary=d.get("summary", "") or "—")
        for name, d in sorted(devices.items())
        if isinstance(d, dict) and not d.get("usable", True)
    ]
    dev = t("no_devices", lang) if not devices else ("; ".join(bad) or t("all_usable", lang))
    tests = [
        f"{word(DEVICES, name, lang)} {t('pass' if d['self_test'].get('ok') else 'fail', lang)} "
        f"{d['self_test'].get('at', '')}"
        for name, d in sorted(devices.items())
        if isinstance(d, dict) and isinstance(d.get("self_test"), dict)
    ]
    paused_codes = [c for c in hb.get("paused") or [] if isinstance(c, str)][:50]
    paused = "、".join(items.name(c, lang) for c in paused_codes) if lang == "zh" else "; ".join(
        items.name(c, lang) for c in paused_codes
    )
    ob = hb.get("outbox") or {}
    outbox = (
        t("outbox_value", lang, depth=ob.get("depth", "—"), oldest=ob.get("oldest_age_s", "—"),
          parked=ob.get("parked", "—"))
        if ob else "—"
    )
    versions = ", ".join(f"{n} {v}" for n, v in sorted((hb.get("versions") or {}).items()))
    return (
        f"<article class='kiosk is-{state}' data-kiosk='{_e(k.id)}'><div class=call-head>"
        f"<strong class=kiosk-id>{_e(k.id)}</strong><span class='badge is-{state}'>{_e(t('state_' + state, lang))}</span></div>"
        f"<dl><dt>{_e(t('last_seen', lang))}</dt><dd>{_e(local(seen))}</dd>"
        f"<dt>{_e(t('devices', lang))}</dt><dd class={'bad' if bad else 'good'}>{_e(dev)}</dd>"
        f"<dt>{_e(t('paused', lang))}</dt><dd class={'bad' if paused_codes else 'good'}>"
        f"{_e(paused or t('none_paused', lang))}</dd>"
        f"<dt>{_e(t('self_tests', lang))}</dt><dd>{_e('; '.join(tests) or '—')}</dd>"
        f"<dt>{_e(t('outbox', lang))}</dt><dd>{_e(outbox)}</dd>"
        f"<dt>{_e(t('versions', lang))}</dt><dd>{_e(versions or '—')}</dd></dl></article>"
    )


def fleet(kiosks: list[Kiosk], lang: Lang, items: ItemNames) -> str:
    if not kiosks:
        return f"<p class=empty>{_e(t('no_kiosks', lang))}</p>"
    now = utcnow()
    halls: dict[str, list[Kiosk]] = {}
    for k in kiosks:
        halls.setdefault(hall_of(k, lang), []).append(k)
    return "".join(
        f"<section class=hall><h3>{_e(hall)}</h3><div class=grid>"
        + "".join(_kiosk_card(k, lang, items, now) for k in members)
        + "</div></section>"
        for hall, members in sorted(halls.items())
    )


def refused(queries: list[CaseQuery], lang: Lang) -> str:
    rows = "".join(
        f"<tr><td>{_e(local_seconds(q.at))}</td><td>{_e(q.kiosk_id)}</td><td>{_e(q.case_number)}</td>"
        f"<td>{_e(t(q.outcome, lang) if q.outcome in ('case_locked', 'rate_limited') else q.outcome)}</td></tr>"
        for q in queries
    )
    if not rows:
        return "<p class=empty>—</p>"
    head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in ("when", "kiosk", "case_number", "refused_as"))
    return f"<div class=scroll><table id=refused-queries><tr>{head}</tr>{rows}</table></div>"


def calls_page(
    lang: Lang, calls_html: str, kiosks: list[Kiosk], items: ItemNames, queries: list[CaseQuery]
) -> str:
    body = f"""<div class=toolbar><span id=live class=live data-on="{_e(t('live', lang))}"
data-off="{_e(t('offline', lang))}"></span><button id=sound class=quiet type=button
data-on="{_e(t('sound_is_on', lang))}">{_e(t('sound_on', lang))}</button>
<span class=muted>{_e(t('server_time', lang))} {_e(local_seconds(utcnow()))}</span></div>
<section><h2>{_e(t('help_calls', lang))}</h2><div id=help-calls aria-live=assertive
data-seconds="{_e(t('seconds', lang))}" data-minutes="{_e(t('minutes', lang))}">{calls_html}</div></section>
<section><h2>{_e(t('fleet', lang))}</h2><div id=fleet>{fleet(kiosks, lang, items)}</div></section>
<section><h2>{_e(t('refused_queries', lang))}</h2><p class=muted>{_e(t('refused_note', lang))}</p>
{refused(queries, lang)}</section>"""
    return page(lang, t("nav_calls", lang), body, active="calls", here="/", live=True)


# -- the case workbench --------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseFilter:
    number: str = ""
    status: str = ""
    item: str = ""
    hall: str = ""
    date_from: str = ""
    date_to: str = ""

    def query(self) -> str:
        pairs = [("q", self.number), ("status", self.status), ("item", self.item), ("hall", self.hall),
                 ("from", self.date_from), ("to", self.date_to)]
        return "&".join(f"{k}={quote(v)}" for k, v in pairs if v)


def _options(pairs: list[tuple[str, str]], chosen: str, lang: Lang) -> str:
    first = f"<option value=''>{_e(t('any', lang))}</option>"
    return first + "".join(
        f"<option value='{_e(v)}'{' selected' if v == chosen else ''}>{_e(label)}</option>" for v, label in pairs
    )


def cases_page(
    lang: Lang, f: CaseFilter, cases: list[Case], kiosks: dict[str, Kiosk], items: ItemNames,
    item_codes: list[str], halls: list[str], error: str = "",
) -> str:
    statuses = [(s, word(STATUS, s, lang)) for s in STATUS]
    item_opts = [(c, items.name(c, lang)) for c in item_codes]
    err = f"<p class=error role=alert>{_e(error)}</p>" if error else ""
    form = f"""<form method=get action=/cases class=filters id=case-search>
<label>{_e(t('case_number', lang))}<input name=q value='{_e(f.number)}' inputmode=text autocomplete=off></label>
<label>{_e(t('status', lang))}<select name=status>{_options(statuses, f.status, lang)}</select></label>
<label>{_e(t('item', lang))}<select name=item>{_options(item_opts, f.item, lang)}</select></label>
<label>{_e(t('hall', lang))}<select name=hall>{_options([(h, h) for h in halls], f.hall, lang)}</select></label>
<label>{_e(t('date_from', lang))}<input type=date name=from value='{_e(f.date_from)}'></label>
<label>{_e(t('date_to', lang))}<input type=date name=to value='{_e(f.date_to)}'></label>
<button class=primary>{_e(t('do_search', lang))}</button></form>"""
    head = "".join(
        f"<th>{_e(t(k, lang))}</th>" for k in ("case_number", "item", "status", "hall", "received_at")
    )
    rows = "".join(
        f"<tr><td><a href='/cases/{quote(c.case_number)}'>{_e(c.case_number)}</a></td>"
        f"<td>{_e(items.name(c.item_code, lang))}</td><td><span class='status {_e(c.status)}'>"
        f"{_e(word(STATUS, c.status, lang))}</span></td><td>{_e(hall_of(kiosks.get(c.kiosk_id or ''), lang))}</td>"
        f"<td>{_e(local(c.created_at))}</td></tr>"
        for c in cases
    )
    table = (
        f"<div class=scroll><table id=cases><tr>{head}</tr>{rows}</table></div>"
        if rows else f"<p class=empty>{_e(t('no_cases', lang))}</p>"
    )
    body = (
        f"<section><h1>{_e(t('search', lang))}</h1>{err}{form}</section>"
        f"<section><h2>{_e(t('results', lang, n=MAX_RESULTS))}</h2>{table}</section>"
    )
    here = "/cases" + (f"?{f.query()}" if f.query() else "")
    return page(lang, t("nav_cases", lang), body, active="cases", here=here)


def fingerprints_text(fingers: dict[str, Any] | None, lang: Lang) -> str:
    """What the kiosk said about the applicant's fingerprints (the submission's public
    "fingerprints": status and count; the templates stay in the encrypted part and are never shown):
    "已采集 2 枚" or "需到窗口补采"; "" for a service without a fingerprint step."""
    if not isinstance(fingers, dict):
        return ""
    if fingers.get("status") == "captured":
        count = fingers.get("count")
        return t("fingers_captured", lang, n=count if isinstance(count, int) else "?")
    if fingers.get("status") == "counter":
        return t("fingers_counter", lang)
    return ""


def case_page(
    lang: Lang, case: Case, events: list[CaseEvent], notices: list[SmsNotice], kiosk: Kiosk | None,
    items: ItemNames, message: str = "", error: str = "", fingerprints: str = "",
) -> str:
    n = case.case_number
    fingers = (f"<dt>{_e(t('fingerprints', lang))}</dt><dd id=case-fingerprints>{_e(fingerprints)}</dd>"
               if fingerprints else "")
    note = f"<p class=ok role=status>{_e(message)}</p>" if message else ""
    err = f"<p class=error role=alert>{_e(error)}</p>" if error else ""
    history = "".join(
        f"<li><time>{_e(local(e.at))}</time> <span class='status {_e(e.status)}'>{_e(word(STATUS, e.status, lang))}</span>"
        f" <span class=note>{_e(e.note_zh if lang == 'zh' else e.note_en)}</span></li>"
        for e in events
    )
    sms_head = "".join(f"<th>{_e(t(k, lang))}</th>" for k in ("sms_for", "mobile", "recorded", "status", "text"))
    sms_rows = "".join(
        f"<tr><td>{_e(word(STATUS, m.trigger, lang))}</td><td>{_e(mask_phone(m.phone))}</td>"
        f"<td>{_e(local(m.created_at))}</td><td>{_e(word(SMS_STATUS, m.status, lang))}</td>"
        f"<td>{_e(m.text_zh if lang == 'zh' else m.text_en)}</td></tr>"
        for m in notices
    )
    sms = (
        f"<div class=scroll><table id=sms-notices><tr>{sms_head}</tr>{sms_rows}</table></div>"
        if sms_rows else f"<p class=empty>{_e(t('no_sms', lang))}</p>"
    )
    options = "".join(
        f"<option value='{_e(s)}'>{_e(word(STATUS, s, lang))}</option>" for s in STATUS if s != case.status
    )
    body = f"""<p><a href=/cases>← {_e(t('back_to_list', lang))}</a></p>
<section class=card><h1>{_e(t('case_title', lang, n=n))}</h1>{note}{err}
<dl class=facts><dt>{_e(t('item', lang))}</dt><dd>{_e(items.name(case.item_code, lang))}</dd>
<dt>{_e(t('status', lang))}</dt><dd><span id=case-status class='status {_e(case.status)}'>{_e(word(STATUS, case.status, lang))}</span></dd>
<dt>{_e(t('kiosk', lang))}</dt><dd>{_e(case.kiosk_id or '—')} · {_e(hall_of(kiosk, lang))}</dd>
<dt>{_e(t('received_at', lang))}</dt><dd>{_e(local(case.created_at))}</dd>{fingers}</dl></section>
<section class=card><h2>{_e(t('move', lang))}</h2>
<form method=post action='/operator/cases/{quote(n)}/status' class=stack id=move-case>
<label>{_e(t('new_status', lang))}<select name=status required><option value=''>—</option>{options}</select></label>
<label>{_e(t('reason', lang))}<input name=reason maxlength=200 autocomplete=off></label>
<button class=primary>{_e(t('do_move', lang))}</button></form></section>
<section class=card><h2>{_e(t('history', lang))}</h2><ol id=history class=history>{history}</ol></section>
<section class=card><h2>{_e(t('sms', lang))}</h2>{sms}</section>"""
    return page(lang, t("case_title", lang, n=n), body, active="cases", here=f"/cases/{quote(n)}")
