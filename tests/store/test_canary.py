"""Canary test: unusual names, ID numbers and phone numbers go through the submit step, the
outbox and the sync worker to the real server; afterwards nothing on the kiosk's side — database,
WAL, SHM, logs, temp files written during the test — holds them in plaintext (UTF-8, UTF-16,
GB18030), neither while the records wait nor after they were delivered and purged."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from kiosk.catalog import load_catalog
from kiosk.logs import setup_logging
from kiosk.session import Session
from kiosk.store import open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.sync.client import ServerClient
from kiosk.sync.worker import SyncWorker
from kiosk.workflow import Workflow

SAMPLE = Path(__file__).parents[1] / "kiosk" / "data" / "catalog_sample.toml"
KIOSK = "canary-kiosk-09"
RARE = "鑫淼犇骉麤龘靐齉爨燚"


def canaries() -> dict[str, str]:
    rnd = secrets.SystemRandom()
    return {
        "name": "".join(rnd.sample(RARE, 4)) + "·" + secrets.token_hex(3).upper(),
        "id_number": "".join(str(rnd.randrange(10)) for _ in range(17)) + "X",
        "phone": "19" + "".join(str(rnd.randrange(10)) for _ in range(9)),
        "reason": "差评" + "".join(rnd.sample(RARE, 3)) + secrets.token_hex(4),
    }


def encodings(value: str) -> list[bytes]:
    out = []
    for enc in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
        try:
            out.append(value.encode(enc))
        except UnicodeEncodeError:
            pass
    return out


def scan(roots: list[Path], needles: list[bytes], since: float, exclude: Path) -> list[str]:
    hits = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            if Path(dirpath).resolve().is_relative_to(exclude.resolve()):
                continue
            for name in files:
                path = Path(dirpath) / name
                try:
                    st = path.lstat()
                    if not path.is_file() or path.is_symlink() or st.st_mtime < since or st.st_size > 200_000_000:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue
                hits += [f"{path}: {n[:12]!r}" for n in needles if n in data]
    return hits


def test_no_personal_data_on_disk_or_in_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    launcher = pytest.importorskip("server.launcher")
    started = time.time() - 1
    server_dir = Path(tempfile.mkdtemp(prefix="canary-server-"))  # the centre's side: excluded
    data_dir = tmp_path / "kiosk-data"
    setup_logging(data_dir / "logs", "DEBUG")
    caplog.set_level(logging.DEBUG)
    store = open_store(data_dir, bytes(range(32)), kiosk_id=KIOSK)
    submitter = OutboxSubmitter(store.outbox)
    item = load_catalog(SAMPLE).item("ZA-0101")
    all_canaries: list[str] = []
    for _ in range(5):
        c = canaries()
        all_canaries += list(c.values())
        session = Session()
        session.verification = "match"
        session.attachments["photo.jpg"] = b"\xff\xd8\xff" + c["name"].encode() + c["id_number"].encode()
        flow = Workflow([item], session, submitter, today=lambda: date(2026, 11, 22))
        flow.next()
        flow.next()
        flow.submit_form({"item_category": "keys", "item_description": c["name"], "lost_date": "2026-11-20",
                          "lost_place": c["id_number"]})
        flow.submit_form({"name": c["name"], "phone": c["phone"]})
        flow.next()
        flow.commit()
        flow.next()
        flow.next()
        flow.rate(1, c["reason"])
        session.wipe()
    needles = [b for value in all_canaries for b in encodings(value)]

    assert store.outbox.depth() == 10
    waiting = scan([data_dir, Path(tempfile.gettempdir())], needles, started, exclude=server_dir)
    assert waiting == [], waiting

    server = launcher.start_local_server(server_dir, KIOSK)
    try:
        worker = SyncWorker(store, ServerClient(server.url, KIOSK, server.secret), heartbeat_s=3600)
        worker.start()
        deadline = time.monotonic() + 20
        while store.outbox.depth() and time.monotonic() < deadline:
            time.sleep(0.05)
        worker.stop()
        assert store.outbox.depth() == 0 and store.outbox.parked_count() == 0
        # the canaries did reach the centre (so the scan below is not vacuous)
        central = b"".join(p.read_bytes() for p in server_dir.glob("server.db*"))
        assert any(n in central for n in needles)
    finally:
        server.stop()
        shutil.rmtree(server_dir, ignore_errors=True)  # the centre's copy holds the canaries in clear
    store.close()
    for handler in [h for h in logging.getLogger().handlers if getattr(h, "kiosk_file", False)]:
        handler.flush()
        logging.getLogger().removeHandler(handler)
        handler.close()
    delivered = scan([data_dir, Path(tempfile.gettempdir())], needles, started, exclude=server_dir)
    assert delivered == [], delivered
    assert (data_dir / "logs" / "kiosk.log").stat().st_size > 0
    # control: the scanner does find a canary where one is written in plaintext
    control = tmp_path / "control" / "leak.txt"
    control.parent.mkdir()
    control.write_bytes(b"x" + all_canaries[0].encode("utf-16-le"))
    assert scan([control.parent], needles, started, exclude=server_dir)
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert not [v for v in all_canaries if v in messages]
