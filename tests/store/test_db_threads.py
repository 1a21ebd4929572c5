"""Connections of threads that have ended are released: the UI's thread pool and device threads
touch the database from threads that come and go (Qt pool threads get a fresh Python thread
state for every job), and the soak test found one SQLite connection — two file descriptors and
its page cache — kept for each of them, for ever."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

from kiosk.store.db import Database


def db_fds(path: Path) -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith(str(path)):
                count += 1
        except OSError:
            pass
    return count


def test_connections_of_ended_threads_are_closed(tmp_path: Path) -> None:
    db = Database(tmp_path)
    db.conn().execute("SELECT 1")
    before = db_fds(tmp_path)
    for _ in range(30):
        t = threading.Thread(target=lambda: db.conn().execute("SELECT count(*) FROM records").fetchone())
        t.start()
        t.join()
    gc.collect()
    assert db_fds(tmp_path) <= before + 2  # at most one more connection's files open
    db.close()


def test_close_still_closes_the_connections_of_live_threads(tmp_path: Path) -> None:
    db = Database(tmp_path)
    ready, done = threading.Event(), threading.Event()

    def worker() -> None:
        db.conn().execute("SELECT 1")
        ready.set()
        done.wait(5)

    t = threading.Thread(target=worker)
    t.start()
    ready.wait(5)
    db.close()
    done.set()
    t.join()
    gc.collect()
    assert db_fds(tmp_path) == 0
