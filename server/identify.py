"""Identify sessions: the face check against the population register's photo, at the centre
(可信身份认证 model; docs/face.md "Reference by availability", wire contract in docs/protocol.md).

A kiosk opens a session after a card read or a typed ID number (signed request; per-kiosk rate
limit, 429 with Retry-After), gets a short-lived token, then sends the 128-d encodings of its best
live frames (never an image) and gets back only pass / no_match / to_staff — never a score
(GB/T 38671-2020: a score lets an attacker hill-climb). The register photo never leaves the centre.

Privacy: the token is stored only as a SHA-256; the session row (the only place the ID number is
kept) is deleted when the session passes, is closed or expires; the audit holds kiosk, time,
event, result and reference kind only. Encodings are compared in memory and dropped."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from server.auth import kiosk_auth
from server.db import IdentifyAudit, IdentifySession, Kiosk, ReferencePhoto, aware, utcnow
from server.errors import ApiError, ErrorBody
from server.schemas import Str, Strict

log = logging.getLogger("server.identify")
router = APIRouter(prefix="/api/v1/identify-sessions", tags=["identify"])

REGISTER = "register"
ENCODING_SIZE = 128
MAX_ENCODINGS = 5


@dataclass(frozen=True)
class FaceCalibration:
    """Threshold and uncertain band for live-vs-register distances (server/face_calibration.json,
    written by `kiosk face calibrate` for the register kind)."""

    threshold: float
    uncertain_band: float
    source: str


def load_calibration(path: Path) -> FaceCalibration | None:
    """The calibration, or None (logged) when the file is missing or malformed: the server then
    refuses identify sessions rather than compare with a made-up threshold."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cal = FaceCalibration(float(data["threshold"]), float(data["uncertain_band"]), str(data["source"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error("face calibration %s unusable (%s): identify sessions are refused", path.name,
                  type(exc).__name__)
        return None
    if not (0.0 < cal.threshold < 1.5 and 0.0 <= cal.uncertain_band < 1.0):
        log.error("face calibration %s out of range: identify sessions are refused", path.name)
        return None
    return cal


Encoding = Annotated[list[float], Field(min_length=ENCODING_SIZE, max_length=ENCODING_SIZE)]


class IdentifyOpenIn(Strict):
    id_number: Str(32, 15)  # type: ignore[valid-type]
    via: Literal["card", "typed"]


class IdentifyOpenAnswer(BaseModel):
    session: str
    expires_in_s: int
    attempts_left: int
    reference: str


class IdentifyVerifyIn(Strict):
    session: Str(128) = ""  # type: ignore[valid-type]
    encodings: list[Encoding] = Field(min_length=1, max_length=MAX_ENCODINGS)


class IdentifyVerifyAnswer(BaseModel):
    result: Literal["pass", "no_match", "to_staff"]
    attempts_left: int
    reference: str


class IdentifyCloseIn(Strict):
    session: Str(128) = ""  # type: ignore[valid-type]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _audit(s: Session, kiosk_id: str, event: str, ref: str = "", result: str = "", reference: str = "",
           via: str = "") -> None:
    s.add(IdentifyAudit(kiosk_id=kiosk_id, session_ref=ref[:12], event=event, result=result,
                        reference=reference, via=via))
    log.info("identify %s kiosk=%s session=%s %s", event, kiosk_id, ref[:12], result)


def _calibration(request: Request) -> FaceCalibration:
    cal: FaceCalibration | None = request.app.state.face_calibration
    if cal is None:
        raise ApiError(503, "verification_unavailable")
    return cal


@router.post(
    "",
    status_code=201,
    response_model=IdentifyOpenAnswer,
    responses={404: {"model": ErrorBody}, 429: {"model": ErrorBody}, 503: {"model": ErrorBody}},
)
def open_session(body: IdentifyOpenIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> Any:
    """Open a session for the ID number just read or typed. 404 `not_found`: the register has no
    photo for it (the kiosk falls back to the chip photo, or staff)."""
    _calibration(request)
    settings = request.app.state.settings
    sm: sessionmaker[Session] = request.app.state.sm
    number = body.id_number.strip().upper()
    now = utcnow()
    window_start = now - timedelta(seconds=settings.identify_window_s)
    with sm.begin() as s:
        # One kiosk's opens are counted one at a time (row lock on PostgreSQL, write lock on SQLite).
        s.get(Kiosk, kiosk_id, with_for_update=True)
        s.execute(delete(IdentifySession).where(IdentifySession.expires_at < now))
        opened = list(s.scalars(
            select(IdentifyAudit.at).where(IdentifyAudit.kiosk_id == kiosk_id,
                                           IdentifyAudit.event.in_(("opened", "no_register")),
                                           IdentifyAudit.at >= window_start)
            .order_by(IdentifyAudit.at).limit(settings.identify_opens_per_window)))
        if len(opened) >= settings.identify_opens_per_window:
            retry = max(1, math.ceil((aware(opened[0]) - window_start).total_seconds()))
            _audit(s, kiosk_id, "rate_limited", via=body.via)
            limited = True
        else:
            limited = False
            token = secrets.token_urlsafe(32)
            ref = _hash(token)
            has_photo = s.scalar(select(func.count()).select_from(ReferencePhoto)
                                 .where(ReferencePhoto.id_number == number)) == 1
            if has_photo:
                s.add(IdentifySession(token_sha256=ref, kiosk_id=kiosk_id, id_number=number, via=body.via,
                                      opened_at=now,
                                      expires_at=now + timedelta(seconds=settings.identify_session_s)))
            _audit(s, kiosk_id, "opened" if has_photo else "no_register", ref, reference=REGISTER if has_photo else "",
                   via=body.via)
    if limited:
        return JSONResponse({"error": "rate_limited", "retry_after_s": retry}, status_code=429,
                            headers={"Retry-After": str(retry)})
    if not has_photo:
        raise ApiError(404, "not_found")
    return IdentifyOpenAnswer(session=token, expires_in_s=settings.identify_session_s,
                      attempts_left=settings.identify_attempts, reference=REGISTER)


@router.post(
    "/verifications",
    response_model=IdentifyVerifyAnswer,
    responses={403: {"model": ErrorBody}, 409: {"model": ErrorBody}, 410: {"model": ErrorBody},
               422: {"model": ErrorBody}, 503: {"model": ErrorBody}},
)
def verify(body: IdentifyVerifyIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> IdentifyVerifyAnswer:
    """Compare the live encodings with the register photo: pass / no_match / to_staff, no score."""
    cal = _calibration(request)
    settings = request.app.state.settings
    sm: sessionmaker[Session] = request.app.state.sm
    live = _fused(body.encodings)
    ref = _hash(body.session) if body.session else ""
    with sm.begin() as s:
        row = s.get(IdentifySession, ref, with_for_update=True) if ref else None
        if row is None or row.kiosk_id != kiosk_id:
            _audit(s, kiosk_id, "refused", ref, result="session_required")
            error = "identify_session_required"
        elif aware(row.expires_at) < utcnow():
            s.delete(row)
            _audit(s, kiosk_id, "refused", ref, result="session_expired")
            error = "identify_session_expired"
        elif row.attempts_used >= settings.identify_attempts:
            _audit(s, kiosk_id, "refused", ref, result="attempts_used_up")
            error = "attempts_used_up"
        else:
            error = ""
            # counted before the comparison, so concurrent calls cannot exceed the cap
            row.attempts_used += 1
            attempts_left = settings.identify_attempts - row.attempts_used
            number, via = row.id_number, row.via
    if error:
        raise ApiError({"identify_session_required": 403, "identify_session_expired": 410,
                        "attempts_used_up": 409}[error], error)
    register = _register_encoding(sm, number)
    if register is None:
        result = "to_staff"  # no usable face in the register photo: a person must look
    else:
        distance = float(np.linalg.norm(live - register))
        register.fill(0)
        if distance <= cal.threshold:
            result = "pass"
        elif distance <= cal.threshold + cal.uncertain_band or attempts_left == 0:
            result = "to_staff"
        else:
            result = "no_match"
    live.fill(0)
    with sm.begin() as s:
        if result == "pass":  # verified: the ID number is not kept any longer
            s.execute(delete(IdentifySession).where(IdentifySession.token_sha256 == ref))
        # otherwise the row stays (attempts counted) until the kiosk closes it or it expires
        _audit(s, kiosk_id, "verified", ref, result=result, reference=REGISTER, via=via)
    return IdentifyVerifyAnswer(result=result, attempts_left=0 if result == "pass" else attempts_left,  # type: ignore[arg-type]
                        reference=REGISTER)


@router.post("/close", responses={403: {"model": ErrorBody}})
def close(body: IdentifyCloseIn, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> dict[str, bool]:
    """The kiosk is done (staff chosen, step left): forget the session now. Idempotent."""
    ref = _hash(body.session) if body.session else ""
    with request.app.state.sm.begin() as s:
        row = s.get(IdentifySession, ref) if ref else None
        if row is not None and row.kiosk_id == kiosk_id:
            s.delete(row)
            _audit(s, kiosk_id, "closed", ref)
    return {"closed": True}


def _fused(encodings: list[list[float]]) -> npt.NDArray[np.float64]:
    """Mean of the live encodings (the kiosk fuses its best frames the same way). Anything that is
    not a face encoding (NaN, huge values) is refused before it reaches the comparison."""
    arr = np.asarray(encodings, dtype=np.float64)
    if not np.isfinite(arr).all() or np.abs(arr).max() > 2.0:
        raise ApiError(422, "invalid", detail=[{"loc": ["body", "encodings"], "msg": "not a face encoding",
                                                "type": "value_error"}])
    return np.asarray(arr.mean(axis=0))


_dlib_lock = threading.Lock()  # dlib's models are not documented as thread-safe


def _register_encoding(sm: sessionmaker[Session], number: str) -> npt.NDArray[np.float64] | None:
    """The register photo's encoding, computed here each time (deterministic: no jitter; not
    cached, so no template outlives the request). None when the photo has no face."""
    with sm() as s:
        photo = s.get(ReferencePhoto, number)
        jpeg = None if photo is None else bytes(photo.jpeg)
    if jpeg is None:
        return None
    import cv2  # heavy imports on first use only
    import face_recognition

    bgr = cv2.imdecode(np.frombuffer(jpeg, dtype=np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        return None
    rgb = np.ascontiguousarray(bgr[:, :, ::-1])
    bgr.fill(0)
    with _dlib_lock:
        # a certificate photo's face is large: no upsampling first (4x faster), once if not found
        boxes = face_recognition.face_locations(rgb, number_of_times_to_upsample=0, model="hog")
        if not boxes:
            boxes = face_recognition.face_locations(rgb, number_of_times_to_upsample=1, model="hog")
        if not boxes:
            rgb.fill(0)
            return None
        top, right, bottom, left = max(boxes, key=lambda b: (b[1] - b[3]) * (b[2] - b[0]))
        # The photo's and its mirror image's encodings, averaged: what the register threshold in
        # face_calibration.json was chosen for (kiosk face calibrate encodes references this way).
        # num_jitters=1: no random jitter, the same photo always gives the same encoding.
        width = rgb.shape[1]
        mirror = np.ascontiguousarray(rgb[:, ::-1])
        encs = [face_recognition.face_encodings(rgb, [(top, right, bottom, left)], num_jitters=1, model="small")[0],
                face_recognition.face_encodings(mirror, [(top, width - left, bottom, width - right)],
                                                num_jitters=1, model="small")[0]]
        mirror.fill(0)
    rgb.fill(0)
    return np.asarray(np.mean(np.stack(encs), axis=0), dtype=np.float64)
