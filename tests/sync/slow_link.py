"""A slow link on loopback: an HTTP proxy that takes each request from the kiosk at once (as a
buffering network path or a request-buffering reverse proxy does) and hands it to the real server
at ``rate_bps`` bytes per second. A request the kiosk gave up on (client timeout) still reaches
the server in full, is stored there, and its answer is thrown away — exactly the slow-link case
of issue #14 item 15. It records the body size of every request that went through."""

from __future__ import annotations

import socket
import threading
import time

from tests.sync.fault_proxy import _Closed, read_message


def _body_length(request: bytes) -> int:
    head, _, body = request.partition(b"\r\n\r\n")
    return len(body)


class SlowLink:
    def __init__(self, upstream_port: int, rate_bps: int) -> None:
        self.upstream_port = upstream_port
        self.rate_bps = rate_bps
        self.sizes: list[int] = []  # body bytes of each request, in arrival order
        self.abandoned = 0  # answers the kiosk was no longer there to read
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._stopping = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stopping.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _send_slowly(self, sock: socket.socket, data: bytes) -> None:
        chunk = max(1024, self.rate_bps // 20)
        started = time.monotonic()
        for offset in range(0, len(data), chunk):
            sock.sendall(data[offset:offset + chunk])
            ahead = started + (offset + chunk) / self.rate_bps - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)

    def _serve(self, client: socket.socket) -> None:
        buf = bytearray()
        try:
            while not self._stopping.is_set():
                request = read_message(client, buf)
                with self._lock:
                    self.sizes.append(_body_length(request))
                with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as upstream:
                    self._send_slowly(upstream, request)
                    response = read_message(upstream, bytearray())
                try:
                    client.sendall(response)
                except OSError:
                    with self._lock:
                        self.abandoned += 1
                    return
        except (OSError, _Closed, ValueError):
            pass
        finally:
            client.close()
