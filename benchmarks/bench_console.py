"""How long a help call takes to show in an open staff console, and how long the kiosk takes to
hear that staff acknowledged it (issue #17 item 7). A real `kiosk-server serve --workers N`
(SQLite, demo data) on loopback, Debian chromium headless over WebDriver
(tests/server/webdriver.py), the kiosk's own signed client and HelpCallWatch (its real 2 s poll).

    uv run python benchmarks/bench_console.py --calls 20 --workers 2   → benchmarks/console.md

Several workers: the kiosk's POST and the console's event stream are served by whichever worker
uvicorn hands them to; the stream finds the call by polling the shared database."""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kiosk.helpcall import HelpCallWatch  # noqa: E402
from kiosk.sync.client import ServerClient  # noqa: E402
from server.app import add_kiosk  # noqa: E402
from server.settings import Settings  # noqa: E402
from tests.server.webdriver import Browser  # noqa: E402

KIOSK = "bench-kiosk-01"


def serve(workers: int, data: Path) -> tuple[subprocess.Popen[bytes], str, str, str]:
    db = f"sqlite:///{data / 'server.db'}"
    secret = add_kiosk(Settings(db_url=db), KIOSK)
    token = secrets.token_urlsafe(16)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, KIOSK_SERVER_OPERATOR_TOKEN=token, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "server.main", "serve", "--db", db, "--demo", "--port", str(port),
                             "--workers", str(workers), "--log-level", "warning"], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("server did not start") from None
            time.sleep(0.2)
    return proc, url, secret, token


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--acks", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url, secret, token = serve(args.workers, Path(tmp))
        client = ServerClient(url, KIOSK, secret)
        try:
            with Browser() as b:
                b.go(f"{url}/login")
                b.type(b.find("input[name=token]"), token)
                b.click(b.find("button.primary"))
                while "实时更新中" not in b.text(b.find("#live")):
                    time.sleep(0.05)
                shown: list[float] = []
                ids = []
                for _ in range(args.calls):
                    time.sleep(random.uniform(0.2, 1.0))  # not in step with the 0.5 s poll
                    t0 = time.monotonic()
                    call_id = client.help_call("home", "zh_CN")
                    b.wait_for(f"[data-call='{call_id}']", timeout=10, poll=0.01)
                    shown.append(time.monotonic() - t0)
                    ids.append(call_id)
                heard: list[float] = []
                for call_id in ids[: args.acks]:
                    done = threading.Event()
                    HelpCallWatch(call_id, client.help_call_state, done.set).start()  # the real 2 s poll
                    time.sleep(random.uniform(0.0, 2.0))
                    t0 = time.monotonic()
                    b.click(b.find("button.primary", within=b.find(f"[data-call='{call_id}']")))
                    done.wait(30)
                    heard.append(time.monotonic() - t0)
        finally:
            client.close()
            proc.terminate()
            proc.wait(30)
    load = os.getloadavg()
    print(f"workers={args.workers} calls={args.calls} load avg {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"help call → visible in console: median {statistics.median(shown):.2f} s, "
          f"max {max(shown):.2f} s, min {min(shown):.2f} s")
    print(f"acknowledge click → kiosk knows: median {statistics.median(heard):.2f} s, max {max(heard):.2f} s "
          f"({len(heard)} calls)")


if __name__ == "__main__":
    main()
