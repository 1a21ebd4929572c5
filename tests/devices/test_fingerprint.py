"""The real SerialFingerprintModule driver over pseudo-terminals.

Part 1: the driver's frames checked against bytes written by hand from the R307 / ZFM-20 user
manual (§4 packet format: EF 01, address FF FF FF FF, PID, length = payload + 2, checksum = 16-bit
sum of PID, length and payload), and the test itself playing the module with its own bytes.

Part 2: the driver against the full simulator: what a citizen and a technician would notice
(no finger, a wet or dry finger, a finger lifted, a citizen with no readable fingerprints, the
module unplugged)."""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from collections.abc import Iterator

import pytest

from devices.fingerprint import protocol as product
from devices.fingerprint.driver import SerialFingerprintModule
from devices.fingerprint.simulator import SimulatedFingerprintModule
from devices.registry import build_device
from devices.spec import DeviceKind, DeviceSpec, demo_specs
from devices.status import Availability, DeviceFailure

# -- hand-written from the manual (the "VfyPwd" example is the datasheet's own) ----------------
VFY_PWD_0 = bytes.fromhex("EF01 FFFFFFFF 01 0007 13 00000000 001B")
GEN_IMG = bytes.fromhex("EF01 FFFFFFFF 01 0003 01 0005")
IMG2TZ_1 = bytes.fromhex("EF01 FFFFFFFF 01 0004 02 01 0008")
IMG2TZ_2 = bytes.fromhex("EF01 FFFFFFFF 01 0004 02 02 0009")
REG_MODEL = bytes.fromhex("EF01 FFFFFFFF 01 0003 05 0009")
UP_CHAR_1 = bytes.fromhex("EF01 FFFFFFFF 01 0004 08 01 000E")
READ_SYS_PARA = bytes.fromhex("EF01 FFFFFFFF 01 0003 0F 0013")
ACK_OK = bytes.fromhex("EF01 FFFFFFFF 07 0003 00 000A")
ACK_NO_FINGER = bytes.fromhex("EF01 FFFFFFFF 07 0003 02 000C")
ACK_TOO_MESSY = bytes.fromhex("EF01 FFFFFFFF 07 0003 06 0010")
# ReadSysPara answer: status 0, system id 0, library 300 (012C), security 3, address FFFFFFFF,
# packet size code 2 (128 bytes), N = 6 (57600 baud); checksum 07+00+13+00+012C+03+FF*4+02+06
SYS_PARA = bytes.fromhex("EF01 FFFFFFFF 07 0013 00 0000 0000 012C 0003 FFFFFFFF 0002 0006")


def with_sum(frame: bytes) -> bytes:
    return frame + (sum(frame[6:]) & 0xFFFF).to_bytes(2, "big")


def test_command_frames_are_the_manuals_bytes() -> None:
    assert product.command(product.VFY_PWD, b"\0\0\0\0") == VFY_PWD_0
    assert product.command(product.GEN_IMG) == GEN_IMG
    assert product.command(product.IMG2TZ, b"\x01") == IMG2TZ_1
    assert product.command(product.IMG2TZ, b"\x02") == IMG2TZ_2
    assert product.command(product.REG_MODEL) == REG_MODEL
    assert product.command(product.UP_CHAR, b"\x01") == UP_CHAR_1
    assert product.command(product.READ_SYS_PARA) == READ_SYS_PARA
    assert product.ack(0x00) == ACK_OK
    assert product.ack(0x02) == ACK_NO_FINGER


class HandModule:
    """The test plays the module: answers each expected command with hand-written bytes and
    records what the driver sent."""

    def __init__(self, answers: dict[bytes, list[bytes]]) -> None:
        self.answers = answers
        self.received = bytearray()
        master, slave = os.openpty()
        tty.setraw(slave)
        self.master, self.slave = master, slave
        self.port = os.ttyname(slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        pending = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            data = os.read(self.master, 4096)
            self.received += data
            pending += data
            for request, replies in self.answers.items():
                if pending.endswith(request) and replies:
                    os.write(self.master, replies.pop(0) if len(replies) > 1 else replies[0])
                    pending.clear()
                    break

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1)
        os.close(self.master)
        os.close(self.slave)


def test_driver_handshake_and_capture_speak_the_manuals_bytes() -> None:
    module = HandModule({
        VFY_PWD_0: [ACK_OK], READ_SYS_PARA: [with_sum(SYS_PARA)],
        GEN_IMG: [ACK_NO_FINGER, ACK_OK], IMG2TZ_1: [ACK_TOO_MESSY],
    })
    driver = SerialFingerprintModule(DeviceSpec("fp", DeviceKind.FINGERPRINT, "as608_serial", port=module.port,
                                                options={"poll_s": 0.01}))
    try:
        driver.open()
        assert driver.params is not None
        assert (driver.params.packet_size, driver.params.baudrate, driver.params.library_size) == (128, 57600, 300)
        # first GenImg: no finger; the driver polls again; then the image is too messy (a wet finger)
        assert driver.capture(1, timeout_s=2.0) == "too_messy"
        sent = bytes(module.received)
        assert sent.startswith(VFY_PWD_0 + READ_SYS_PARA)
        assert sent[len(VFY_PWD_0 + READ_SYS_PARA):] == GEN_IMG + GEN_IMG + IMG2TZ_1
    finally:
        driver.close()
        module.close()


def test_template_upload_reassembles_data_packets_from_the_module() -> None:
    first = bytes(range(128))
    last = bytes(range(128, 256))
    data = with_sum(bytes.fromhex("EF01 FFFFFFFF 02 0082") + first)
    end = with_sum(bytes.fromhex("EF01 FFFFFFFF 08 0082") + last)
    module = HandModule({VFY_PWD_0: [ACK_OK], READ_SYS_PARA: [with_sum(SYS_PARA)], UP_CHAR_1: [ACK_OK + data + end]})
    driver = SerialFingerprintModule(DeviceSpec("fp", DeviceKind.FINGERPRINT, "as608_serial", port=module.port))
    try:
        driver.open()
        assert bytes(driver.upload(1)) == first + last
    finally:
        driver.close()
        module.close()


def test_a_module_refusing_the_password_is_not_opened() -> None:
    refused = with_sum(bytes.fromhex("EF01 FFFFFFFF 07 0003 13"))
    module = HandModule({VFY_PWD_0: [refused]})
    driver = SerialFingerprintModule(DeviceSpec("fp", DeviceKind.FINGERPRINT, "as608_serial", port=module.port))
    try:
        with pytest.raises(DeviceFailure) as failed:
            driver.open()
        assert failed.value.error.code == "fingerprint_error"
    finally:
        driver.close()
        module.close()


# -- Part 2: the full simulator ---------------------------------------------------------------
@pytest.fixture
def sim() -> Iterator[SimulatedFingerprintModule]:
    device = build_device(DeviceSpec("fingerprint", DeviceKind.FINGERPRINT, "simulator", options={"poll_s": 0.02}))
    assert isinstance(device, SimulatedFingerprintModule)
    device.open()
    yield device
    device.shutdown()


def enroll(device: SimulatedFingerprintModule, finger: str) -> bytearray:
    device.place_finger(finger)
    assert device.capture(1, 2.0) == "ok"
    device.lift_finger()
    assert device.wait_lifted(1.0)
    device.place_finger(finger)
    assert device.capture(2, 2.0) == "ok"
    assert device.merge() == "ok"
    return device.upload(1)


def test_two_impressions_of_one_finger_give_a_512_byte_template(sim: SimulatedFingerprintModule) -> None:
    right = enroll(sim, "right_index")
    left = enroll(sim, "left_index")
    assert len(right) == len(left) == product.TEMPLATE_BYTES
    assert right != left
    assert sim.check_health().availability is Availability.ONLINE


def test_different_fingers_do_not_merge(sim: SimulatedFingerprintModule) -> None:
    sim.place_finger("right_index")
    assert sim.capture(1, 2.0) == "ok"
    sim.place_finger("right_middle")
    assert sim.capture(2, 2.0) == "ok"
    assert sim.merge() == "mismatch"


def test_no_finger_in_time(sim: SimulatedFingerprintModule) -> None:
    started = time.monotonic()
    assert sim.capture(1, 0.3) == "no_finger"
    assert 0.3 <= time.monotonic() - started < 2.0


@pytest.mark.parametrize(("fault", "outcome"), [("wet", "too_messy"), ("dry", "too_few_points"),
                                                ("lifted", "image_failed"),
                                                ("no_fingerprints", "too_few_points")])
def test_finger_faults_are_named(sim: SimulatedFingerprintModule, fault: str, outcome: str) -> None:
    sim.set_fault(fault, count=None if fault == "no_fingerprints" else 1)
    sim.place_finger("right_index")
    assert sim.capture(1, 1.0) == outcome
    if fault == "no_fingerprints":
        assert sim.capture(1, 1.0) == outcome  # never readable, however often
    else:  # a dried or re-placed finger reads
        sim.place_finger("right_index")
        assert sim.capture(1, 1.0) == "ok"


def test_line_noise_is_retried_and_counted(sim: SimulatedFingerprintModule) -> None:
    sim.set_fault("noise", count=1)
    assert sim.read_params().packet_size == 128
    assert sim.counters["line_errors"] == 1


def test_unplugged_module_goes_offline_and_comes_back(sim: SimulatedFingerprintModule) -> None:
    sim.unplug()
    status = sim.check_health()
    assert status.availability is Availability.OFFLINE
    with pytest.raises(DeviceFailure):
        sim.open()
    sim.replug()
    sim.open()
    assert sim.check_health().availability is Availability.ONLINE


def test_silent_module_is_offline(sim: SimulatedFingerprintModule) -> None:
    sim.set_fault("silence")
    assert sim.check_health().availability is Availability.OFFLINE


def test_demo_configuration_has_a_fingerprint_module_with_a_cooperative_citizen() -> None:
    spec = next(s for s in demo_specs() if s.kind is DeviceKind.FINGERPRINT)
    device = build_device(spec)
    assert isinstance(device, SimulatedFingerprintModule)
    try:
        device.open()
        assert device.capture(1, 3.0) == "ok"  # the citizen put a finger down when asked
        assert device.wait_lifted(3.0)         # and lifted it after the read
        assert device.capture(2, 3.0) == "ok"
        assert device.merge() == "ok"
        assert len(device.upload()) == product.TEMPLATE_BYTES
    finally:
        device.shutdown()
