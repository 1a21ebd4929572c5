"""Fingerprint-module serial protocol (Synochip AS608 / ZhianTec ZFM-20 / Hangzhou Grow R307
family), pure functions over bytes.

Source: the R307 "Fingerprint Module User Manual" and the ZFM-20 series user manual (§4 "Data
packet format", §5 "Module instruction system"), whose framing the open-source Adafruit
Fingerprint Sensor Library follows (writeStructuredPacket / getStructuredPacket: length = payload
+ 2, checksum = packet identifier + both length bytes + payload, as a 16-bit sum). Every packet:

  EF 01 | address (4 bytes, default FF FF FF FF) | PID (1) | length (2, big-endian) | payload | checksum (2)

  PID 01 command · 02 data (more follows) · 07 acknowledge · 08 end of data
  length    = len(payload) + 2 (the checksum bytes count, the header and address do not)
  checksum  = (PID + length_hi + length_lo + sum(payload)) mod 65536, big-endian

Commands (payload = instruction code + parameters): GenImg 01 (take an image of the finger on the
window), Img2Tz 02 <buffer 1|2> (turn the image into a character file in CharBuffer1/2), RegModel
05 (merge CharBuffer1 and 2 into a template, left in both), UpChar 08 <buffer> (the template
follows as data packets of the module's packet size, the last one PID 08), ReadSysPara 0F (16
bytes of system parameters), VfyPwd 13 <password, 4 bytes> (the handshake; default 0).

The acknowledgement's first payload byte is the confirmation code (CONFIRMATION). Datasheet
vector used by the tests: VfyPwd with password 0 is `EF 01 FF FF FF FF 01 00 07 13 00 00 00 00 00 1B`.
UART default 57600 8N1 (baud = 9600 × N, N in ReadSysPara)."""

from __future__ import annotations

from dataclasses import dataclass

HEADER = b"\xef\x01"
DEFAULT_ADDRESS = 0xFFFFFFFF

PID_COMMAND = 0x01
PID_DATA = 0x02
PID_ACK = 0x07
PID_END = 0x08
PIDS = (PID_COMMAND, PID_DATA, PID_ACK, PID_END)

GEN_IMG = 0x01
IMG2TZ = 0x02
REG_MODEL = 0x05
UP_CHAR = 0x08
READ_SYS_PARA = 0x0F
VFY_PWD = 0x13

OK = 0x00
PACKET_ERROR = 0x01
NO_FINGER = 0x02
IMAGE_FAIL = 0x03        # "fail to collect finger" (GenImg): lifted while imaging
TOO_MESSY = 0x06         # "fail to generate character file due to over-disorderly image" (wet)
TOO_FEW_POINTS = 0x07    # "… lackness of character point or over-smallness" (dry, worn)
ENROLL_MISMATCH = 0x0A   # RegModel: "fail to combine the character files" (not the same finger)
UPLOAD_FAIL = 0x0D
NO_PRIMARY_IMAGE = 0x15  # Img2Tz without a valid image
WRONG_PASSWORD = 0x13

CONFIRMATION: dict[int, str] = {
    OK: "ok",
    PACKET_ERROR: "packet_error",
    NO_FINGER: "no_finger",
    IMAGE_FAIL: "image_failed",
    TOO_MESSY: "too_messy",
    TOO_FEW_POINTS: "too_few_points",
    ENROLL_MISMATCH: "mismatch",
    UPLOAD_FAIL: "upload_failed",
    WRONG_PASSWORD: "wrong_password",
    NO_PRIMARY_IMAGE: "no_image",
}

PACKET_SIZES = {0: 32, 1: 64, 2: 128, 3: 256}  # ReadSysPara's packet-size code
TEMPLATE_BYTES = 512  # an AS608 / R307 template (two 256-byte character files merged)
MAX_PAYLOAD = 256 + 2


class ProtocolError(Exception):
    pass


@dataclass(frozen=True)
class Packet:
    pid: int
    payload: bytes
    address: int = DEFAULT_ADDRESS

    def __repr__(self) -> str:  # data packets carry templates: never their bytes in a log
        return f"Packet(pid={self.pid:#04x}, {len(self.payload)} bytes)"


def checksum(pid: int, payload: bytes) -> int:
    length = len(payload) + 2
    return (pid + (length >> 8) + (length & 0xFF) + sum(payload)) & 0xFFFF


def packet(pid: int, payload: bytes, address: int = DEFAULT_ADDRESS) -> bytes:
    length = len(payload) + 2
    return (HEADER + address.to_bytes(4, "big") + bytes([pid]) + length.to_bytes(2, "big") + payload
            + checksum(pid, payload).to_bytes(2, "big"))


def command(instruction: int, params: bytes = b"", address: int = DEFAULT_ADDRESS) -> bytes:
    return packet(PID_COMMAND, bytes([instruction]) + params, address)


def ack(code: int, data: bytes = b"", address: int = DEFAULT_ADDRESS) -> bytes:
    return packet(PID_ACK, bytes([code]) + data, address)


@dataclass(frozen=True)
class SysPara:
    status: int
    system_id: int
    library_size: int
    security_level: int
    address: int
    packet_size: int  # bytes per data packet
    baudrate: int

    @classmethod
    def parse(cls, data: bytes) -> SysPara:
        if len(data) < 16:
            raise ProtocolError("ReadSysPara answer too short")
        word = [int.from_bytes(data[i:i + 2], "big") for i in range(0, 16, 2)]
        return cls(word[0], word[1], word[2], word[3], int.from_bytes(data[8:12], "big"),
                   PACKET_SIZES.get(word[6], 128), 9600 * word[7])

    def to_bytes(self) -> bytes:
        code = next((k for k, v in PACKET_SIZES.items() if v == self.packet_size), 2)
        return b"".join(v.to_bytes(2, "big") for v in (self.status, self.system_id, self.library_size,
                                                       self.security_level)) \
            + self.address.to_bytes(4, "big") + code.to_bytes(2, "big") + (self.baudrate // 9600).to_bytes(2, "big")


class PacketAssembler:
    """Bytes in, whole packets out. Resynchronises on the EF 01 header after noise; a packet whose
    checksum is wrong comes out as a ProtocolError (the caller counts it)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[Packet | ProtocolError]:
        self._buf += data
        out: list[Packet | ProtocolError] = []
        while True:
            start = self._buf.find(HEADER)
            if start < 0:
                keep = 1 if self._buf.endswith(HEADER[:1]) else 0
                self.dropped += len(self._buf) - keep
                del self._buf[: len(self._buf) - keep]
                return out
            if start:
                self.dropped += start
                del self._buf[:start]
            if len(self._buf) < 9:
                return out
            pid = self._buf[6]
            length = int.from_bytes(self._buf[7:9], "big")
            if pid not in PIDS or not 2 <= length <= MAX_PAYLOAD + 2:
                out.append(ProtocolError(f"bad packet head (pid {pid:#04x}, length {length})"))
                del self._buf[:2]
                continue
            if len(self._buf) < 9 + length:
                return out
            payload = bytes(self._buf[9: 9 + length - 2])
            got = int.from_bytes(self._buf[7 + length: 9 + length], "big")
            address = int.from_bytes(self._buf[2:6], "big")
            if got != checksum(pid, payload):
                out.append(ProtocolError("checksum"))
                del self._buf[:2]
                continue
            del self._buf[: 9 + length]
            out.append(Packet(pid, payload, address))

    def reset(self) -> None:
        self._buf[:] = b"\0" * len(self._buf)
        self._buf.clear()
