"""A fake SAM module speaking the real byte protocol on a pseudo-terminal, and the simulated card
reader device (the real SerialCardReader driver talking to it).

Control API (tests, demo, technician): present_card(key), remove_card(), set_fault(name,
count=None), clear_fault(), set_noise(rate, seed), unplug(), replug(). Faults: see FAULTS.

The module keeps the card's state as a real one does: READ needs a SELECT, which needs a FIND,
one read per select (otherwise 0x41 / 0x81). A card still lying in the field is found again by
the next FIND: the resident ID card ignores the Type B HALT, so vendor modules find it again
(Routon's SDK sample has a "continual" mode that re-reads a card left on the reader; reader
builders' notes say the same) — it is the driver that must not deliver it twice."""

from __future__ import annotations

import enum
import logging
import random
import threading
import time
from collections import Counter
from typing import Any

from devices.card_reader import protocol as p
from devices.card_reader.driver import SerialCardReader
from devices.card_reader.identity import Photo
from devices.card_reader.samples import SampleCard, load_samples
from devices.card_reader.wlt import WLT_LEN
from devices.pty_link import PtyLink
from devices.spec import DEMO_DIR, DeviceSpec
from devices.status import DeviceError, DeviceFailure

log = logging.getLogger("devices.card_reader.sim")

FAULTS = {
    "checksum": "answers carry a wrong XOR checksum",
    "split": "answers arrive in small pieces with pauses (must still work)",
    "partial": "answers stop after a few bytes (a damaged line: retried, then 'checksum')",
    "silence": "the module does not answer at all (timeout; offline after 3 probes in a row)",
    "pulled": "the card leaves the field in the middle of the 1295-byte answer",
    "sam_error": "every command answers SW3=60 (SAM self-test failed)",
    "garbage": "random bytes before every answer (must still work)",
    "moved": "the card moves between find and select: SELECT answers 0x81",
    "read_failed": "the card cannot be read (damaged chip): READ answers 0x41",
}
# faults that only make sense on one command count only that command's answers
_FAULT_TARGET = {"moved": p.SELECT_CARD, "read_failed": p.READ_BASE, "pulled": p.READ_BASE}
NOISE_KINDS = ("lost", "corrupt", "cut")  # what line noise does to an answer, picked evenly
_WLT_MAGIC = b"SIMWLT\x00"
_SAM_ID = bytes.fromhex("0102000000000000" "0000000000000001")


def fake_wlt(key: str) -> bytes:
    """Stand-in for a real WLT image: our own marker and the sample key, so the simulated
    'vendor library' can return the decoded photo."""
    body = _WLT_MAGIC + key.encode()
    return body + bytes((i * 37) & 0xFF for i in range(WLT_LEN - len(body)))


class SimulatedWltDecoder:
    """The vendor boundary, simulated: maps our fake WLT back to the sample's decoded photo."""

    def __init__(self, cards: dict[str, SampleCard]) -> None:
        self._cards = cards

    def decode(self, wlt: bytes) -> Photo:
        if not wlt.startswith(_WLT_MAGIC):
            return Photo(None, "not a simulator photo (no vendor decoder in demo mode)")
        key = wlt[len(_WLT_MAGIC):].split(b"\x00", 1)[0].decode(errors="replace")
        card = self._cards.get(key)
        if card is None or card.photo is None:
            return Photo(None, f"sample {key!r} has no photo")
        return Photo(card.photo.copy())


class CardState(str, enum.Enum):
    """The card in the field as the module sees it (ISO 14443-B: REQB → ATTRIB → read)."""

    ABSENT = "absent"
    IN_FIELD = "in_field"    # present, not found yet (or already read: needs a new FIND)
    FOUND = "found"          # FIND answered 9F: a SELECT may follow
    SELECTED = "selected"    # SELECT answered 90: one READ may follow


class SamModule:
    """The fake hardware: owns a pty, answers requests on a thread, paces output at the baud rate.
    `rf_read_s`: how long the module reads the card over RF before its READ answer starts (a real
    module needs several hundred ms; 0 by default, as the wire time is what is measured)."""

    def __init__(self, cards: dict[str, SampleCard], baudrate: int = 115200, pace: bool = True,
                 rf_read_s: float = 0.0) -> None:
        self.cards = cards
        self.baudrate = baudrate
        self.pace = pace
        self.rf_read_s = rf_read_s
        self._asm = p.FrameAssembler()
        self._pty = PtyLink("idcard0", self._on_bytes)
        self.link = self._pty.link  # like a udev symlink: stable across re-plugging
        self._lock = threading.Lock()
        self._card: str | None = None
        self._state = CardState.ABSENT
        self._fault: str | None = None
        self._fault_count: int | None = None
        self._fault_on: tuple[int, int] | None = None
        self._noise_rate = 0.0
        self._noise_rng = random.Random(0)
        self.noise_seen: Counter[str] = Counter()  # answers damaged on the wire, by kind
        self.requests_seen = 0
        self._rng = random.Random(7)

    # -- control API ---------------------------------------------------------------------------
    def present_card(self, key: str) -> None:
        if key not in self.cards:
            raise KeyError(f"no sample identity {key!r}; known: {', '.join(self.cards)}")
        with self._lock:
            self._card = key
            self._to(CardState.IN_FIELD)

    def remove_card(self) -> None:
        with self._lock:
            self._card = None
            self._to(CardState.ABSENT)

    def set_noise(self, rate: float, seed: int = 0) -> None:
        """Line noise on the module's answers: each answer, with probability `rate`, is lost,
        has one byte changed, or is cut short (NOISE_KINDS, evenly), after the module has acted
        on the request — the module does not know its answer did not arrive. Seeded: the same
        seed damages the same answers."""
        with self._lock:
            self._noise_rate = rate
            self._noise_rng = random.Random(seed)
            self.noise_seen.clear()

    def set_fault(self, name: str, count: int | None = None, on: tuple[int, int] | None = None) -> None:
        """Inject a fault for the next `count` answers (None: until clear_fault); with `on`
        (a protocol command such as protocol.READ_BASE) only answers to that command."""
        if name not in FAULTS:
            raise ValueError(f"unknown card reader fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._fault, self._fault_count = name, count
            self._fault_on = on if on is not None else _FAULT_TARGET.get(name)

    def clear_fault(self) -> None:
        with self._lock:
            self._fault, self._fault_count, self._fault_on = None, None, None

    def start(self) -> None:
        self._asm.reset()
        self._pty.start()

    def unplug(self) -> None:
        """The USB cable is pulled: the port disappears and the open driver gets I/O errors."""
        self._pty.unplug()

    def replug(self) -> None:
        self.start()

    def shutdown(self) -> None:
        self._pty.shutdown()

    # -- the device ----------------------------------------------------------------------------
    def _to(self, state: CardState) -> None:
        """The one transition of the card state (lock held)."""
        if state is not self._state:
            log.debug("sim card: %s -> %s", self._state.value, state.value)
            self._state = state

    def _take_fault(self, command: tuple[int, int] | None) -> str | None:
        with self._lock:
            fault = self._fault
            if self._fault_on is not None and command != self._fault_on:
                return None
            if fault is not None and self._fault_count is not None:
                self._fault_count -= 1
                if self._fault_count <= 0:
                    self._fault, self._fault_count = None, None
            return fault

    def _on_bytes(self, data: bytes) -> None:
        for frame in self._asm.feed(data):
            if isinstance(frame, p.ProtocolError):
                self._send(p.build_response(0, 0, p.SW3.CHECKSUM), None)
                continue
            self.requests_seen += 1
            request = p.parse_request(frame)
            fault = self._take_fault(request.command)
            if fault == "silence":
                continue
            if fault == "sam_error":
                self._send(p.build_response(0, 0, p.SW3.SAM_SELF_TEST), None)
                continue
            if fault == "moved" and request.command == p.SELECT_CARD:
                with self._lock:
                    self._to(CardState.IN_FIELD)  # out of reach for a moment: the select misses it
            if fault == "read_failed" and request.command == p.READ_BASE:
                self._send(p.build_response(0, 0, p.SW3.READ_FAILED), None)
                continue
            if request.command == p.READ_BASE and self.rf_read_s > 0:
                time.sleep(self.rf_read_s)  # reading the card over RF before answering
            answer = self._answer(request, fault == "pulled")
            arriving = self._noise(answer)
            if not arriving and self.pace:
                time.sleep(len(answer) * 10 / self.baudrate)  # the module still spent the wire time
            self._send(arriving, fault)

    def _noise(self, frame: bytes) -> bytes:
        """The line between module and driver (set_noise): the answer as it arrives."""
        with self._lock:
            if self._noise_rate <= 0 or self._noise_rng.random() >= self._noise_rate:
                return frame
            kind = self._noise_rng.choice(NOISE_KINDS)
            self.noise_seen[kind] += 1
            if kind == "lost":
                return b""
            pos = self._noise_rng.randrange(len(frame))
            if kind == "corrupt":
                return frame[:pos] + bytes([frame[pos] ^ (1 << self._noise_rng.randrange(8))]) + frame[pos + 1:]
            return frame[:pos]  # cut short

    def _answer(self, req: p.Request, pulled: bool) -> bytes:
        with self._lock:
            card = self.cards.get(self._card) if self._card else None
            if req.command == p.SAM_STATUS:
                return p.build_response(0, 0, p.SW3.OK)
            if req.command == p.READ_SAM_ID:
                return p.build_response(0, 0, p.SW3.OK, _SAM_ID)
            if req.command == p.FIND_CARD:
                if card is None:
                    return p.build_response(0, 0, p.SW3.FIND_FAILED)
                self._to(CardState.FOUND)  # a card left in the field is found again (see the module doc)
                return p.build_response(0, 0, p.SW3.CARD_FOUND, b"\x00" * 4)
            if req.command == p.SELECT_CARD:
                if card is None or self._state is not CardState.FOUND:
                    return p.build_response(0, 0, p.SW3.SELECT_FAILED)
                self._to(CardState.SELECTED)
                return p.build_response(0, 0, p.SW3.OK, b"\x00" * 8)
            if req.command == p.READ_BASE:
                if card is None or self._state is not CardState.SELECTED:
                    return p.build_response(0, 0, p.SW3.READ_FAILED)  # no FIND/SELECT before: 0x41
                self._to(CardState.IN_FIELD)  # one read per select
                data = (len(card.text_block).to_bytes(2, "big") + WLT_LEN.to_bytes(2, "big")
                        + card.text_block + fake_wlt(card.key))
                if pulled:
                    self._card = None  # the citizen took the card away mid-answer
                    self._to(CardState.ABSENT)
                return p.build_response(0, 0, p.SW3.OK, data)
            return p.build_response(0, 0, p.SW3.COMMAND)

    def _send(self, frame: bytes, fault: str | None) -> None:
        if fault == "checksum":
            frame = frame[:-1] + bytes([frame[-1] ^ 0x5A])
        elif fault == "partial":
            frame = frame[:9]
        elif fault == "pulled" and len(frame) > 600:
            frame = frame[:600]
        elif fault == "garbage":
            frame = bytes(self._rng.randrange(256) for _ in range(40)) + b"\xaa\xaa" + frame
        chunk = 16 if fault == "split" else 256
        started = time.monotonic()
        sent = 0
        for i in range(0, len(frame), chunk):
            piece = frame[i:i + chunk]
            if not self._pty.write(piece):
                return
            sent += len(piece)
            if fault == "split":
                time.sleep(0.01)
            elif self.pace:  # 8N1: 10 bit times per byte
                delay = started + sent * 10 / self.baudrate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)


class SimulatedCardReader(SerialCardReader):
    """The real driver on a pty, with the SAM simulator on the other end."""

    def __init__(self, spec: DeviceSpec) -> None:
        opts: dict[str, Any] = dict(spec.options)
        cards = load_samples(opts.get("identities", DEMO_DIR / "identities.json"))
        super().__init__(spec, photo_decoder=SimulatedWltDecoder(cards))
        self.sam = SamModule(cards, self.baudrate, pace=bool(opts.get("pace", True)),
                             rf_read_s=float(opts.get("rf_read_s", 0.0)))
        self.sam.start()

    def port_path(self) -> str:
        if not self.sam.link.exists():
            raise DeviceFailure(DeviceError("no_device", f"{self.sam.link} does not exist (unplugged)"))
        return str(self.sam.link)

    # control API, delegated to the fake hardware
    def sample_keys(self) -> list[str]:
        return list(self.sam.cards)

    def present_card(self, key: str) -> None:
        self.sam.present_card(key)

    def remove_card(self) -> None:
        self.sam.remove_card()

    def set_fault(self, name: str, count: int | None = None, on: tuple[int, int] | None = None) -> None:
        self.sam.set_fault(name, count, on)

    def clear_fault(self) -> None:
        self.sam.clear_fault()

    def set_noise(self, rate: float, seed: int = 0) -> None:
        self.sam.set_noise(rate, seed)

    def unplug(self) -> None:
        self.sam.unplug()

    def replug(self) -> None:
        self.sam.replug()

    def shutdown(self) -> None:
        self.close()
        self.sam.shutdown()
