"""A pseudo-terminal standing in for a serial cable: the simulator holds the master end, the
real driver opens the slave through a stable symlink (like a udev rule's /dev/kiosk-printer).
unplug() makes the port vanish and the open driver see I/O errors; replug() brings it back."""

from __future__ import annotations

import os
import select
import shutil
import tempfile
import threading
import tty
from collections.abc import Callable
from pathlib import Path


class PtyLink:
    def __init__(self, name: str, on_bytes: Callable[[bytes], None]) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix=f"sim-{name}-"))
        self.link = self._dir / name
        self._on_bytes = on_bytes
        self._fds: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._write_lock = threading.Lock()

    @property
    def plugged(self) -> bool:
        return self._fds is not None

    def start(self) -> None:
        if self._fds is not None:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo or line editing before the driver configures the port
        self._fds = (master, slave)
        tmp = self.link.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self.link)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, args=(master,), name=f"sim-{self.link.name}", daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> bool:
        fds = self._fds
        if fds is None:
            return False
        with self._write_lock:
            try:
                os.write(fds[0], data)
            except OSError:
                return False
        return True

    def _serve(self, master: int) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except OSError:
                return
            if data:
                self._on_bytes(data)

    def unplug(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        self._thread = None
        self.link.unlink(missing_ok=True)
        if self._fds is not None:
            for fd in self._fds:
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._fds = None

    def replug(self) -> None:
        self.start()

    def shutdown(self) -> None:
        self.unplug()
        shutil.rmtree(self._dir, ignore_errors=True)
