"""Durable local store: encrypted outbox of cases and ratings, audit log, technician alerts."""

from kiosk.store.crypto import DecryptError, FieldCipher
from kiosk.store.db import StoreError, StoreFull
from kiosk.store.keys import DataKeyError, load_or_create_key
from kiosk.store.outbox import Outbox, OutboxLimits, OutboxRecord, PendingRecord
from kiosk.store.store import Alert, Store, open_store

__all__ = ["Alert", "DataKeyError", "DecryptError", "FieldCipher", "Outbox", "OutboxLimits", "OutboxRecord",
           "PendingRecord", "Store", "StoreError", "StoreFull", "load_or_create_key", "open_store"]
