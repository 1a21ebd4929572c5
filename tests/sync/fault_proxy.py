"""A fault-injecting HTTP proxy on loopback (the Toxiproxy role, small enough to read).

It parses each HTTP/1.1 message (Content-Length or chunked) so faults hit one request at a time
even on a keep-alive connection, and opens a fresh upstream connection per request (the upstream
may have been killed and restarted on another port meanwhile). Faults, chosen per request:

* ``drop_request``  — the request never reaches the server; the client sees a reset;
* ``drop_response`` — the server gets the request and answers (so it committed), the client sees
  a reset instead of the answer: the case a retry must not duplicate;
* ``reset``         — half the answer, then a reset;
* ``stall``         — nothing happens until the client's timeout gives up.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("drop_request", "drop_response", "reset", "stall")


class _Closed(Exception):
    pass


def _read_until(sock: socket.socket, buf: bytearray, marker: bytes) -> int:
    while True:
        i = buf.find(marker)
        if i >= 0:
            return i
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buf += chunk


def _read_exact(sock: socket.socket, buf: bytearray, n: int) -> None:
    while len(buf) < n:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buf += chunk


def read_message(sock: socket.socket, buf: bytearray) -> bytes:
    """One complete HTTP message from ``sock`` (``buf`` carries bytes read past its end)."""
    end = _read_until(sock, buf, b"\r\n\r\n") + 4
    head = bytes(buf[:end]).lower()
    length = 0
    chunked = b"transfer-encoding: chunked" in head
    for line in head.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if not chunked:
        _read_exact(sock, buf, end + length)
        msg = bytes(buf[:end + length])
        del buf[:end + length]
        return msg
    pos = end
    while True:
        nl = pos + _read_until_from(sock, buf, pos)
        size = int(bytes(buf[pos:nl]).split(b";")[0], 16)
        pos = nl + 2 + size + 2
        _read_exact(sock, buf, pos)
        if size == 0:
            msg = bytes(buf[:pos])
            del buf[:pos]
            return msg


def _read_until_from(sock: socket.socket, buf: bytearray, start: int) -> int:
    while True:
        i = buf.find(b"\r\n", start)
        if i >= 0:
            return i - start
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        buf += chunk


def _reset(sock: socket.socket) -> None:
    try:  # SO_LINGER 0: close() sends RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


@dataclass
class FaultProxy:
    upstream_port: int
    fault_rate: float = 0.0
    stall_s: float = 3.0
    seed: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stopping.set()
        self._listener.close()

    def _choose(self) -> str:
        with self._lock:
            fault = self._rng.choice(FAULTS) if self._rng.random() < self.fault_rate else "pass"
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        buf = bytearray()
        try:
            while True:
                request = read_message(client, buf)
                fault = self._choose()
                if b" /api/v1/records" in request[:64]:
                    self.counts[f"{fault} (records)"] += 1
                if fault == "drop_request":
                    _reset(client)
                    return
                if fault == "stall":
                    self._stopping.wait(self.stall_s)
                    _reset(client)
                    return
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
                except OSError:
                    self.counts["upstream_down"] += 1
                    _reset(client)
                    return
                try:
                    upstream.sendall(request)
                    response = read_message(upstream, bytearray())
                except (OSError, _Closed):
                    self.counts["upstream_died"] += 1
                    _reset(client)
                    return
                finally:
                    upstream.close()
                if fault == "drop_response":
                    _reset(client)
                    return
                if fault == "reset":
                    client.sendall(response[: len(response) // 2])
                    _reset(client)
                    return
                client.sendall(response)
        except (OSError, _Closed, ValueError):
            try:
                client.close()
            except OSError:
                pass
