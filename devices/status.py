"""One status vocabulary for every device (after XFS4IoT / UnifiedPOS / CUSS, see
shared/reference/devices.md §5): availability, media state, last error with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Availability(str, Enum):
    ONLINE = "online"
    OFFLINE = "offline"  # was there, does not answer (cable, power, transport error)
    NO_DEVICE = "no_device"  # never found / port missing
    HARDWARE_ERROR = "hardware_error"  # answers, but reports it cannot work
    BUSY = "busy"


class MediaState(str, Enum):
    OK = "ok"
    LOW = "low"
    EMPTY = "empty"
    JAMMED = "jammed"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class DeviceError:
    """`code` is a stable identifier the kiosk translates for citizens ("paper_empty",
    "cover_open", "timeout", "not_connected", "checksum", "sam_error" …); `reason` is English for
    technicians; `detail` is the vendor detail (status bytes, SW codes)."""

    code: str
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


class DeviceFailure(Exception):
    """Raised by device operations; carries the DeviceError the kiosk shows."""

    def __init__(self, error: DeviceError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class DeviceStatus:
    availability: Availability
    media: MediaState = MediaState.NOT_APPLICABLE
    last_error: DeviceError | None = None
    info: Mapping[str, str] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        """Can a service that needs this device start now?"""
        return self.availability in (Availability.ONLINE, Availability.BUSY) and self.media not in (
            MediaState.EMPTY,
            MediaState.JAMMED,
        )

    def summary(self) -> str:
        parts = [self.availability.value]
        if self.media is not MediaState.NOT_APPLICABLE:
            parts.append(f"media={self.media.value}")
        if self.last_error is not None:
            parts.append(str(self.last_error))
        return ", ".join(parts)


def online(media: MediaState = MediaState.NOT_APPLICABLE, **info: str) -> DeviceStatus:
    return DeviceStatus(Availability.ONLINE, media, None, info)


def failed(availability: Availability, code: str, reason: str, detail: str = "",
           media: MediaState = MediaState.NOT_APPLICABLE) -> DeviceStatus:
    return DeviceStatus(availability, media, DeviceError(code, reason, detail))


NOT_OPEN = failed(Availability.OFFLINE, "not_connected", "device not opened yet")
