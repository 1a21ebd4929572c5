"""The electronic copy (电子证照) of an issued document: the same A4 page as the paper (doclayout),
with a PDF digital signature by the centre (server/pdfsign.py), fetched by scanning a QR on the
kiosk's screen.

After the paper came out, the kiosk asks POST /api/v1/documents/{code}/ecopy and shows the QR of
`<public url>/e/<token>`. The token:
- is not the verification code (the code is printed on the paper and opens the public page; the
  token opens the whole document with the ID number unmasked, so it is shown only on the screen
  in front of the citizen);
- is 192 random bits, stored only as its SHA-256 (a database dump gives no working link);
- expires after 24 h, and opens the PDF at most 3 times: a phone's browser often fetches a
  download twice (preview, then save), the hall Wi-Fi may drop the first try, and a citizen may
  want it on a second device; more than that means the QR was photographed off the screen by
  someone else, and a standing link to a document with an ID number is a leak;
- replaces any earlier token of the same document (only the QR last shown works).
Expired, used up or unknown: 404, a page in Chinese and English saying what to do. Nothing is
stored but the hash: the PDF is rendered and signed again at each fetch."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
from datetime import datetime, timedelta
from html import escape
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import String, delete, update
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from doclayout.model import IssuedDocument as LaidOutDocument
from doclayout.pdf import render_pdf
from server import documents
from server.auth import kiosk_auth
from server.db import Base, iso, utcnow
from server.errors import ApiError
from server.pdfsign import SigningIdentity, load_identity, sign_pdf
from server.secretbox import key_path
from server.settings import Settings

log = logging.getLogger("server.ecopy")
router = APIRouter(tags=["documents"])

LIFETIME = timedelta(hours=24)
MAX_FETCHES = 3
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")  # secrets.token_urlsafe(24)
FILE_NAMES = {"hukou": "户籍证明", "no_criminal_record": "无犯罪记录证明",
              "residence_endorsement": "居住证签注凭证", "temporary_plate": "临时行驶车号牌",
              "kinship": "亲属关系证明", "seal_filing": "印章刻制备案回执",
              "unit_record_check": "犯罪记录查询告知函"}


class ElectronicCopyToken(Base):
    __tablename__ = "electronic_copy_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256, hex
    code: Mapped[str] = mapped_column(String(16), index=True)  # issued_documents.code
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    fetches: Mapped[int] = mapped_column(default=0)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _sm(request: Request) -> sessionmaker[Session]:
    return request.app.state.sm  # type: ignore[no-any-return]


@router.post("/api/v1/documents/{code}/ecopy")
def make_link(code: str, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> dict[str, Any]:
    """A new one-time link to the signed electronic copy of a printed document (any kiosk may
    ask: a reprint may happen at another kiosk). 404 not_found; 409 not_printed (a document
    whose paper did not come out was not issued, so it has no electronic copy either) — except
    a kind delivered only electronically (documents.ELECTRONIC_KINDS), whose link is its delivery."""
    now = utcnow()
    with _sm(request).begin() as s:
        row = s.get(documents.IssuedDocument, code) if documents.CODE_RE.match(code) else None
        if row is None:
            raise ApiError(404, "not_found")
        if row.printed_at is None and row.kind not in documents.ELECTRONIC_KINDS:
            raise ApiError(409, "not_printed")
        token = _new_token(s, code, now)
    log.info("electronic copy link for document %s… made (kiosk %s)", code[:4], kiosk_id)
    return {"url": _link(request, token), "expires_at": iso(now + LIFETIME), "fetches": MAX_FETCHES}


def _new_token(s: Session, code: str, now: datetime) -> str:
    """A fresh token for the document; any earlier one stops working (only its hash is kept)."""
    token = secrets.token_urlsafe(24)
    s.execute(delete(ElectronicCopyToken).where(ElectronicCopyToken.code == code))
    s.add(ElectronicCopyToken(token_hash=token_hash(token), code=code, created_at=now,
                              expires_at=now + LIFETIME, fetches=0))
    return token


def _link(request: Request, token: str) -> str:
    public = request.app.state.settings.public_url
    base = (public or str(request.base_url)).rstrip("/")
    return f"{base}/e/{token}"


# -- a new link from the paper (扫码验真 page) ----------------------------------------------------
# A citizen who printed a document and wants the electronic copy later (the kiosk's QR was valid
# 24 h / 3 downloads) scans the paper's own verification QR at home: the page offers a new link
# once the ID number printed on the paper is typed in. Why there and not at a kiosk: the citizen
# has the paper, not necessarily a trip to the hall; and the QR alone is not enough — a photo
# of just the QR (or the public page) shows the ID number masked, so whoever types it in full
# holds the paper, which carries exactly what the copy carries. The old link stops working.
RENEW_STYLE = "body{font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em}"


def _page(status: int, title: str, body: str) -> HTMLResponse:
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>
<style>{RENEW_STYLE}</style></head><body>{body}</body></html>"""
    style_hash = base64.b64encode(hashlib.sha256(RENEW_STYLE.encode()).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{style_hash}'; frame-ancestors 'none'; "
           "base-uri 'none'; form-action 'self'")
    return HTMLResponse(page, status_code=status, headers={
        "Cache-Control": "no-store", "Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"})


@router.post("/v/{code}/ecopy", response_class=HTMLResponse)
async def renew_from_paper(code: str, request: Request) -> HTMLResponse:
    """The form on the verification page: `s` (the QR's signature) and `id_number` (as printed).
    A new one-time link for a genuine, printed document; the same refusal page for every other
    case (wrong number, forged code or QR, never printed), so the form tells a guesser nothing."""
    limiter: documents.RateLimit = request.app.state.verify_limit
    if not limiter.allow(request.client.host if request.client else "?"):
        raise ApiError(429, "too_many_requests", headers={"Retry-After": "60"})
    raw = (await request.body())[:2048]
    form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
    signature, typed = form.get("s", ""), form.get("id_number", "").strip().upper()
    code = code.upper()
    now = utcnow()
    token = None
    with _sm(request).begin() as s:
        row = s.get(documents.IssuedDocument, code) if documents.CODE_RE.match(code) else None
        if row is not None and row.printed_at is not None and typed and \
                hmac.compare_digest(typed.encode(), row.subject.upper().encode()):
            doc = json.loads(row.canonical)
            public = request.app.state.doc_key.public_key()
            if documents.verify_signature(public, doc, row.signature) and \
                    documents.verify_signature(public, doc, signature):
                token = _new_token(s, code, now)
    if token is None:
        log.info("electronic copy link for document %s… refused from the paper's QR", code[:4])
        return _page(403, "电子证照 Electronic copy", """<h1>无法提供电子证照 <small>No electronic copy</small></h1>
<p>输入的公民身份号码与证明不符，或此证明不能提供电子证照。请核对证明上印的号码后重试，或持身份证到窗口申请。</p>
<p lang="en">The ID number entered does not match the document, or this document has no electronic
copy. Check the number printed on the document and try again, or bring your ID card to the service
counter.</p>""")
    log.info("electronic copy link for document %s… renewed from the paper's QR", code[:4])
    url = escape(_link(request, token))
    return _page(200, "电子证照 Electronic copy", f"""<h1>电子证照 <small>Electronic copy</small></h1>
<p><a href="{url}">下载数字签名的PDF · Download the digitally signed PDF</a></p>
<p>此链接24小时内有效，最多下载{MAX_FETCHES}次；此前的电子证照链接已失效。</p>
<p lang="en">This link works for 24 hours and for at most {MAX_FETCHES} downloads; any earlier
link to this document no longer works.</p>""")


GONE_STYLE = "body{font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em}"


def _gone() -> HTMLResponse:
    """Unknown, expired or used up: one answer for all three (a guesser learns nothing)."""
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>电子证照 Electronic copy</title>
<style>{GONE_STYLE}</style></head>
<body><h1>电子证照链接已失效 <small>This link no longer works</small></h1>
<p>电子证照链接在显示后24小时内有效，最多可下载{MAX_FETCHES}次。此链接已过期、已用完或不完整。</p>
<p>纸质证明仍然有效，可扫描证明上的二维码验真。如需电子证照，请持身份证到窗口申请。</p>
<p lang="en">The link to an electronic copy works for 24 hours after it is shown and for at most
{MAX_FETCHES} downloads. This one has expired, been used up or is incomplete.</p>
<p lang="en">The paper certificate stays valid: scan its QR code to verify it. For an electronic copy,
please bring your ID card to the service counter.</p></body></html>"""
    style_hash = base64.b64encode(hashlib.sha256(GONE_STYLE.encode()).digest()).decode()
    csp = (f"default-src 'none'; style-src 'sha256-{style_hash}'; frame-ancestors 'none'; "
           "base-uri 'none'; form-action 'none'")
    return HTMLResponse(page, status_code=404, headers={
        "Cache-Control": "no-store", "Content-Security-Policy": csp, "Referrer-Policy": "no-referrer"})


@router.get("/e/{token}", response_model=None, responses={
    200: {"content": {"application/pdf": {}}, "description": "the signed PDF"},
    404: {"content": {"text/html": {}}, "description": "unknown, expired or used up"}})
def fetch(token: str, request: Request) -> Response:
    """The signed PDF, as an attachment, never cached."""
    limiter: documents.RateLimit = request.app.state.verify_limit
    if not limiter.allow(request.client.host if request.client else "?"):
        raise ApiError(429, "too_many_requests", headers={"Retry-After": "60"})
    if not TOKEN_RE.match(token):
        return _gone()
    now = utcnow()
    digest = token_hash(token)
    with _sm(request).begin() as s:
        # counted before rendering, in one statement: two phones racing cannot both get the last
        taken = s.execute(
            update(ElectronicCopyToken)
            .where(ElectronicCopyToken.token_hash == digest, ElectronicCopyToken.fetches < MAX_FETCHES,
                   ElectronicCopyToken.expires_at > now)
            .values(fetches=ElectronicCopyToken.fetches + 1)
        ).rowcount  # type: ignore[attr-defined]
        link = s.get(ElectronicCopyToken, digest) if taken else None
        row = s.get(documents.IssuedDocument, link.code) if link is not None else None
        if link is None or row is None:
            return _gone()
        answer = documents.document_answer(row, request, reprint=False)
        fetches, code, kind = link.fetches, row.code, row.kind
    pdf = sign_pdf(render_pdf(LaidOutDocument.from_centre(answer), electronic=True), identity(request),
                   reason=f"电子证照 {code}", location=documents.AUTHORITY, signed_at=now)
    log.info("electronic copy of document %s… fetched (%d of %d)", code[:4], fetches, MAX_FETCHES)
    name = FILE_NAMES.get(kind, "document")
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=\"{kind}.pdf\"; filename*=UTF-8''{quote(name)}.pdf",
        "Cache-Control": "no-store", "Pragma": "no-cache", "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer"})


_identity_lock = threading.Lock()


def identity(request: Request) -> SigningIdentity:
    """The PDF signing certificate, made the first time a copy is signed (RSA key generation
    takes ~0.1 s: not at every start of a test server that never signs)."""
    state = request.app.state
    with _identity_lock:
        if state.pdf_identity is None:
            settings: Settings = state.settings
            base = key_path(settings.db_url, settings.key_file)
            state.pdf_identity = load_identity(base, documents.AUTHORITY, utcnow())
        return state.pdf_identity  # type: ignore[no-any-return]


@router.get("/verify/certificate", response_class=Response, responses={
    200: {"content": {"application/x-pem-file": {}}}})
def certificate(request: Request) -> Response:
    """The certificate electronic copies are signed with (PEM): check a copy with it, e.g.
    `pdfsig` or `openssl cms -verify -CAfile` over the signed byte ranges."""
    return Response(identity(request).certificate_pem(), media_type="application/x-pem-file",
                    headers={"Cache-Control": "no-cache"})


def install(app: Any, settings: Settings) -> None:
    """Before documents.install: /verify/certificate must come before its /verify/{code}."""
    app.state.pdf_identity = None
    app.include_router(router)
