"""Shared input types. Every string and number is bounded so that whatever a client sends either
fits the database columns (PostgreSQL enforces VARCHAR lengths and BIGINT range) or is refused
with 422 — never a 500 from deep inside the driver."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError


def _clean(value: str) -> str:
    # PostgreSQL text cannot hold NUL; lone surrogates cannot be encoded as UTF-8 at all.
    if "\x00" in value:
        raise ValueError("NUL character not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not valid Unicode text") from exc
    return value


def _wire_time(value: str) -> str:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError("expected an ISO-8601 time such as 2026-11-23T08:00:00Z") from exc
    return value


def Str(max_length: int, min_length: int = 0) -> Any:  # noqa: N802 - reads like a type
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length), AfterValidator(_clean)
    ]


Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
WireTime = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_wire_time)]
Fen = Annotated[int, Field(ge=0, le=10**12)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    """Bodies where the kiosk may send more than we read (forward compatible)."""

    model_config = ConfigDict(extra="allow")


class LocalText(BaseModel):
    zh: str
    en: str


def error_details(exc: ValidationError | Any) -> list[dict[str, Any]]:
    """Validation errors without the offending input: it may be a name or an ID number."""
    return [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
