"""Start a private central server for `kiosk demo` (and tests): uvicorn in a subprocess on
127.0.0.1, SQLite in the given folder, the kiosk provisioned, demo data loaded.

A subprocess rather than a thread: the kiosk's Qt event loop and the server never share a GIL
or a crash, and the server can be killed and restarted like a real one.
"""

from __future__ import annotations

import atexit
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

REPO_ROOT = Path(__file__).resolve().parent.parent


class ServerStartError(RuntimeError):
    pass


@dataclass
class LocalServer:
    url: str  # e.g. "http://127.0.0.1:43121" (no trailing slash; API under /api/v1)
    kiosk_id: str
    secret: str  # hex, for the HMAC signature
    operator_token: str
    db_url: str
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL after `timeout`. Safe to call twice."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL, for crash tests."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=1) as resp:
                if resp.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.1)
    return False


def start_local_server(
    data_dir: Path,
    kiosk_id: str,
    secret: str | None = None,
    *,
    port: int | None = None,
    demo: bool = True,
    startup_timeout: float = 30.0,
) -> LocalServer:
    """Start the server and return once it answers. `data_dir` gets server.db and server.log.
    With `secret=None` a new secret is made (the kiosk is re-keyed if it existed); `port` pins the
    port (for restart-after-kill tests), else a free one is chosen."""
    from server.app import add_kiosk
    from server.settings import Settings

    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{(data_dir / 'server.db').resolve()}"
    secret = add_kiosk(Settings(db_url=db_url), kiosk_id, secret)
    token_file = data_dir / "operator.token"
    if token_file.exists():
        token = token_file.read_text().strip()
    else:
        token = secrets.token_urlsafe(24)
        token_file.write_text(token)
        token_file.chmod(0o600)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["KIOSK_SERVER_OPERATOR_TOKEN"] = token  # not on the command line: ps shows argv
    log_path = data_dir / "server.log"
    last_error = "no attempt"
    for _attempt in range(3 if port is None else 1):
        chosen = port or _free_port()
        cmd = [
            sys.executable,
            "-m",
            "server.main",
            "serve",
            "--db",
            db_url,
            "--host",
            "127.0.0.1",
            "--port",
            str(chosen),
            "--log-level",
            "warning",
        ]
        if demo:
            cmd.append("--demo")
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO_ROOT
            )
        url = f"http://127.0.0.1:{chosen}"
        if _wait_ready(url, proc, time.monotonic() + startup_timeout):
            server = LocalServer(
                url=url,
                kiosk_id=kiosk_id,
                secret=secret,
                operator_token=token,
                db_url=db_url,
                log_path=log_path,
                process=proc,
            )
            atexit.register(server.stop)
            return server
        last_error = f"exit code {proc.poll()}" if proc.poll() is not None else "not ready in time"
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    raise ServerStartError(f"local server did not start ({last_error}); see {log_path}")
