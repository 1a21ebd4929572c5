"""The real SerialCardDispenser driver over pseudo-terminals.

Part 1: the test plays the module itself, with its own frame encoder / decoder written from the
QU-CD-720M/820M manual v3.19 §3.5 (K720 command set): STX C1 C2 ETX BCC, BCC = XOR of STX…ETX;
ACK 06 / NAK 15 / ENQ 05; PB answer "PB" D1 D2 D3, each 0x30 | four flags (D1: bit0 bin full,
bit1 dispense failure, bit2 calling back, bit3 dispensing; D2: bit1 jammed, bit2 called back,
bit3 taken; D3: bit0 ready, bit2 card at the taking place, bit3 hopper empty). The slot
parameter of DC and the SL query are our documented extension (devices/README.md).

Part 2: the driver against the full simulator: faults a technician and a citizen would notice."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from collections.abc import Callable, Iterator

import pytest

from devices.card_dispenser import protocol as product_protocol
from devices.card_dispenser.driver import SerialCardDispenser
from devices.card_dispenser.simulator import SimulatedCardDispenser
from devices.spec import DeviceKind, DeviceSpec
from devices.status import Availability, DeviceFailure, MediaState

# -- the test's own codec, from the manual ----------------------------------------------------
STX, ETX, ENQ, ACK, NAK = 0x02, 0x03, 0x05, 0x06, 0x15


def enc(text: str) -> bytes:
    body = bytes([STX]) + text.encode("ascii") + bytes([ETX])
    check = 0
    for b in body:
        check ^= b
    return body + bytes([check])


def flag_bytes(*, bin_full: bool = False, failure: bool = False, dispensing: bool = False,
               jammed: bool = False, taken: bool = False, ready: bool = False,
               mouth: bool = False, empty: bool = False) -> str:
    d1 = 0x30 | bin_full | failure << 1 | dispensing << 3
    d2 = 0x30 | jammed << 1 | taken << 3
    d3 = 0x30 | ready | mouth << 2 | empty << 3
    return bytes([d1, d2, d3]).decode("ascii")


def test_product_frames_are_the_manuals_examples() -> None:
    # §3.5.2.3 "Command Examples" (the trailing 05 there is the ENQ that follows)
    manual = {
        "DC": "02 44 43 03 06", "CP": "02 43 50 03 12", "RF": "02 52 46 03 15",
        "ST": "02 53 54 03 06", "PB": "02 50 42 03 13", "PC": "02 50 43 03 12", "GV": "02 47 56 03 10",
    }
    for code, hexbytes in manual.items():
        assert enc(code) == bytes.fromhex(hexbytes)
        assert product_protocol.command(code.encode()) == bytes.fromhex(hexbytes)


class ManualModule:
    """A module written from the manual, on a pty: decodes the driver's frames, ACKs them (or
    NAKs the first `nak_first`), executes on ENQ and answers PB / SL with `answer(text)`."""

    def __init__(self, answer: Callable[[str], str | None], nak_first: int = 0) -> None:
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.slave = slave
        self.path = os.ttyname(slave)
        self.answer = answer
        self.nak_left = nak_first
        self.frames: list[str] = []       # every frame the driver sent, decoded
        self.executed: list[str] = []     # frames executed after ENQ
        self.bad_bcc = 0
        self._pending: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                buf += os.read(self.master, 256)
            except OSError:
                return
            while buf:
                if buf[0] == ENQ:
                    del buf[:1]
                    if self._pending is not None:
                        text, self._pending = self._pending, None
                        self.executed.append(text)
                        reply = self.answer(text)
                        if reply is not None:
                            os.write(self.master, enc(reply))
                    continue
                if buf[0] != STX:
                    del buf[:1]
                    continue
                end = buf.find(bytes([ETX]))
                if end < 0 or len(buf) < end + 2:
                    break
                raw = bytes(buf[:end + 2])
                del buf[:end + 2]
                check = 0
                for b in raw[:-1]:
                    check ^= b
                if check != raw[-1]:
                    self.bad_bcc += 1
                    os.write(self.master, bytes([NAK]))
                    continue
                text = raw[1:-2].decode("ascii")
                self.frames.append(text)
                if self.nak_left > 0:
                    self.nak_left -= 1
                    os.write(self.master, bytes([NAK]))
                    continue
                self._pending = text
                os.write(self.master, bytes([ACK]))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        os.close(self.master)
        os.close(self.slave)


def driver_on(path: str) -> SerialCardDispenser:
    d = SerialCardDispenser(DeviceSpec("disp", DeviceKind.CARD_DISPENSER, "k720_serial", path,
                                       {"poll_s": 0.02}))
    d.open()
    return d


def test_dispense_speaks_the_manual_protocol_on_the_wire() -> None:
    moves = iter([flag_bytes(ready=True), flag_bytes(dispensing=True), flag_bytes(mouth=True)])
    last = {"flags": flag_bytes(ready=True)}

    def answer(text: str) -> str | None:
        if text == "PB":
            last["flags"] = next(moves, last["flags"])
            return "PB" + last["flags"]
        return None  # DC answers nothing; the host polls the flags

    module = ManualModule(answer)
    driver = driver_on(module.path)
    try:
        flags = driver.dispense(3)
    finally:
        driver.close()
        module.close()
    assert "at_mouth" in flags
    assert module.bad_bcc == 0
    assert module.executed[:2] == ["PB", "DC03"]  # state checked, then slot 3 dispensed after ENQ
    assert module.executed[-1] == "PB" and len(module.executed) >= 4


def test_a_refused_frame_is_sent_again_and_still_executed_once() -> None:
    module = ManualModule(lambda text: "PB" + flag_bytes(ready=True) if text == "PB" else None, nak_first=1)
    driver = driver_on(module.path)
    try:
        flags = driver.flags()
    finally:
        driver.close()
        module.close()
    assert "ready" in flags
    assert module.frames == ["PB", "PB"] and module.executed == ["PB"]


def test_jam_reported_by_the_module_is_a_jam_for_the_kiosk() -> None:
    moves = iter([flag_bytes(ready=True), flag_bytes(dispensing=True), flag_bytes(jammed=True)])
    module = ManualModule(lambda t: "PB" + next(moves, flag_bytes(jammed=True)) if t == "PB" else None)
    driver = driver_on(module.path)
    try:
        with pytest.raises(DeviceFailure) as err:
            driver.dispense(1)
        assert err.value.error.code == "card_jam"
        assert driver.status.media is MediaState.JAMMED and not driver.status.usable
    finally:
        driver.close()
        module.close()


def test_full_retain_bin_refuses_before_any_motion() -> None:
    module = ManualModule(lambda t: "PB" + flag_bytes(bin_full=True) if t == "PB" else None)
    driver = driver_on(module.path)
    try:
        with pytest.raises(DeviceFailure) as err:
            driver.dispense(2)
    finally:
        driver.close()
        module.close()
    assert err.value.error.code == "bin_full"
    assert not any(f.startswith("DC") for f in module.frames)  # nothing moved


def test_silent_module_is_offline() -> None:
    module = ManualModule(lambda t: None, nak_first=0)
    module._stop.set()  # nobody answers
    driver = driver_on(module.path)
    try:
        status = driver.check_health()
    finally:
        driver.close()
        module.close()
    assert status.availability is Availability.OFFLINE and status.last_error is not None
    assert status.last_error.code == "timeout"


# -- part 2: the full simulator ------------------------------------------------------------------
@pytest.fixture
def dispenser() -> Iterator[SimulatedCardDispenser]:
    d = SimulatedCardDispenser(DeviceSpec("disp", DeviceKind.CARD_DISPENSER, "simulator",
                                          options={"slots": 4, "loaded": [1, 3], "motion_s": 0.05,
                                                   "poll_s": 0.02, "bin_capacity": 2}))
    d.open()
    yield d
    d.shutdown()


def test_card_reaches_the_mouth_and_is_taken(dispenser: SimulatedCardDispenser) -> None:
    assert dispenser.slots() == [True, False, True, False]
    status = dispenser.check_health()
    assert status.usable and status.info["cards"] == "2"
    dispenser.dispense(3)
    assert dispenser.module.card_at_mouth and dispenser.slots() == [True, False, False, False]
    assert dispenser.wait_taken(0.2) is False  # still there
    threading.Timer(0.1, dispenser.take_card).start()
    assert dispenser.wait_taken(2.0) is True
    assert dispenser.module.bin_count == 0


def test_empty_slot_says_so_and_moves_nothing(dispenser: SimulatedCardDispenser) -> None:
    with pytest.raises(DeviceFailure) as err:
        dispenser.dispense(2)
    assert err.value.error.code == "slot_empty"
    assert not dispenser.module.card_at_mouth
    assert dispenser.check_health().usable  # the module itself is fine


def test_card_not_taken_is_retained_into_the_bin(dispenser: SimulatedCardDispenser) -> None:
    dispenser.set_fault("not_taken")
    dispenser.dispense(1)
    started = time.monotonic()
    assert dispenser.wait_taken(0.3) is False
    assert time.monotonic() - started >= 0.3
    dispenser.retain()
    assert not dispenser.module.card_at_mouth and dispenser.module.bin_count == 1


def test_jam_stops_the_dispenser_until_a_technician_clears_it(dispenser: SimulatedCardDispenser) -> None:
    dispenser.set_fault("jam", count=1)
    with pytest.raises(DeviceFailure) as err:
        dispenser.dispense(1)
    assert err.value.error.code == "card_jam"
    status = dispenser.check_health()
    assert status.media is MediaState.JAMMED and not status.usable
    with pytest.raises(DeviceFailure):
        dispenser.dispense(3)  # refused: nothing more comes out of a jammed module
    assert dispenser.slots()[2] is True
    dispenser.module.clear_jam()
    assert dispenser.check_health().usable


def test_unplugged_is_offline_and_comes_back(dispenser: SimulatedCardDispenser) -> None:
    dispenser.unplug()
    with pytest.raises(DeviceFailure) as err:
        dispenser.slots()
    assert err.value.error.code in ("not_connected", "timeout")
    assert dispenser.check_health().availability is Availability.OFFLINE
    dispenser.replug()
    dispenser.open()
    assert dispenser.check_health().usable


def test_power_loss_with_a_card_at_the_mouth_calls_it_back(dispenser: SimulatedCardDispenser) -> None:
    dispenser.set_fault("not_taken")
    dispenser.dispense(1)
    dispenser.module.power_cycle()
    assert not dispenser.module.card_at_mouth and dispenser.module.bin_count == 1
    assert dispenser.slots() == [False, False, True, False]  # the slot does not get its card back
