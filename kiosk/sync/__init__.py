"""Sync with the central server: signed HTTP client, outbox drain worker, heartbeats."""

from kiosk.sync.backoff import Backoff
from kiosk.sync.client import SendResult, ServerClient
from kiosk.sync.errors import ApiError, AuthError, ClockSkewError, SyncError, TransientError
from kiosk.sync.worker import SyncWorker

__all__ = ["ApiError", "AuthError", "Backoff", "ClockSkewError", "SendResult", "ServerClient", "SyncError",
           "SyncWorker", "TransientError"]
