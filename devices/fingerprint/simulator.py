"""A fake AS608 / R307 fingerprint module speaking the protocol (protocol.py) on a pseudo-terminal,
and the simulated device (the real SerialFingerprintModule driver talking to it).

State: the finger on the window (which finger, and how it reads: good, wet, dry, or a citizen
with no readable ridges), the last image, CharBuffer1/2 (whose finger each holds) and the merged
template. GenImg answers "no finger" while the window is empty; Img2Tz fails on a wet (0x06) or
dry (0x07) finger; RegModel fails (0x0A) when the two buffers hold different fingers; UpChar sends
the 512-byte template in packets of the packet size, the last one PID 08.

The citizen in front of it: with `auto_s` set (the demo, end-to-end tests) a cooperative citizen
puts a finger down `auto_s` after the kiosk starts looking, lifts it `auto_s` after it was read,
and moves on to the next finger after a merge. Otherwise tests call `place_finger()` /
`lift_finger()`. Templates are made from a seed and the finger's name (the same finger gives
the same template), never from anything real.

Control API: place_finger(finger="right_index", quality="good"), lift_finger(), set_fault(name,
count=None), clear_fault(), unplug(), replug(); `commands_seen`. Faults: see FAULTS."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from typing import Any

from devices.fingerprint import protocol as p
from devices.fingerprint.driver import SerialFingerprintModule
from devices.pty_link import PtyLink
from devices.spec import DeviceSpec
from devices.status import DeviceError, DeviceFailure

log = logging.getLogger("devices.fingerprint.sim")

QUALITIES = ("good", "wet", "dry", "unreadable")
FAULTS = {
    "wet": "the finger is wet: images are smeared (Img2Tz 0x06, too messy)",
    "dry": "the finger is dry: too few ridge points (Img2Tz 0x07)",
    "lifted": "the finger is lifted while imaging (GenImg 0x03)",
    "no_fingerprints": "a citizen whose fingerprints cannot be read (worn or missing fingers): every Img2Tz 0x07",
    "silence": "the module does not answer at all",
    "noise": "every answer arrives with a damaged checksum",
}
AUTO_FINGERS = ("right_index", "left_index", "right_thumb", "left_thumb")


class FingerprintModule:
    def __init__(self, *, packet_size: int = 128, baudrate: int = 57600, password: int = 0,
                 image_s: float = 0.05, auto_s: float | None = None, seed: str = "demo") -> None:
        self.params = p.SysPara(0, 0, 300, 3, p.DEFAULT_ADDRESS, packet_size, baudrate)
        self.password = password
        self.image_s = image_s
        self.auto_s = auto_s
        self.seed = seed
        self._lock = threading.RLock()
        self._asm = p.PacketAssembler()
        self._pty = PtyLink("fingerprint0", self._on_bytes)
        self.link = self._pty.link
        self._finger: tuple[str, str] | None = None  # (finger, quality) on the window
        self._image: tuple[str, str] | None = None
        self._buffers: dict[int, str | None] = {1: None, 2: None}  # which finger each char file is
        self._template: bytearray | None = None
        self._fault: str | None = None
        self._fault_count: int | None = None
        self._auto_index = 0
        self._auto_timer: threading.Timer | None = None
        self.commands_seen: list[int] = []

    # -- control API ---------------------------------------------------------------------------
    def place_finger(self, finger: str = "right_index", quality: str = "good") -> None:
        if quality not in QUALITIES:
            raise ValueError(f"unknown finger quality {quality!r}; known: {', '.join(QUALITIES)}")
        with self._lock:
            self._finger = (finger, quality)

    def lift_finger(self) -> None:
        with self._lock:
            self._finger = None

    @property
    def finger_on_window(self) -> bool:
        with self._lock:
            return self._finger is not None

    def set_fault(self, name: str, count: int | None = None) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown fingerprint fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._fault, self._fault_count = name, count

    def clear_fault(self) -> None:
        with self._lock:
            self._fault, self._fault_count = None, None

    def _fault_now(self, *names: str) -> str | None:
        with self._lock:
            if self._fault not in names:
                return None
            fault = self._fault
            if self._fault_count is not None:
                self._fault_count -= 1
                if self._fault_count <= 0:
                    self._fault, self._fault_count = None, None
            return fault

    def start(self) -> None:
        self._asm.reset()
        self._pty.start()

    def unplug(self) -> None:
        self._pty.unplug()

    def replug(self) -> None:
        self.start()

    def shutdown(self) -> None:
        if self._auto_timer is not None:
            self._auto_timer.cancel()
        self._wipe()
        self._pty.shutdown()

    def _wipe(self) -> None:
        with self._lock:
            if self._template is not None:
                self._template[:] = b"\0" * len(self._template)
            self._template = None
            self._buffers = {1: None, 2: None}
            self._image = None

    # -- the citizen (auto mode) ---------------------------------------------------------------
    def _later(self, action: Any) -> None:
        if self.auto_s is None:
            return
        with self._lock:
            if self._auto_timer is not None and self._auto_timer.is_alive():
                return
            self._auto_timer = threading.Timer(self.auto_s, action)
            self._auto_timer.daemon = True
            self._auto_timer.start()

    def _auto_place(self) -> None:
        with self._lock:
            self._auto_timer = None
            if self._finger is None:
                self._finger = (AUTO_FINGERS[self._auto_index % len(AUTO_FINGERS)], "good")

    def _auto_lift(self) -> None:
        with self._lock:
            self._auto_timer = None
            self._finger = None

    # -- the device ----------------------------------------------------------------------------
    def _char_file(self, finger: str) -> bytes:
        out = b""
        counter = 0
        while len(out) < p.TEMPLATE_BYTES // 2:
            out += hashlib.sha256(f"{self.seed}:{finger}:{counter}".encode()).digest()
            counter += 1
        return out[: p.TEMPLATE_BYTES // 2]

    def _on_bytes(self, data: bytes) -> None:
        if self._fault == "silence":
            return
        for item in self._asm.feed(data):
            if isinstance(item, p.ProtocolError):
                self._send(p.ack(p.PACKET_ERROR))
                continue
            if item.pid != p.PID_COMMAND or not item.payload:
                continue
            self._execute(item.payload[0], item.payload[1:])

    def _send(self, data: bytes) -> None:
        if self._fault_now("noise"):
            data = data[:-1] + bytes([data[-1] ^ 0xFF])
        self._pty.write(data)

    def _execute(self, instruction: int, params: bytes) -> None:
        self.commands_seen.append(instruction)
        if instruction == p.VFY_PWD:
            ok = len(params) == 4 and int.from_bytes(params, "big") == self.password
            self._send(p.ack(p.OK if ok else p.WRONG_PASSWORD))
        elif instruction == p.READ_SYS_PARA:
            self._send(p.ack(p.OK, self.params.to_bytes()))
        elif instruction == p.GEN_IMG:
            self._send(p.ack(self._gen_img()))
        elif instruction == p.IMG2TZ:
            self._send(p.ack(self._img2tz(params[0] if params else 0)))
        elif instruction == p.REG_MODEL:
            self._send(p.ack(self._reg_model()))
        elif instruction == p.UP_CHAR:
            self._up_char(params[0] if params else 0)
        else:
            self._send(p.ack(p.PACKET_ERROR))

    def _gen_img(self) -> int:
        with self._lock:
            finger = self._finger
        if finger is None:
            self._later(self._auto_place)
            return p.NO_FINGER
        time.sleep(self.image_s)  # imaging
        if self._fault_now("lifted"):
            with self._lock:
                self._finger = None
            return p.IMAGE_FAIL
        with self._lock:
            self._image = finger
        return p.OK

    def _img2tz(self, buffer: int) -> int:
        with self._lock:
            image, self._image = self._image, None
        if buffer not in (1, 2) or image is None:
            return p.NO_PRIMARY_IMAGE
        finger, quality = image
        fault = self._fault_now("wet", "dry") if self._fault != "no_fingerprints" else "no_fingerprints"
        if fault == "wet" or quality == "wet":
            return p.TOO_MESSY
        if fault in ("dry", "no_fingerprints") or quality in ("dry", "unreadable"):
            return p.TOO_FEW_POINTS
        with self._lock:
            self._buffers[buffer] = finger
        self._later(self._auto_lift)
        return p.OK

    def _reg_model(self) -> int:
        with self._lock:
            one, two = self._buffers[1], self._buffers[2]
            if one is None or two is None or one != two:
                return p.ENROLL_MISMATCH
            if self._template is not None:
                self._template[:] = b"\0" * len(self._template)
            char = self._char_file(one)
            self._template = bytearray(char + char[::-1])
            self._auto_index += 1
        return p.OK

    def _up_char(self, buffer: int) -> None:
        with self._lock:
            template = bytes(self._template) if self._template is not None and buffer in (1, 2) else None
        if template is None:
            self._send(p.ack(p.UPLOAD_FAIL))
            return
        self._send(p.ack(p.OK))
        size = self.params.packet_size
        for start in range(0, len(template), size):
            last = start + size >= len(template)
            self._send(p.packet(p.PID_END if last else p.PID_DATA, template[start:start + size]))


class SimulatedFingerprintModule(SerialFingerprintModule):
    """The real driver on a pty, with the module simulator on the other end. Options:
    `packet_size` (128), `image_s` (0.05), `auto_s` (null: fingers only by place_finger()),
    `seed` (the simulated citizen's fingers)."""

    def __init__(self, spec: DeviceSpec) -> None:
        opts: dict[str, Any] = dict(spec.options)
        super().__init__(spec)
        auto = opts.get("auto_s")
        self.module = FingerprintModule(packet_size=int(opts.get("packet_size", 128)), baudrate=self.baudrate,
                                        password=self.password, image_s=float(opts.get("image_s", 0.05)),
                                        auto_s=None if auto is None else float(auto),
                                        seed=str(opts.get("seed", "demo")))
        self.module.start()

    def port_path(self) -> str:
        if not self.module.link.exists():
            raise DeviceFailure(DeviceError("no_device", f"{self.module.link} does not exist (unplugged)"))
        return str(self.module.link)

    def place_finger(self, finger: str = "right_index", quality: str = "good") -> None:
        self.module.place_finger(finger, quality)

    def lift_finger(self) -> None:
        self.module.lift_finger()

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
