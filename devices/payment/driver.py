"""MIS-POS through the acquirer's vendor library (ctypes): `int bankall(char *req, char *rsp)`.
The library talks to the PIN pad itself; its framing is acquirer-specific and not public."""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

from devices.payment.terminal import PaymentTerminal, Transport
from devices.status import DeviceError, DeviceFailure

RESPONSE_BUFFER = 1024


class MisPosTerminal(PaymentTerminal):
    def __init__(self, spec: object) -> None:
        super().__init__(spec)  # type: ignore[arg-type]
        self._library_path = str(self.spec.options.get("library", ""))
        self._function_name = str(self.spec.options.get("function", "bankall"))
        self._fn: ctypes._CFuncPtr | None = None  # type: ignore[name-defined]
        self._lib_lock = threading.Lock()

    def open(self) -> None:
        path = self._library_path
        if not path or not Path(path).is_file():
            raise DeviceFailure(DeviceError("no_device", "MIS-POS vendor library not found", path or "option 'library' not set"))
        try:
            fn = getattr(ctypes.CDLL(path), self._function_name)
        except (OSError, AttributeError) as exc:
            raise DeviceFailure(DeviceError("no_device", "MIS-POS vendor library unusable", str(exc))) from None
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        fn.restype = ctypes.c_int
        self._fn = fn
        self._sign_in_or_fail()  # a library that loads is not yet a terminal that answers

    def close(self) -> None:
        self._fn = None  # ctypes cannot unload a library safely; just stop using it

    def _transport(self) -> Transport:
        fn = self._fn
        if fn is None:
            raise DeviceFailure(DeviceError("not_connected", "terminal not open"))

        def call(request: bytes) -> bytes:
            out = ctypes.create_string_buffer(RESPONSE_BUFFER)
            with self._lib_lock:
                rc = fn(request, out)
            if rc not in (0, 1):  # vendors return 0 or 1 for "a response was written"
                raise RuntimeError(f"bankall returned {rc}")
            return out.raw.split(b"\x00", 1)[0]

        return call
