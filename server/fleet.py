"""Heartbeats, catalog and configuration distribution, help calls."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server.auth import kiosk_auth, operator_auth
from server.db import (
    Case,
    CatalogVersion,
    ConfigVersion,
    HelpCall,
    Kiosk,
    iso,
    once_more_on_conflict,
    utcnow,
)
from server.errors import ApiError, ErrorBody
from server.schemas import Id, Open, Str, Strict, WireTime

log = logging.getLogger("server.fleet")
router = APIRouter(prefix="/api/v1", tags=["fleet"])


class SelfTestState(Open):
    """The latest technician self-test of a device (diagnostics): outcome and time, nothing else."""

    ok: bool
    at: WireTime


class DeviceHealth(Open):
    usable: bool
    summary: Str(500) = ""  # type: ignore[valid-type]
    self_test: SelfTestState | None = None


class OutboxState(Open):
    depth: int = Field(ge=0, le=10**9)
    oldest_age_s: float = Field(ge=0, le=10**10, allow_inf_nan=False)
    parked: int = Field(ge=0, le=10**9)


class HeartbeatIn(Open):
    kiosk_id: Id
    at: WireTime
    versions: dict[str, Str(64)] = Field(default_factory=dict)  # type: ignore[valid-type]
    devices: dict[str, DeviceHealth] = Field(default_factory=dict, max_length=64)
    outbox: OutboxState
    # The kiosk's hall (its configured location, {"zh", "en"}) and the catalog items paused now
    # because a device they need is broken: the staff console shows the fleet by hall with them.
    hall: dict[str, Str(100)] = Field(default_factory=dict, max_length=4)  # type: ignore[valid-type]
    paused: list[Str(32)] = Field(default_factory=list, max_length=500)  # type: ignore[valid-type]


class HeartbeatAnswer(BaseModel):
    server_time: str
    catalog_version: str | None
    config_version: str | None
    last_case_number: str | None = None


class CatalogDoc(Strict):
    version: Str(64, 1)  # type: ignore[valid-type]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    files: dict[str, Str(2_000_000)] = Field(max_length=200)  # type: ignore[valid-type]


class ConfigDoc(Strict):
    version: Str(64, 1)  # type: ignore[valid-type]
    settings: dict[str, Any]


class HelpCallIn(Open):
    kiosk_id: Id
    at: WireTime
    screen: Str(200) = ""  # type: ignore[valid-type]
    language: Str(16) = ""  # type: ignore[valid-type]


class HelpCallId(BaseModel):
    call_id: str


class HelpCallOut(BaseModel):
    call_id: str
    kiosk_id: str
    at: str
    screen: str
    language: str
    received_at: str
    acknowledged_at: str | None = None
    closed_at: str | None


class HelpCallList(BaseModel):
    calls: list[HelpCallOut]


def catalog_sha256(files: dict[str, str]) -> str:
    """protocol.md: sha256 over the files sorted by name, each `name\\n` + text."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name}\n".encode())
        h.update(files[name].encode())
    return h.hexdigest()


def _latest(s: Session, model: Any) -> Any:
    return s.scalars(select(model).order_by(model.seq.desc()).limit(1)).first()


def current_versions(sm: sessionmaker[Session]) -> tuple[str | None, str | None]:
    with sm() as s:
        cat, conf = _latest(s, CatalogVersion), _latest(s, ConfigVersion)
        return (cat.version if cat else None, conf.version if conf else None)


_CASE_NUMBER = re.compile(r"^[A-Z0-9]{1,8}-(\d{8})-(\d{4,})$")
LAST_CASE_WINDOW = timedelta(days=3)  # a case number's day is within a day of its arrival (time zones)


def last_case_number(s: Session, kiosk_id: str) -> str | None:
    """The highest case number (by day, then sequence) among the cases this kiosk sent lately. A
    kiosk whose database was lost continues after it, so no receipt number repeats (issue #14
    item 7; docs/protocol.md, Heartbeat)."""
    since = utcnow() - LAST_CASE_WINDOW
    best: tuple[str, int, str] | None = None
    for number in s.scalars(select(Case.case_number).where(Case.kiosk_id == kiosk_id, Case.created_at >= since)):
        match = _CASE_NUMBER.match(number or "")
        if match is not None and (best is None or (match[1], int(match[2])) > best[:2]):
            best = (match[1], int(match[2]), number)
    return best[2] if best is not None else None


@router.post("/heartbeats", response_model=HeartbeatAnswer, responses={422: {"model": ErrorBody}})
def heartbeat(
    hb: HeartbeatIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> HeartbeatAnswer:
    if hb.kiosk_id != kiosk_id:
        raise ApiError(422, "kiosk_mismatch")
    sm = request.app.state.sm
    with sm.begin() as s:
        kiosk = s.get(Kiosk, kiosk_id)
        assert kiosk is not None  # authenticated a moment ago; kiosks are never deleted
        kiosk.last_heartbeat_at = utcnow()
        kiosk.last_heartbeat = hb.model_dump(mode="json")
        last = last_case_number(s, kiosk_id)
    cat, conf = current_versions(sm)
    return HeartbeatAnswer(
        server_time=iso(utcnow()) or "", catalog_version=cat, config_version=conf, last_case_number=last
    )


@router.get("/catalog", response_model=CatalogDoc, responses={404: {"model": ErrorBody}})
def get_catalog(request: Request, _k: str = Depends(kiosk_auth)) -> CatalogDoc:
    with request.app.state.sm() as s:
        cat = _latest(s, CatalogVersion)
        if cat is None:
            raise ApiError(404, "no_catalog")
        return CatalogDoc(version=cat.version, sha256=cat.sha256, files=cat.files)


def publish_catalog(sm: sessionmaker[Session], doc: CatalogDoc) -> bool:
    """True if published now, False if this exact version was already there."""
    if catalog_sha256(doc.files) != doc.sha256:
        raise ApiError(422, "sha256_mismatch")
    with sm.begin() as s:
        old = s.scalars(select(CatalogVersion).where(CatalogVersion.version == doc.version)).first()
        if old is not None:
            if old.sha256 != doc.sha256:
                raise ApiError(409, "version_exists")
            return False
        s.add(CatalogVersion(version=doc.version, sha256=doc.sha256, files=doc.files))
    log.info("catalog %s published (%d files)", doc.version, len(doc.files))
    return True


@router.put(
    "/catalog",
    response_model=CatalogDoc,
    responses={401: {"model": ErrorBody}, 409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def put_catalog(doc: CatalogDoc, request: Request, _o: None = Depends(operator_auth)) -> CatalogDoc:
    once_more_on_conflict(lambda: publish_catalog(request.app.state.sm, doc))
    return doc


@router.get("/config", response_model=ConfigDoc, responses={404: {"model": ErrorBody}})
def get_config(request: Request, _k: str = Depends(kiosk_auth)) -> ConfigDoc:
    with request.app.state.sm() as s:
        conf = _latest(s, ConfigVersion)
        if conf is None:
            raise ApiError(404, "no_config")
        return ConfigDoc(version=conf.version, settings=conf.settings)


@router.put(
    "/config",
    response_model=ConfigDoc,
    responses={401: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def put_config(doc: ConfigDoc, request: Request, _o: None = Depends(operator_auth)) -> ConfigDoc:
    def publish() -> None:
        with request.app.state.sm.begin() as s:
            if s.scalars(select(ConfigVersion).where(ConfigVersion.version == doc.version)).first():
                raise ApiError(409, "version_exists")
            s.add(ConfigVersion(version=doc.version, settings=doc.settings))

    once_more_on_conflict(publish)
    return doc


@router.post("/help-calls", response_model=HelpCallId, responses={422: {"model": ErrorBody}})
def post_help_call(
    call: HelpCallIn, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> HelpCallId:
    if call.kiosk_id != kiosk_id:
        raise ApiError(422, "kiosk_mismatch")
    call_id = f"hc-{uuid.uuid4().hex[:20]}"
    with request.app.state.sm.begin() as s:
        s.add(
            HelpCall(
                id=call_id,
                kiosk_id=kiosk_id,
                at=call.at,
                screen=call.screen,
                language=call.language,
            )
        )
    log.info("help call %s from kiosk=%s screen=%s", call_id, kiosk_id, call.screen)
    return HelpCallId(call_id=call_id)


def _call_out(c: HelpCall) -> HelpCallOut:
    return HelpCallOut(
        call_id=c.id,
        kiosk_id=c.kiosk_id,
        at=c.at,
        screen=c.screen,
        language=c.language,
        received_at=iso(c.received_at) or "",
        acknowledged_at=iso(c.acknowledged_at),
        closed_at=iso(c.closed_at),
    )


def list_help_calls(
    sm: sessionmaker[Session], only_open: bool, limit: int = 200
) -> list[HelpCallOut]:
    with sm() as s:
        q = select(HelpCall).order_by(HelpCall.received_at.desc()).limit(limit)
        if only_open:
            q = q.where(HelpCall.closed_at.is_(None))
        return [_call_out(c) for c in s.scalars(q)]


@router.get("/help-calls", response_model=HelpCallList, responses={401: {"model": ErrorBody}})
def get_help_calls(
    request: Request, open: int = 0, _o: None = Depends(operator_auth)
) -> HelpCallList:  # noqa: A002
    return HelpCallList(calls=list_help_calls(request.app.state.sm, bool(open)))


def close_help_call(sm: sessionmaker[Session], call_id: str) -> HelpCallOut:
    with sm.begin() as s:
        call = s.get(HelpCall, call_id)
        if call is None:
            raise ApiError(404, "not_found")
        if call.closed_at is None:
            call.closed_at = utcnow()
        return _call_out(call)


@router.post(
    "/help-calls/{call_id}/close",
    response_model=HelpCallOut,
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def post_close_help_call(
    call_id: str, request: Request, _o: None = Depends(operator_auth)
) -> HelpCallOut:
    return close_help_call(request.app.state.sm, call_id)


def acknowledge_help_call(sm: sessionmaker[Session], call_id: str) -> HelpCallOut:
    """Staff are on their way (the console's 认领 button); the first acknowledgement counts."""
    with sm.begin() as s:
        call = s.get(HelpCall, call_id[:40])
        if call is None:
            raise ApiError(404, "not_found")
        if call.acknowledged_at is None:
            call.acknowledged_at = utcnow()
            log.info("help call %s acknowledged by staff", call.id)
        return _call_out(call)


@router.post(
    "/help-calls/{call_id}/acknowledge",
    response_model=HelpCallOut,
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def post_acknowledge_help_call(
    call_id: str, request: Request, _o: None = Depends(operator_auth)
) -> HelpCallOut:
    return acknowledge_help_call(request.app.state.sm, call_id)


@router.get(
    "/help-calls/{call_id}",
    response_model=HelpCallOut,
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)
def get_help_call(
    call_id: str, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> HelpCallOut:
    """The kiosk asks after its own call (acknowledged yet?); another kiosk's call is 404."""
    with request.app.state.sm() as s:
        call = s.get(HelpCall, call_id[:40])
        if call is None or call.kiosk_id != kiosk_id:
            raise ApiError(404, "not_found")
        return _call_out(call)
