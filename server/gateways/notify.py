"""Provider callbacks (notify_url): POST /api/v1/pay/notify/wechat and /api/v1/pay/notify/alipay.

Not kiosk-signed: the provider's own signature is the authentication. A notice that does not
verify (or decrypt) changes nothing and is answered with an error, so a forged one is refused
and a genuine one garbled on the way is sent again by the provider. A verified notice moves the
order through service.apply() — the same function the kiosk's polling uses — once: the same
notice again is recorded as seen and changes nothing.

Answers: WeChat v3 wants 200/204 without body for "received", anything else (4xx/5xx with
{"code": "FAIL", "message"}) for "send again" (payment-notice.html, "通知应答"); Alipay wants the
plain text "success", anything else means "send again" (opendocs.alipay.com/open/194/103296).
"""

from __future__ import annotations

import hashlib
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from server.db import CodeOrder, QrOrder
from server.gateways.base import Result
from server.gateways.crypto import SignatureInvalid
from server.gateways.models import PaymentNotice
from server.gateways.service import apply

log = logging.getLogger("server.gateways.notify")
router = APIRouter(prefix="/api/v1/pay/notify", tags=["payments"], include_in_schema=False)


def record_notice(request: Request, provider: str, body: bytes, r: Result) -> bool:
    """Apply a verified notice once; True when it changed the order."""
    digest = hashlib.sha256(body).hexdigest()
    sm = request.app.state.sm
    try:
        with sm.begin() as s:
            if (
                s.query(PaymentNotice).filter_by(provider=provider, digest=digest).first()
                is not None
            ):
                log.info("%s notice for %s seen before: nothing to do", provider, r.order_id)
                return False
            o = s.get(QrOrder, r.order_id[:64]) or s.get(CodeOrder, r.order_id[:64])
            changed = o is not None and apply(o, r)
            if o is None:
                # Paid at the provider for an order we never made: reconciliation reports it.
                log.warning(
                    "ALERT %s notice for unknown order %s (%s)", provider, r.order_id, r.state
                )
            s.add(
                PaymentNotice(
                    provider=provider,
                    digest=digest,
                    order_id=r.order_id[:64],
                    state=str(r.state),
                    changed=changed,
                )
            )
            return changed
    except IntegrityError:  # the same notice twice at the same moment: the other one applied it
        return False


def _gateway(request: Request, name: str):  # type: ignore[no-untyped-def]
    gws = getattr(request.app.state, "gateways", None)
    return gws.by_name.get(name) if gws is not None else None


@router.post("/wechat")
async def wechat_notify(request: Request) -> Response:
    gw = _gateway(request, "wechat")
    if gw is None:
        return JSONResponse({"code": "FAIL", "message": "not configured"}, status_code=404)
    body = await request.body()
    try:
        r = gw.parse_notify(dict(request.headers), body)
    except (SignatureInvalid, ValueError, KeyError) as exc:
        log.warning("wechat notice refused: %s", exc)
        return JSONResponse({"code": "FAIL", "message": "验签失败"}, status_code=401)
    await run_in_threadpool(record_notice, request, "wechat", body, r)
    return Response(status_code=204)


@router.post("/alipay")
async def alipay_notify(request: Request) -> Response:
    gw = _gateway(request, "alipay")
    if gw is None:
        return PlainTextResponse("fail", status_code=404)
    body = await request.body()
    try:
        r = gw.parse_notify(dict(request.headers), body)
    except (SignatureInvalid, ValueError, KeyError) as exc:
        log.warning("alipay notice refused: %s", exc)
        return PlainTextResponse("fail", status_code=400)
    await run_in_threadpool(record_notice, request, "alipay", body, r)
    return PlainTextResponse("success")
