"""Card-dispenser driver: the K720-style protocol (protocol.py) over pyserial.

Every command is frame → ACK → ENQ (→ answer frame). A NAK (the module saw a damaged frame) or
no ACK at all is retried; a module that has never answered any of them is offline.

The operations the collect flow needs:
- `slots()`: which slots hold a card (SL);
- `dispense(slot)`: DC, then the flags are polled until the card is at the mouth, or the module
  says jam / slot empty. Refused before any motion when the retain bin is full (a card the
  citizen does not take could not be retained) or a card is already at the mouth;
- `wait_taken(timeout_s)`: polls the taken-out sensor until the card has left the mouth;
- `retain()`: CP, the card at the mouth goes into the retain bin.
Each answers with the module's own flags; `DeviceFailure` codes: `card_jam`, `slot_empty`,
`bin_full`, `mouth_occupied`, `timeout`, `not_connected`, `no_device`, `dispenser_error`."""

from __future__ import annotations

import logging
import termios
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.base import Device, SelfTestResult
from devices.card_dispenser import protocol as p
from devices.serial_link import close_quietly, configured_port, open_port
from devices.spec import DeviceKind, DeviceSpec
from devices.status import (
    Availability,
    DeviceError,
    DeviceFailure,
    DeviceStatus,
    MediaState,
    failed,
    online,
)

log = logging.getLogger("devices.card_dispenser")

ACK_TIMEOUT_S = 0.3     # the module acknowledges a frame at once
ANSWER_TIMEOUT_S = 0.5  # status answers follow the ENQ within a few ms on a real module
POLL_S = 0.1            # flags while the card moves (the manual suggests ≥ 200 ms; we are on a pty)
MOTION_TIMEOUT_S = 8.0  # a dispense or call-back that has not finished by then is a fault
RETRIES = 2


class SerialCardDispenser(Device):
    kind = DeviceKind.CARD_DISPENSER

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        opts: dict[str, Any] = dict(spec.options)
        self.baudrate = int(opts.get("baudrate", 9600))
        self.slot_count = int(opts.get("slots", 0))  # 0: as many as the module reports
        self.motion_timeout_s = float(opts.get("motion_timeout_s", MOTION_TIMEOUT_S))
        self.poll_s = float(opts.get("poll_s", POLL_S))
        self._port: serial.Serial | None = None
        self._io = threading.RLock()
        self._asm = p.FrameAssembler()
        self._version = ""

    # -- lifecycle -----------------------------------------------------------------------------
    def port_path(self) -> str:  # the simulators answer their own pseudo-terminal's path
        return configured_port(self.spec)

    def open(self) -> None:
        with self._io:
            self._close_port()
            self._port = open_port(self.port_path(), self.baudrate)
            self._asm.reset()

    def close(self) -> None:
        with self._io:
            self._close_port()

    def _close_port(self) -> None:
        close_quietly(self._port)
        self._port = None

    # -- protocol ------------------------------------------------------------------------------
    def _read_until(self, want: Callable[[int | bytes], bool], timeout_s: float) -> int | bytes | None:
        port = self._port
        assert port is not None
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            port.timeout = min(remaining, 0.05)
            chunk = port.read(max(1, port.in_waiting or 1))
            for item in self._asm.feed(chunk) if chunk else []:
                if isinstance(item, p.ProtocolError):
                    log.debug("card dispenser: %s", item)
                    continue
                if want(item):
                    return item

    def exchange(self, code: bytes, param: bytes = b"") -> bytes | None:
        """One command: frame, ACK, ENQ; the answer's text for answering commands, else None.
        Resending a frame is safe: the module acts only on the ENQ after an ACK, and a DC or CP
        whose ENQ went out is never resent (its effect is read from the flags)."""
        with self._io:
            port = self._port
            if port is None:
                raise DeviceFailure(DeviceError("not_connected", "card dispenser not open"))
            request = p.command(code, param)
            last = DeviceError("timeout", "no answer from the card dispenser")
            tries = 0
            try:
                for _ in range(RETRIES + 1):
                    tries += 1
                    port.reset_input_buffer()
                    self._asm.reset()
                    port.write(request)
                    ack = self._read_until(lambda i: i in (p.ACK, p.NAK), ACK_TIMEOUT_S)
                    if ack is None:
                        last = DeviceError("timeout", f"no ACK to {code.decode()}")
                        continue
                    if ack == p.NAK:
                        last = DeviceError("checksum", f"the module refused {code.decode()} (NAK)")
                        self.count("line_errors")
                        continue
                    port.write(bytes([p.ENQ]))
                    if code not in p.ANSWERING:
                        return None
                    answer = self._read_until(lambda i: isinstance(i, bytes), ANSWER_TIMEOUT_S)
                    if answer is None:
                        last = DeviceError("timeout", f"no answer to {code.decode()}")
                        continue
                    assert isinstance(answer, bytes)
                    return p.parse_frame(answer)
                log.debug("card dispenser: %s after %d tries", last, tries)
                raise DeviceFailure(last)
            except serial.SerialException as exc:
                self._close_port()
                raise DeviceFailure(DeviceError("not_connected", "card dispenser disconnected", str(exc))) from None
            except (OSError, termios.error) as exc:
                self._close_port()
                raise DeviceFailure(DeviceError("not_connected", "card dispenser I/O error", str(exc))) from None

    def flags(self) -> p.Flags:
        text = self.exchange(p.FLAGS)
        assert text is not None
        if text[:2] != p.FLAGS:
            raise DeviceFailure(DeviceError("dispenser_error", "unexpected answer to PB", text.decode()))
        return p.Flags.from_data(text[2:])

    def clear_flags(self) -> p.Flags:
        text = self.exchange(p.CLEAR_FLAGS)
        assert text is not None
        return p.Flags.from_data(text[2:])

    def slots(self) -> list[bool]:
        """Which slots hold a card, slot 1 first."""
        text = self.exchange(p.SLOTS)
        assert text is not None
        if text[:2] != p.SLOTS:
            raise DeviceFailure(DeviceError("dispenser_error", "unexpected answer to SL", text.decode()))
        return p.parse_slots(text[2:])

    def state(self) -> str:
        text = self.exchange(p.STATUS)
        assert text is not None
        return p.STATE_CODES.get(text[2:5], "unknown")

    # -- operations ----------------------------------------------------------------------------
    def dispense(self, slot: int) -> p.Flags:
        """Move the card in `slot` to the mouth. Returns the flags with the card at the mouth."""
        with self._io:
            before = self.flags()
            if "jammed" in before:
                raise self._fail(DeviceError("card_jam", "a card is jammed in the dispenser", before.describe()))
            if "bin_full" in before:
                raise self._fail(DeviceError("bin_full", "the retain bin is full", before.describe()))
            if "at_mouth" in before:
                raise DeviceFailure(DeviceError("mouth_occupied", "a card is already at the mouth", before.describe()))
            if "taken" in before or "called_back" in before:
                self.clear_flags()
            self.exchange(p.DISPENSE, f"{slot:02d}".encode())
            flags = self._wait_motion("dispensing")
            self.count("dispensed" if "at_mouth" in flags else "dispense_errors")
            if "jammed" in flags:
                raise self._fail(DeviceError("card_jam", f"card jammed leaving slot {slot}", flags.describe()))
            if "dispense_failed" in flags or "hopper_empty" in flags:
                raise DeviceFailure(DeviceError("slot_empty", f"slot {slot} holds no card", flags.describe()))
            if "at_mouth" not in flags:
                raise self._fail(DeviceError("dispenser_error", "the card did not reach the mouth", flags.describe()))
            self._set_status(online(MediaState.OK, **self._info()))
            return flags

    def wait_taken(self, timeout_s: float, stop: Callable[[], bool] = lambda: False) -> bool:
        """True once the taken-out sensor says the card left the mouth; False after timeout_s
        (or when `stop()` says so) with the card still there."""
        deadline = time.monotonic() + timeout_s
        while True:
            flags = self.flags()
            if "taken" in flags or "at_mouth" not in flags:
                self.clear_flags()
                self.count("taken")
                return True
            if time.monotonic() >= deadline or stop():
                return False
            time.sleep(self.poll_s)

    def retain(self) -> p.Flags:
        """Call the card at the mouth back into the retain bin."""
        with self._io:
            self.exchange(p.CAPTURE)
            flags = self._wait_motion("calling_back")
            if "jammed" in flags:
                raise self._fail(DeviceError("card_jam", "card jammed on its way to the bin", flags.describe()))
            if "called_back" not in flags and "at_mouth" in flags:
                raise self._fail(DeviceError("dispenser_error", "the card was not called back", flags.describe()))
            self.clear_flags()
            self.count("retained")
            return flags

    def _wait_motion(self, moving: str) -> p.Flags:
        deadline = time.monotonic() + self.motion_timeout_s
        while True:
            time.sleep(self.poll_s)
            flags = self.flags()
            if moving not in flags:
                return flags
            if time.monotonic() > deadline:
                raise self._fail(DeviceError("timeout", f"still {moving} after {self.motion_timeout_s:.0f} s"))

    def _fail(self, error: DeviceError) -> DeviceFailure:
        media = MediaState.JAMMED if error.code == "card_jam" else MediaState.NOT_APPLICABLE
        self._set_status(DeviceStatus(Availability.HARDWARE_ERROR, media, error))
        return DeviceFailure(error)

    def _info(self) -> dict[str, str]:
        return {"baudrate": str(self.baudrate), **({"version": self._version} if self._version else {})}

    # -- health --------------------------------------------------------------------------------
    def check_health(self) -> DeviceStatus:
        """Flags and slot map: a jam or a full bin is a hardware error (staff must act); no card
        in any slot is media empty."""
        if not self._io.acquire(timeout=0.5):
            return self.status  # a dispense is running: the module is alive
        try:
            if not self._version:
                text = self.exchange(p.VERSION)
                self._version = (text or b"")[2:].decode(errors="replace")
            flags = self.flags()
            loaded = sum(self.slots())
        except DeviceFailure as failure:
            code = failure.error.code
            availability = Availability.OFFLINE if code in ("not_connected", "timeout") else Availability.HARDWARE_ERROR
            return self._set_status(DeviceStatus(availability, last_error=failure.error))
        finally:
            self._io.release()
        info = {**self._info(), "cards": str(loaded)}
        if "jammed" in flags:
            return self._set_status(failed(Availability.HARDWARE_ERROR, "card_jam", "a card is jammed",
                                           flags.describe(), MediaState.JAMMED))
        if "bin_full" in flags:
            return self._set_status(failed(Availability.HARDWARE_ERROR, "bin_full", "the retain bin is full",
                                           flags.describe()))
        return self._set_status(online(MediaState.OK if loaded else MediaState.EMPTY, **info))

    def self_test(self) -> SelfTestResult:
        status = self.check_health()
        lines = [f"status: {status.summary()}"]
        if status.availability is not Availability.ONLINE:
            return SelfTestResult(False, lines)
        try:
            slots = self.slots()
            lines.append(f"version {self._version or '?'}; slots: "
                         + "".join("■" if s else "□" for s in slots) + f" ({sum(slots)} cards)")
            lines.append(f"flags: {self.flags().describe()}")
        except DeviceFailure as failure:
            return SelfTestResult(False, lines + [f"query: {failure.error}"])
        return SelfTestResult(True, lines)
