"""What the shell needs from the rest of the kiosk (a bag of callables, built in app/gui.py and passed
in). A leaf module: the screens read it through ui/host.py without importing ui/shell.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from kiosk.catalog import Catalog, Item
from kiosk.config import Settings
from kiosk.fees import Quote
from kiosk.hardware import Hardware
from kiosk.identity import Centre, shared_pipeline
from kiosk.payments.service import Payments
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.workflow import Submitter

if TYPE_CHECKING:
    from kiosk.face.pipeline import FacePipeline


class PaymentDesk(Protocol):
    """What the pay and submit steps use (kiosk/core.py's `KioskCore` provides it): the payment
    orchestration — None when this kiosk has no payment journal — and the ways to pay that work
    right now ("card" / "code" / "qr"). No default: a kiosk that forgot to wire payments must
    fail at start, not silently offer no way to pay."""

    payments: Payments | None

    def payment_methods(self) -> list[str]: ...


class Services:
    """What the shell needs from the rest of the kiosk, built in app/gui.py and passed in."""

    def __init__(
        self,
        settings: Settings,
        catalog: Catalog,
        submitter: Submitter | None,
        server: Callable[[], ServerClient | None],
        payment_desk: PaymentDesk,
        paused_notices: Callable[[str], list[str]] = lambda lang: [],
        unusable_devices: Callable[[], set[str]] = set,
        call_staff: Callable[[str, str], bool] = lambda screen, language: False,
        print_notice: Callable[[Item, str], bool] | None = None,
        print_receipt: Callable[[Session, list[Item]], bool] = lambda session, items: False,
        take_catalog: Callable[[], Catalog | None] = lambda: None,
        take_settings: Callable[[], Settings | None] = lambda: None,
        hardware: Hardware | None = None,
        face_pipeline: Callable[[], FacePipeline] = shared_pipeline,
        centre: Centre | None = None,
        print_voucher: Callable[[Session, list[Item], Quote], bool] = lambda session, items, fee_quote: False,
    ) -> None:
        self.settings = settings
        self.catalog = catalog
        self.submitter = submitter
        self.paused_notices = paused_notices
        self.unusable_devices = unusable_devices
        self.call_staff = call_staff
        self.server = server  # the central server's client, None while offline
        self.print_notice = print_notice
        self.print_receipt = print_receipt  # blocking (printer I/O): call through shell.background
        self.take_catalog = take_catalog  # a newer catalog from the centre, or None
        self.take_settings = take_settings  # remotely changed settings (session limits), or None
        self.hardware = hardware  # card reader and camera for the identify and photo steps
        self.face_pipeline = face_pipeline  # built on first use: loading the face models is slow
        self.centre = centre  # identify sessions at the central server; None: chip photo only
        self.payment_desk = payment_desk
        self.print_voucher = print_voucher  # blocking, like print_receipt

    @property
    def payments(self) -> Payments | None:
        """Blocking payment calls (kiosk/payments): through shell.background."""
        return self.payment_desk.payments

    def payment_methods(self) -> list[str]:
        return self.payment_desk.payment_methods()
