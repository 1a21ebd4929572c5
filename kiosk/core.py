"""Builds the kiosk's services in one place (no module-level singletons) and hands them to the UI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from devices.spec import DeviceKind
from kiosk.catalog import Catalog, Item, load_catalog
from kiosk.catalog_updates import CatalogUpdates
from kiosk.config import Settings
from kiosk.config_updates import ConfigUpdates
from kiosk.connection import ServerLink
from kiosk.diagnostics.prints import PrintHistory
from kiosk.guide_print import fill_guide
from kiosk.hardware import Hardware, device_specs
from kiosk.helpcall import HelpCallWatch
from kiosk.lang import lang_key
from kiosk.payments.journal import PaymentJournal
from kiosk.payments.service import PayResult, Payments, Timings
from kiosk.logs import setup_logging
from kiosk.fees import Quote
from kiosk.receipts import Place, fill_acceptance, fill_appointment, fill_voucher
from kiosk.session import Session
from kiosk.store.crypto import FieldCipher
from kiosk.store.keys import load_or_create_key
from kiosk.store.outbox import OutboxLimits
from kiosk.store.store import Store, open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import SyncError
from kiosk.version import kiosk_version
from kiosk.workflow import Submitter

if TYPE_CHECKING:
    from devices.payment.terminal import PaymentTerminal

log = logging.getLogger("kiosk.core")


class KioskCore:
    """Settings, catalog, case store, devices and sync for one kiosk process."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None, submitter: Submitter | None = None,
                 log_to_file: bool = True, hardware: Hardware | None = None, start_devices: bool = True) -> None:
        self.settings = settings
        if log_to_file:
            setup_logging(settings.data_dir / "logs", settings.logging.level, settings.logging.max_bytes,
                          settings.logging.backups)
        self.catalog = catalog if catalog is not None else load_catalog(settings.catalog_dir)
        self.store: Store | None = None
        self.journal: PaymentJournal | None = None
        sync = settings.sync
        if submitter is None:
            # Cases are committed to the encrypted outbox before any receipt (kiosk/store).
            key = load_or_create_key(settings.key_file, settings.data_dir)
            limits = OutboxLimits(sync.warn_depth, sync.warn_age_h * 3600, sync.max_depth,
                                  int(sync.reserve_mb * 1_000_000)) if sync else None
            self.store = open_store(settings.data_dir, key, kiosk_id=settings.kiosk_id,
                                    short_id=sync.short_id if sync else None, limits=limits)
            # Payments are journalled in the same database; a case settles its payment in its own
            # transaction (kiosk/payments/journal.py).
            self.journal = PaymentJournal(self.store.db, settings.kiosk_id)
            submitter = OutboxSubmitter(self.store.outbox, self.journal)
            for alert in self.store.alerts():
                log.warning("technician alert %s: %s", alert.kind, alert.message)
        self.submitter = submitter
        # The last printed documents, encrypted, for a technician's reprint (kiosk/diagnostics/prints.py).
        self.print_history: PrintHistory | None = (
            PrintHistory(self.store.db, FieldCipher(key)) if self.store is not None else None)
        # Latest self-test per device {name: {"ok", "at"}} (diagnostics), sent with the heartbeat.
        self.self_tests: dict[str, dict[str, object]] = {}
        self._catalog_listeners: list[Callable[[], None]] = []
        self._help_listeners: list[Callable[[], None]] = []
        self.help_watch: HelpCallWatch | None = None
        self.hardware = hardware if hardware is not None else Hardware(device_specs(settings))
        if self.print_history is not None:
            self.hardware.recorder = self.print_history.record
        if start_devices:
            self.hardware.start()
        # Catalog versions published by the centre, kept in data_dir/catalog (public data).
        alert = self.store.add_alert if self.store else None
        self.catalog_updates = CatalogUpdates(settings.data_dir / "catalog", self.catalog, alert=alert)
        self.config_updates = ConfigUpdates(alert=alert)
        if catalog is None:
            stored = self.catalog_updates.newest_stored()
            if stored is not None:
                log.info("using catalog %s downloaded earlier (shipped: %s)", stored.version, self.catalog.version)
                self.catalog = stored
        pay = settings.payment
        self.payments: Payments | None = None
        if self.journal is not None:
            timings = Timings(first_query_s=pay.first_query_s, user_paying_every_s=pay.user_paying_every_s,
                              user_paying_limit_s=pay.query_limit_s, unknown_limit_s=pay.query_limit_s,
                              qr_wait_s=pay.qr_wait_s, refund_days_card=pay.refund_days_card,
                              refund_days_wallet=pay.refund_days_wallet)
            self.payments = Payments(self.journal, self.payment_terminal, lambda: self.server.client, timings,
                                     alert=self.store.add_alert if self.store else None)
        self.server = ServerLink(self.store, self.device_health,
                                 {"kiosk": kiosk_version(), "catalog": self.catalog.version},
                                 on_heartbeat=self._on_heartbeat, hall_status=self.hall_status)
        if sync is not None:
            self.server.link(sync.server_url, settings.kiosk_id, sync.load_secret(), sync)
        log.info("kiosk %s ready: catalog %s with %d items", settings.kiosk_id, self.catalog.version, len(self.catalog))

    def _on_heartbeat(self, answer: dict[str, object], client: ServerClient) -> None:
        self.catalog_updates.on_heartbeat(answer, client)
        self.config_updates.on_heartbeat(answer, client)
        if self.catalog_updates.has_pending() or self.config_updates.has_pending():
            for callback in list(self._catalog_listeners):
                callback()
        self._settle_interrupted_collection(client)

    def _settle_interrupted_collection(self, client: ServerClient) -> None:
        """A card dispense a power loss interrupted (kiosk/collect.py) is settled with the centre
        at the first heartbeat after the restart, not only when the next citizen collects."""
        from kiosk.collect import journal_in, reconcile

        journal = journal_in(self.settings.data_dir)
        if not journal.path.exists():
            return
        from devices.card_dispenser.driver import SerialCardDispenser

        dispenser = self.hardware.card_dispenser()
        if isinstance(dispenser, SerialCardDispenser):
            reconcile(journal, dispenser, client)  # an unreachable dispenser: tried again next time

    def on_catalog_ready(self, callback: Callable[[], None]) -> None:
        """`callback` runs on the sync thread when a new catalog or configuration waits for an
        idle moment."""
        self._catalog_listeners.append(callback)

    def take_new_catalog(self) -> Catalog | None:
        """The UI calls this when nobody is using the kiosk; the new catalog, if one waits."""
        catalog = self.catalog_updates.take_pending()
        if catalog is not None:
            log.info("switched to catalog %s", catalog.version)
            self.catalog = catalog
            self.server.versions["catalog"] = catalog.version
        return catalog

    def take_new_settings(self) -> Settings | None:
        """The UI calls this when nobody is using the kiosk; new settings, if the centre sent some."""
        settings = self.config_updates.apply_pending(self.settings)
        if settings is not None:
            self.settings = settings
        return settings

    # -- what the UI asks ----------------------------------------------------------------------
    def unusable_devices(self) -> set[str]:
        return {kind.value for kind in self.hardware.unusable_kinds()}

    def paused_notices(self, language: str) -> list[str]:
        return self.hardware.paused_notices(language)

    def has_printer(self) -> bool:
        return any(spec.kind.value == "printer" for spec in self.hardware.specs)

    def print_notice(self, item: Item, language: str) -> bool:
        location = self.settings.location.get(lang_key(language), "")
        return self.hardware.print(lambda r: fill_guide(r, item, language, location, datetime.now()))

    def device_health(self) -> dict[str, dict[str, object]]:
        """For heartbeats: every device's usability and status summary (no personal data)."""
        health: dict[str, dict[str, object]] = {name: {"usable": status.usable, "summary": status.summary()}
                                                 for name, status in self.hardware.statuses().items()}
        for name, test in list(self.self_tests.items()):  # the technician's latest self-test, if any
            if name in health:
                health[name]["self_test"] = dict(test)
        return health

    def print_receipt(self, session: Session, items: list[Item]) -> bool:
        """The acceptance receipt for submitted cases, or the appointment slip for a booking."""
        key = lang_key(session.language)
        place = Place(self.settings.kiosk_id, self.settings.location.get(key, ""), self.settings.counter.get(key, ""))
        if session.bookings:
            return self.hardware.print(lambda r: fill_appointment(r, session, items[0], place))
        return self.hardware.print(lambda r: fill_acceptance(r, session, items, place, datetime.now()))

    def call_staff(self, screen: str = "", language: str = "zh_CN") -> bool:
        """A help call to the hall's operator page. False (the citizen is told to wave to the
        counter) when the server cannot be reached."""
        client = self.server.client
        if client is None:
            log.warning("call staff pressed, but the central server is not linked")
            return False
        try:
            call_id = client.help_call(screen, language)
        except SyncError as exc:
            log.warning("help call failed: %s", exc)
            return False
        log.info("help call %s sent from screen %s", call_id, screen or "-")
        if self.help_watch is not None:
            self.help_watch.stop("a newer call replaces it")
        self.help_watch = HelpCallWatch(call_id, client.help_call_state, self._staff_coming).start()
        return True

    def _staff_coming(self) -> None:
        for callback in list(self._help_listeners):
            callback()

    def on_staff_coming(self, callback: Callable[[], None]) -> None:
        """`callback` runs on the help-call watch thread when staff acknowledge the kiosk's call
        in the console; the UI must hand it to its own thread."""
        self._help_listeners.append(callback)

    def hall_status(self) -> dict[str, object]:
        """For heartbeats: the hall this kiosk stands in and the services paused now because a
        device they need is broken (item codes; the console says them in words)."""
        configured = {spec.kind for spec in self.hardware.specs}
        broken = ({kind.value for kind in self.hardware.unusable_kinds() if kind in configured}
                  if self.hardware.manager is not None else set())
        paused = [item.code[:32] for item in self.catalog.items()
                  if broken & {d.value for d in item.requires_devices}]
        # Within the server's limits (docs/protocol.md, Heartbeat): an over-long hall name must
        # not cost the kiosk its heartbeat.
        hall = {key: text[:100] for key, text in self.settings.location.items() if key in ("zh", "en")}
        return {"hall": hall, "paused": paused[:500]}

    def on_devices_changed(self, callback: Callable[[], None]) -> None:
        """`callback` runs on the device health thread; the UI must hand it to its own thread."""
        self.hardware.add_listener(callback)

    def close(self) -> None:
        log.info("kiosk shutting down")
        if self.help_watch is not None:
            self.help_watch.stop("the kiosk is shutting down")
        if self.payments is not None:
            self.payments.stop()
        self.server.close()
        self.hardware.stop()
        if self.store is not None:
            self.store.close()

    # -- payments -------------------------------------------------------------------------------
    def payment_terminal(self) -> PaymentTerminal | None:
        from devices.payment.terminal import PaymentTerminal  # with the drivers, not at start-up

        manager = self.hardware.manager
        device = manager.first(DeviceKind.PAYMENT_TERMINAL) if manager is not None else None
        return device if isinstance(device, PaymentTerminal) else None

    def payment_methods(self) -> list[str]:
        """The ways to pay that work right now: a method whose device or gateway is down is not offered."""
        if self.payments is None:
            return []
        unusable = self.hardware.unusable_kinds()
        linked = self.server.client is not None
        works = {"card": self.payment_terminal() is not None and DeviceKind.PAYMENT_TERMINAL not in unusable,
                 "code": linked and DeviceKind.SCANNER not in unusable
                 and any(s.kind is DeviceKind.SCANNER for s in self.hardware.specs),
                 "qr": linked}
        return [m for m in self.settings.payment.methods if works[m]]

    def recover_payments(self, active_sessions: frozenset[str] = frozenset()) -> list[PayResult]:
        """At start-up (before the first citizen): finish every payment a crash left half-way."""
        if self.payments is None:
            return []
        return self.payments.recover(active_sessions)

    def print_voucher(self, session: Session, items: list[Item], fee_quote: Quote) -> bool:
        """The payment voucher (缴费凭证) for what this session paid."""
        key = lang_key(session.language)
        place = Place(self.settings.kiosk_id, self.settings.location.get(key, ""), self.settings.counter.get(key, ""))
        return self.hardware.print(lambda r: fill_voucher(r, session, items, fee_quote, place, datetime.now()))
