"""The FastAPI application: create_app(settings) wires the database, auth and the routers."""

from __future__ import annotations

import dataclasses
import logging
import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.engine import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import (
    appointments,
    centre_checks,
    collect,
    documents,
    ecopy,
    fleet,
    identify,
    logsafe,
    notices,
    operator,
    own_records,
    payments,
    queries,
    records,
)
from server.auth import NonceStore
from server.casenumbers import SHORT_ID, default_short_id
from server.db import Kiosk, make_engine, make_sessionmaker
from server.errors import ApiError
from server.schema import prepare_database
from server.schemas import error_details
from server.secretbox import key_path
from server.settings import Settings
from server.smsconfig import load_sms_config
from server.upgrade import prepare

log = logging.getLogger("server")

API_VERSION = "1"


class _TooLarge(Exception):
    pass


class BodyGuard:
    """Pure ASGI middleware: refuse bodies over the limit with 413 (by Content-Length at once,
    or while streaming a chunked body) and NUL bytes in the path/query with 400, before any
    route, auth or database code sees them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        qs: bytes = scope.get("query_string", b"")
        if "\x00" in scope["path"] or b"%00" in qs or b"\x00" in qs:
            await _send_json(send, 400, {"error": "bad_request"})
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _send_json(send, 413, {"error": "too_large"})
                    return
        seen = 0
        over = False
        replaced = False

        async def counted_receive() -> Message:
            nonlocal seen, over
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise _TooLarge
            return msg

        async def guarded_send(msg: Message) -> None:
            # The framework turns the interrupted read into its own error answer (400); the
            # client must see 413 instead, so that answer is swapped for ours.
            nonlocal replaced
            if over:
                if not replaced:
                    replaced = True
                    await _send_json(send, 413, {"error": "too_large"})
                return
            await send(msg)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except _TooLarge:
            pass
        if over and not replaced:
            await _send_json(send, 413, {"error": "too_large"})


class SecurityHeaders:
    """Pure ASGI middleware: answers carry personal data (cases, violations, SMS notices), so
    none may be cached (no-store) or sniffed into something else, and none may be framed. Pages
    set their own Content-Security-Policy (server.operator); JSON gets the strictest one."""

    DEFAULTS = (
        (b"cache-control", b"no-store"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
    )
    JSON_CSP = b"default-src 'none'; frame-ancestors 'none'"

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                have = {name.lower() for name, _ in headers}
                extra = [(n, v) for n, v in self.DEFAULTS if n not in have]
                html = any(
                    n.lower() == b"content-type" and v.startswith(b"text/html") for n, v in headers
                )
                if not html and b"content-security-policy" not in have:
                    extra.append((b"content-security-policy", self.JSON_CSP))
                msg = {**msg, "headers": headers + extra}
            await send(msg)

        await self.app(scope, receive, send_with_headers)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    resp = JSONResponse(body, status_code=status)
    await send({"type": "http.response.start", "status": status, "headers": resp.raw_headers})
    await send({"type": "http.response.body", "body": resp.body})


SETTINGS_ENV = "KIOSK_SERVER_SETTINGS"
LOG_LEVEL_ENV = "KIOSK_SERVER_LOG_LEVEL"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def engine_for(settings: Settings) -> Engine:
    return make_engine(
        settings.db_url,
        settings.sqlite_synchronous,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )


def create_app(settings: Settings, prepare_db: bool = True) -> FastAPI:
    """prepare_db=False: the schema, the sealed secrets and the demo data are known to be ready
    (`serve --workers` prepares them once in the parent before the workers start)."""
    logsafe.install()
    key_path(settings.db_url, settings.key_file)  # a missing --key-file is said before anything
    sms_config = load_sms_config(settings.sms_config)  # SmsConfigError names the setting
    engine = engine_for(settings)
    if prepare_db:
        prepare_database(engine, load_demo=settings.demo)
    sm = make_sessionmaker(engine)
    box = prepare(engine, sm, settings.db_url, settings.key_file)

    app = FastAPI(
        title="Police kiosk central server",
        version=API_VERSION,
        description="Wire contract: docs/protocol.md. Kiosk calls are HMAC-signed; operator calls "
        "use a bearer token.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sm = sm
    app.state.box = box
    app.state.sms_config = sms_config
    app.state.nonces = NonceStore(sm, settings.clock_window_s)
    # Read once at start; missing or malformed: identify sessions answer 503 (never a default).
    app.state.face_calibration = identify.load_calibration(settings.face_calibration)
    app.state.gateways = settings.pay_gateways  # None: the built-in payment simulator
    ecopy.install(app, settings)  # electronic copies (电子证照), /e/{token}; before /verify/{code}
    documents.install(app, settings)  # 户籍证明 issuing and the public /verify pages
    centre_checks.install(app, settings)  # applications checked at the centre, not at a counter
    collect.install(app, settings)  # finished cards in kiosk dispensers (自助取证)
    own_records.install(app, settings)  # household record, exit-entry records, inspection mark

    @app.exception_handler(ApiError)
    async def _api_error(_r: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_r: Request, exc: RequestValidationError) -> JSONResponse:
        # Never echo the input back or log it: it may carry a name or an ID number.
        return JSONResponse({"error": "invalid", "detail": error_details(exc)}, status_code=422)

    @app.exception_handler(Exception)
    async def _crash(_r: Request, exc: Exception) -> JSONResponse:
        # JSON like every other answer, so the kiosk classifies it as "try again later". The
        # exception itself is still logged by uvicorn (engine errors hide bound parameters).
        log.error("internal error: %s", type(exc).__name__)
        return JSONResponse({"error": "internal"}, status_code=500)

    @app.get("/api/v1/health", tags=["fleet"])
    def health() -> dict[str, str]:
        """Unauthenticated liveness probe (the launcher and load balancers use it)."""
        return {"status": "ok"}

    for module in (records, fleet, queries, identify, appointments, payments, notices, operator):
        app.include_router(module.router)
    from server.gateways import notify, reconcile  # provider callbacks, reconciliation report

    app.include_router(notify.router)
    app.include_router(reconcile.router)
    app.add_middleware(BodyGuard, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """The app factory each `serve --workers` process calls (uvicorn imports it by name). A worker
    is a new interpreter: it sets up its own logging, like the parent did."""
    logging.basicConfig(level=os.environ.get(LOG_LEVEL_ENV, "INFO").upper(), format=LOG_FORMAT)
    from server.gateways.config import load_gateways

    settings = Settings.from_json(os.environ[SETTINGS_ENV])
    return create_app(dataclasses.replace(settings, pay_gateways=load_gateways()), prepare_db=False)


class ProvisioningError(ValueError):
    """add-kiosk refused: the message says why and what to do."""


def add_kiosk(
    settings: Settings, kiosk_id: str, secret: str | None = None, short_id: str | None = None
) -> str:
    """Provision (or re-key) a kiosk; returns its secret. The secret is stored sealed with the
    server key. ``short_id`` is the prefix of its case numbers: by default the one it already
    has, else the kiosk's own default rule; refused when another kiosk has it."""
    from server.auth import new_secret

    key_path(settings.db_url, settings.key_file)
    engine = make_engine(settings.db_url, settings.sqlite_synchronous, pool_size=1)
    try:
        prepare_database(engine)
        sm = make_sessionmaker(engine)
        box = prepare(engine, sm, settings.db_url, settings.key_file)
        secret = secret or new_secret()
        bytes.fromhex(secret)  # refuse a malformed secret here rather than at the first request
        with sm.begin() as s:
            kiosk = s.get(Kiosk, kiosk_id)
            short = short_id or (kiosk.short_id if kiosk else None) or default_short_id(kiosk_id)
            if not SHORT_ID.fullmatch(short):
                raise ProvisioningError(f"short id {short!r}: 1-8 characters A-Z 0-9")
            owner = s.scalar(select(Kiosk.id).where(Kiosk.short_id == short, Kiosk.id != kiosk_id))
            if owner is not None:
                raise ProvisioningError(
                    f"short id {short} (the prefix of case numbers) already belongs to kiosk "
                    f"{owner}; give {kiosk_id} its own with --short-id (and set the same "
                    "sync.short_id on that kiosk)"
                )
            sealed = box.seal(kiosk_id, secret)
            if kiosk is None:
                s.add(Kiosk(id=kiosk_id, secret=sealed, short_id=short))
            else:
                kiosk.secret = sealed
                kiosk.short_id = short
        log.info("kiosk %s provisioned (case numbers %s-…)", kiosk_id, short)
        return secret
    finally:
        engine.dispose()
