"""One error shape for every refusal: {"error": code, ...extra} (protocol.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ApiError(Exception):
    def __init__(
        self, status: int, error: str, *, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.extra = extra
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": self.error, **self.extra}


class ErrorBody(BaseModel):
    """Documented error body; some errors add fields (server_time on 401)."""

    model_config = ConfigDict(extra="allow")
    error: str
