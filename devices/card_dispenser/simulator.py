"""A fake card-dispenser module speaking the protocol (protocol.py) on a pseudo-terminal, and the
simulated dispenser device (the real SerialCardDispenser driver talking to it).

State: N slots (each holds one finished card or none), the mouth (taken-out sensor), the retain
bin (count and capacity), the sticky flags a real module keeps (taken, called back, jammed,
dispense failed) and the card moving between them. A dispense or call-back takes `motion_s`,
during which the flags say "dispensing" / "calling back".

The citizen in front of it: with `take_after_s` set, a card at the mouth is taken that long after
it arrived (the demo); `take_card()` takes it at once (tests, the demo panel).

Control API: load(slot), slot_map(), take_card(), set_fault(name, count=None), clear_fault(),
clear_jam() (a technician opens the module), power_cycle(), unplug(), replug(); `bin_count`.
Faults: see FAULTS."""

from __future__ import annotations

import logging
import threading
from typing import Any

from devices.card_dispenser import protocol as p
from devices.card_dispenser.driver import SerialCardDispenser
from devices.pty_link import PtyLink
from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure

log = logging.getLogger("devices.card_dispenser.sim")

FAULTS = {
    "jam": "the next card dispensed jams on its way out (slot emptied, no card at the mouth)",
    "slot_empty": "the next slot asked for turns out to hold no card",
    "not_taken": "the citizen does not take the card from the mouth",
    "bin_full": "the retain bin reports full",
    "silence": "the module does not answer at all",
    "nak": "the module refuses frames with NAK (a damaged line)",
}
VERSION = b"315"


class DispenserModule:
    def __init__(self, slots: list[bool], *, bin_capacity: int = 50, motion_s: float = 0.3,
                 take_after_s: float | None = None) -> None:
        self._slots = list(slots)
        self.bin_capacity = bin_capacity
        self.bin_count = 0
        self.motion_s = motion_s
        self.take_after_s = take_after_s
        self._lock = threading.RLock()
        self._asm = p.FrameAssembler()
        self._pty = PtyLink("dispenser0", self._on_bytes)
        self.link = self._pty.link
        self._pending: bytes | None = None  # ACKed frame text waiting for ENQ
        self._sticky: set[str] = set()      # taken, called_back, jammed, dispense_failed, hopper_empty
        self._moving: str | None = None     # "dispensing" / "calling_back"
        self._at_mouth = False
        self._fault: str | None = None
        self._fault_count: int | None = None
        self.commands_seen: list[bytes] = []  # executed command texts (tests read them)

    # -- control API ---------------------------------------------------------------------------
    def load(self, slot: int) -> None:
        with self._lock:
            self._slots[slot - 1] = True

    def slot_map(self) -> list[bool]:
        with self._lock:
            return list(self._slots)

    @property
    def card_at_mouth(self) -> bool:
        with self._lock:
            return self._at_mouth

    def take_card(self) -> bool:
        with self._lock:
            if not self._at_mouth or self._moving:
                return False
            self._at_mouth = False
            self._sticky.add("taken")
            log.debug("sim dispenser: card taken from the mouth")
            return True

    def set_fault(self, name: str, count: int | None = None) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown card dispenser fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._fault, self._fault_count = name, count

    def clear_fault(self) -> None:
        with self._lock:
            self._fault, self._fault_count = None, None

    def clear_jam(self) -> None:
        """A technician opens the module and takes the jammed card out."""
        with self._lock:
            self._sticky.discard("jammed")

    def power_cycle(self) -> None:
        """Power lost and back: a card at the mouth or jammed is called back into the bin on
        power-on (QU-CD-720M manual §3.3.1), the flags start clear."""
        with self._lock:
            if self._at_mouth or "jammed" in self._sticky or self._moving == "dispensing":
                self.bin_count += 1
            self._at_mouth = False
            self._moving = None
            self._pending = None
            self._sticky.clear()

    def _fault_now(self, name: str) -> bool:
        with self._lock:
            if self._fault != name:
                return False
            if self._fault_count is not None:
                self._fault_count -= 1
                if self._fault_count <= 0:
                    self._fault, self._fault_count = None, None
            return True

    def start(self) -> None:
        self._asm.reset()
        self._pty.start()

    def unplug(self) -> None:
        self._pty.unplug()

    def replug(self) -> None:
        self.start()

    def shutdown(self) -> None:
        self._pty.shutdown()

    # -- the device ----------------------------------------------------------------------------
    def _on_bytes(self, data: bytes) -> None:
        with self._lock:
            silent = self._fault == "silence"
        if silent:
            return
        for item in self._asm.feed(data):
            if isinstance(item, p.ProtocolError):
                self._pty.write(bytes([p.NAK]))
                continue
            if isinstance(item, int):
                if item == p.ENQ:
                    self._execute()
                continue
            text = p.parse_frame(item)
            known = text[:2] in {p.DISPENSE, p.CAPTURE, p.RESET} | p.ANSWERING
            if not known or self._fault_now("nak"):
                self._pty.write(bytes([p.NAK]))
                continue
            with self._lock:
                self._pending = text
            self._pty.write(bytes([p.ACK]))

    def _execute(self) -> None:
        with self._lock:
            text, self._pending = self._pending, None
        if text is None:
            return
        code = text[:2]
        self.commands_seen.append(text)
        if code == p.DISPENSE:
            self._dispense(int(text[2:4] or b"1"))
        elif code == p.CAPTURE:
            self._capture()
        elif code == p.RESET:
            self.power_cycle()
        elif code in p.ANSWERING:
            if code == p.CLEAR_FLAGS:
                with self._lock:
                    self._sticky -= {"taken", "called_back"}
            self._pty.write(p.frame(self._answer(code)))

    def _flags(self) -> p.Flags:
        with self._lock:
            names = set(self._sticky)
            if self._moving:
                names.add(self._moving)
            if self._at_mouth:
                names.add("at_mouth")
            if self.bin_count >= self.bin_capacity or self._fault == "bin_full":
                names.add("bin_full")
            if not any(self._slots):
                names.add("hopper_empty")
            if not (names & {"jammed", "bin_full", "dispensing", "calling_back", "at_mouth"}):
                names.add("ready")
            return p.Flags(frozenset(names))

    def _answer(self, code: bytes) -> bytes:
        flags = self._flags()
        if code in (p.FLAGS, p.CLEAR_FLAGS):
            return code + flags.to_data()
        if code == p.SLOTS:
            return p.SLOTS + "".join("1" if s else "0" for s in self.slot_map()).encode()
        if code == p.VERSION:
            return p.VERSION + VERSION
        state = next((s for s in p.STATE_PRIORITY if s in flags), "ready")
        digits = next(k for k, v in p.STATE_CODES.items() if v == state)
        return b"SF" + digits

    def _dispense(self, slot: int) -> None:
        with self._lock:
            if self._moving or self._at_mouth or "jammed" in self._sticky:
                return  # "dispense command can not be executed" (manual: status 6)
            self._sticky -= {"dispense_failed", "hopper_empty", "taken", "called_back"}
            if not 1 <= slot <= len(self._slots) or not self._slots[slot - 1] or self._fault_now("slot_empty"):
                self._sticky |= {"dispense_failed", "hopper_empty"}
                if 1 <= slot <= len(self._slots):
                    self._slots[slot - 1] = False
                return
            self._slots[slot - 1] = False
            self._moving = "dispensing"
            jam = self._fault_now("jam")
        threading.Timer(self.motion_s, self._arrive, args=(jam,)).start()

    def _arrive(self, jam: bool) -> None:
        with self._lock:
            if self._moving != "dispensing":
                return  # power was cut while it moved
            self._moving = None
            if jam:
                self._sticky.add("jammed")
                log.debug("sim dispenser: card jammed")
                return
            self._at_mouth = True
            wait = None if self._fault == "not_taken" else self.take_after_s
        if wait is not None:
            threading.Timer(wait, self.take_card).start()

    def _capture(self) -> None:
        with self._lock:
            if not self._at_mouth or self._moving:
                return
            self._moving = "calling_back"
        threading.Timer(self.motion_s, self._captured).start()

    def _captured(self) -> None:
        with self._lock:
            if self._moving != "calling_back":
                return
            self._moving = None
            self._at_mouth = False
            self.bin_count += 1
            self._sticky.add("called_back")


class SimulatedCardDispenser(SerialCardDispenser):
    """The real driver on a pty, with the module simulator on the other end. Options: `slots`
    (8), `loaded` (slot numbers holding a card; default all), `bin_capacity` (50), `motion_s`
    (0.3), `take_after_s` (null: the citizen takes the card only by take_card())."""

    def __init__(self, spec: DeviceSpec) -> None:
        opts: dict[str, Any] = dict(spec.options)
        count = int(opts.get("slots", 8))
        loaded = set(opts.get("loaded", range(1, count + 1)))
        take = opts.get("take_after_s")
        super().__init__(spec)
        self.module = DispenserModule([i + 1 in loaded for i in range(count)],
                                      bin_capacity=int(opts.get("bin_capacity", 50)),
                                      motion_s=float(opts.get("motion_s", 0.3)),
                                      take_after_s=None if take is None else float(take))
        self.module.start()

    def port_path(self) -> str:
        if not self.module.link.exists():
            raise DeviceFailure(DeviceError("no_device", f"{self.module.link} does not exist (unplugged)"))
        return str(self.module.link)

    # control API, delegated to the fake hardware
    def take_card(self) -> bool:
        return self.module.take_card()

    def set_fault(self, name: str, count: int | None = None) -> None:
        self.module.set_fault(name, count)

    def clear_fault(self) -> None:
        self.module.clear_fault()

    def unplug(self) -> None:
        self.module.unplug()

    def replug(self) -> None:
        self.module.replug()

    def shutdown(self) -> None:
        self.close()
        self.module.shutdown()

