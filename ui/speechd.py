"""Is speech-dispatcher up and answering? Asked in its own protocol (SSIP: text lines over a Unix
or TCP socket) from a background thread, before Qt's ``speechd`` engine is created.

Why: creating ``QTextToSpeech("speechd")`` connects to speech-dispatcher inside the constructor,
autospawning it if it is not running (≈ 4 s on the 2-core kiosk, espeak-ng loading its voices),
and a dispatcher that lost its output module leaves the constructor waiting for minutes. The
constructor holds Python's GIL the whole time, so it blocks the UI even on another thread. Here
the waiting is plain socket and process I/O, which releases the GIL; the engine is created only
once the dispatcher has answered the same questions Qt's plug-in asks (its output modules and
their voices), which then takes milliseconds.

Address as libspeechd reads it: ``SPEECHD_ADDRESS`` (``unix_socket:PATH`` or
``inet_socket:HOST[:PORT]``), else ``$XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock`` (glib falls
back to ``~/.cache`` when XDG_RUNTIME_DIR is unset). Only the default address is autospawned, as
libspeechd does."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

SSIP_PORT = 6560  # speech-dispatcher's default TCP port


@dataclass(frozen=True)
class Address:
    unix_path: Path | None = None
    host: str = ""
    port: int = SSIP_PORT
    default: bool = False  # libspeechd's own default: the one it would autospawn

    def __str__(self) -> str:
        return str(self.unix_path) if self.unix_path is not None else f"{self.host}:{self.port}"


def address(environ: dict[str, str] | None = None) -> Address | None:
    """Where libspeechd will connect, or None for an address form this does not know."""
    env = os.environ if environ is None else environ
    given = env.get("SPEECHD_ADDRESS", "").strip()
    if given:
        method, _, rest = given.partition(":")
        if method == "unix_socket" and rest:
            return Address(unix_path=Path(rest))
        if method == "inet_socket" and rest:
            host, _, port = rest.partition(":")
            return Address(host=host, port=int(port) if port.isdigit() else SSIP_PORT)
        return None
    runtime = env.get("XDG_RUNTIME_DIR") or str(Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache"))
    return Address(unix_path=Path(runtime) / "speech-dispatcher" / "speechd.sock", default=True)


class NotAnswering(Exception):
    """speech-dispatcher is not there, refused, or did not answer in time."""


def _connect(where: Address, timeout: float) -> socket.socket:
    try:
        if where.unix_path is not None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(str(where.unix_path))
            return sock
        return socket.create_connection((where.host, where.port), timeout=timeout)
    except OSError as exc:
        raise NotAnswering(f"cannot connect to {where}: {exc}") from exc


def _ask(stream: BinaryIO, command: str) -> list[str]:
    """One SSIP command; the reply's lines ("NNN-text" go on, "NNN text" ends). 2xx is success."""
    stream.write(command.encode("utf-8") + b"\r\n")
    stream.flush()
    lines: list[str] = []
    while True:
        raw = stream.readline()
        if not raw:
            raise NotAnswering(f"connection closed after {command!r}")
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        lines.append(line)
        if len(line) >= 4 and line[3] == " ":
            break
    if not lines[-1].startswith("2"):
        raise NotAnswering(f"{command!r} answered {lines[-1]!r}")
    return lines


def check(where: Address, timeout: float = 10.0) -> int:
    """Ask what Qt's speechd plug-in asks when it starts: the output modules and each one's voices.
    Returns the number of voices; raises NotAnswering when a reply does not come in ``timeout``
    seconds (per reply) or is an error."""
    with _connect(where, timeout) as sock, sock.makefile("rwb") as pair:
        stream = cast(BinaryIO, pair)
        try:
            _ask(stream, "SET SELF CLIENT_NAME kiosk:voice:check")
            modules = [line[4:] for line in _ask(stream, "LIST OUTPUT_MODULES")[:-1]]
            voices = 0
            for module in modules:
                _ask(stream, f"SET SELF OUTPUT_MODULE {module}")
                voices += len(_ask(stream, "LIST SYNTHESIS_VOICES")) - 1
            _ask(stream, "QUIT")
        except TimeoutError as exc:
            raise NotAnswering(f"{where} did not answer within {timeout:.0f} s") from exc
        except OSError as exc:
            raise NotAnswering(f"{where}: {exc}") from exc
    return voices


def wait_until_ready(where: Address, deadline_s: float = 60.0, reply_timeout: float = 20.0) -> int:
    """Start speech-dispatcher if libspeechd would (the default address, nothing listening), then
    wait for it to answer. Returns its voice count; raises NotAnswering."""
    end = time.monotonic() + deadline_s
    spawned = False
    while True:
        try:
            return check(where, reply_timeout)
        except NotAnswering:
            listening = where.unix_path is None or where.unix_path.exists()
            if where.default and not spawned and not listening:
                spawned = True
                _spawn(where, max(1.0, end - time.monotonic()))
                continue
            if spawned and time.monotonic() < end:
                time.sleep(0.2)  # the dispatcher we started is still coming up
                continue
            raise


def _spawn(where: Address, timeout: float) -> None:
    """The command libspeechd's autospawn runs; ``--spawn`` returns once the server forked."""
    program = shutil.which("speech-dispatcher")
    if program is None:
        raise NotAnswering("speech-dispatcher is not installed")
    assert where.unix_path is not None
    try:
        subprocess.run([program, "--spawn", "--communication-method", "unix_socket", "--socket-path",
                        str(where.unix_path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NotAnswering(f"could not start speech-dispatcher: {exc}") from exc
