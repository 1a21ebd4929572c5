"""``python -m kiosk.sync``: run only the sync loop (a separate process from the UI).

    python -m kiosk.sync --data-dir D --key-file K --server https://… --ca-file CA.pem --kiosk-id ID --secret S

The secret may instead come from ``$KIOSK_SYNC_SECRET`` (keeps it out of ``ps``). SIGTERM/SIGINT
stop it cleanly; SIGKILL loses nothing either (records stay pending and are resent).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from kiosk.logs import setup_logging
from kiosk.private_files import set_private_umask
from kiosk.store import DataKeyError, load_or_create_key, open_store
from kiosk.sync.backoff import Backoff
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker

log = logging.getLogger("kiosk.sync.main")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kiosk.sync", description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--key-file", type=Path, required=True)
    p.add_argument("--server", required=True, help="base URL of the central server")
    p.add_argument("--kiosk-id", required=True)
    p.add_argument("--secret", default=os.environ.get("KIOSK_SYNC_SECRET"))
    p.add_argument("--ca-file", help="PEM of the private CA (pins the server certificate); required unless "
                                     "--insecure-http")
    p.add_argument("--insecure-http", action="store_true",
                   help="tests and demo only: allow http:// and the system CA store")
    p.add_argument("--heartbeat-s", type=float, default=60.0)
    p.add_argument("--poll-s", type=float, default=1.0,
                   help="idle check for records committed by another process (no in-process wake-up)")
    p.add_argument("--timeout-s", type=float, default=30.0)
    p.add_argument("--backoff-cap-s", type=float, default=300.0)
    p.add_argument("--max-request-bytes", type=int, default=1_000_000,
                   help="byte budget of one request (batches shrink on timeouts, never exceed it)")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    set_private_umask()  # the database's -wal/-shm and the log are created by this process too
    if not args.secret:
        p.error("--secret or $KIOSK_SYNC_SECRET is required")
    if not args.insecure_http:  # production: https with the pinned CA only (docs/server.md)
        if not args.server.lower().startswith("https://"):
            p.error(f"--server: only https:// in production (got {args.server!r}); --insecure-http for tests")
        if not args.ca_file:
            p.error("--ca-file: required in production (the fleet CA's PEM; the system CA store is not trusted)")
    # Its own folder: two processes rotating one RotatingFileHandler file would clobber each other.
    setup_logging(args.data_dir / "logs" / "sync", args.log_level)
    try:
        key = load_or_create_key(args.key_file, data_dir=args.data_dir)
    except DataKeyError as exc:
        print(f"kiosk.sync: {exc}", file=sys.stderr)
        return 2
    store = open_store(args.data_dir, key, kiosk_id=args.kiosk_id)
    client = ServerClient(args.server, args.kiosk_id, args.secret, verify=args.ca_file or True,
                          timeout=(5.0, args.timeout_s))
    worker = SyncWorker(store, client, heartbeat_s=args.heartbeat_s, idle_poll_s=args.poll_s,
                        backoff=Backoff(1.0, args.backoff_cap_s), max_request_bytes=args.max_request_bytes)
    done = threading.Event()

    def stop(signum: int, _frame: object) -> None:
        log.info("signal %d: stopping", signum)
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker.start()
    done.wait()
    worker.stop()
    client.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
