"""The kiosk's link to the central server: one signed HTTP client for queries and help calls, and
the sync worker that drains the outbox. The kiosk runs without it (offline) and links up when it
can: in demo mode the local server starts in the background while the attract screen is up."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kiosk.store.store import Store
from kiosk.sync.client import ServerClient
from kiosk.sync.settings import SyncSettings
from kiosk.sync.worker import SyncWorker

log = logging.getLogger("kiosk.connection")


class Connection:
    def __init__(self, client: ServerClient, worker: SyncWorker | None) -> None:
        self.client = client
        self.worker = worker  # None for a core without a store (tests with their own submitter)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self.client.close()


class ServerLink:
    """Holds the current Connection (or none yet). Safe to link from a background thread."""

    def __init__(self, store: Store | None, device_health: Callable[[], dict[str, dict[str, Any]]],
                 versions: dict[str, str],
                 on_heartbeat: Callable[[dict[str, Any], ServerClient], None] | None = None,
                 hall_status: Callable[[], dict[str, Any]] | None = None) -> None:
        self.store = store
        self.hall_status = hall_status  # sent with every heartbeat (kiosk.sync.worker)
        self.on_heartbeat = on_heartbeat  # runs on the sync thread with the server's answer
        self.device_health = device_health
        self.versions = versions
        self._lock = threading.Lock()
        self._connection: Connection | None = None
        self._closed = False

    @property
    def client(self) -> ServerClient | None:
        connection = self._connection
        return connection.client if connection is not None else None

    @property
    def worker(self) -> SyncWorker | None:
        connection = self._connection
        return connection.worker if connection is not None else None

    def link(self, url: str, kiosk_id: str, secret: str, settings: SyncSettings | None = None) -> None:
        verify: bool | str = settings.verify if settings is not None else True
        timeout = (5.0, settings.timeout_s) if settings is not None else (5.0, 30.0)
        client = ServerClient(url, kiosk_id, secret, verify=verify, timeout=timeout)
        worker = None
        if self.store is not None:
            worker = SyncWorker(self.store, client,
                                batch_size=settings.batch_size if settings else 100,
                                max_request_bytes=settings.max_request_bytes if settings else 1_000_000,
                                heartbeat_s=settings.heartbeat_s if settings else 60.0,
                                device_health=self.device_health, versions=self.versions,
                                on_heartbeat=self._heartbeat_answer(client), hall_status=self.hall_status)
        with self._lock:
            if self._closed:
                client.close()
                return
            if worker is not None:
                worker.start()
            self._connection = Connection(client, worker)
        log.info("linked to the central server at %s", url)

    def _heartbeat_answer(self, client: ServerClient) -> Callable[[dict[str, Any]], None] | None:
        callback = self.on_heartbeat
        if callback is None:
            return None
        return lambda answer: callback(answer, client)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

