"""自助取证 without Qt: the real local server (the demo's, in its own process), the real driver on
the simulated dispenser (a pty), the citizen's identity parsed from the sample ID card's bytes.

What a citizen, staff and the centre notice: the card comes out only for its verified holder,
exactly once; a jam calls staff and is recorded; a card not taken goes back into the bin and the
citizen is told where to get it; a power loss mid-dispense neither loses track of the card nor
dispenses it again; with the centre unreachable nothing moves."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session as DbSession

from devices.card_dispenser.driver import SerialCardDispenser
from devices.card_dispenser.simulator import DispenserModule, SimulatedCardDispenser
from devices.card_reader.samples import load_samples
from devices.card_reader.textblock import parse_text_block
from devices.spec import DEMO_DIR, DeviceKind, DeviceSpec
from kiosk.collect import CollectController, CollectJournal, Phase, reconcile
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from server.collect import CollectEvent, FinishedCard, load_card
from server.launcher import LocalServer, start_local_server

KIOSK = "hall-1-kiosk-01"
CHILD = Path(__file__).with_name("collect_crash_child.py")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = load_samples(DEMO_DIR / "identities.json")


def citizen(key: str, verification: str | None = "match") -> Session:
    """A session as the identify step leaves it: the card's identity, parsed from its bytes."""
    record = parse_text_block(SAMPLES[key].text_block)
    return Session(card=record, verification=verification, verification_reference="register")


def id_of(key: str) -> str:
    return parse_text_block(SAMPLES[key].text_block).id_number


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    with start_local_server(tmp_path_factory.mktemp("server"), KIOSK) as local:
        yield local


@pytest.fixture(scope="module")
def db(server: LocalServer) -> Iterator[object]:
    engine = create_engine(server.db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(server: LocalServer) -> Iterator[ServerClient]:
    c = ServerClient(server.url, KIOSK, server.secret)
    yield c
    c.close()


@pytest.fixture
def dispenser() -> Iterator[SimulatedCardDispenser]:
    d = SimulatedCardDispenser(DeviceSpec("disp", DeviceKind.CARD_DISPENSER, "simulator",
                                          options={"slots": 8, "motion_s": 0.05, "poll_s": 0.02}))
    d.open()
    yield d
    d.shutdown()


def fresh_card(db: object, key: str, slot: int) -> str:
    """Staff load a new card for `key` into `slot` (earlier ones for them are handed over)."""
    subject = id_of(key)
    with DbSession(db) as s, s.begin():  # type: ignore[arg-type]
        s.execute(update(FinishedCard).where(FinishedCard.subject == subject, FinishedCard.kiosk_id == KIOSK)
                  .values(state="collected"))
        return load_card(s, KIOSK, slot, subject, "id_card").id


def state(db: object, card_id: str) -> str:
    with DbSession(db) as s:  # type: ignore[arg-type]
        card = s.get(FinishedCard, card_id)
        assert card is not None
        return card.state


def events(db: object, card_id: str) -> list[str]:
    with DbSession(db) as s:  # type: ignore[arg-type]
        return [e.event for e in s.scalars(select(CollectEvent).where(CollectEvent.card_id == card_id)
                                             .order_by(CollectEvent.id))]


def dispensed(d: SimulatedCardDispenser) -> list[bytes]:
    return [c for c in d.module.commands_seen if c.startswith(b"DC")]


def test_demo_citizen_collects_her_card_from_slot_3(
        server: LocalServer, db: object, client: ServerClient, dispenser: SimulatedCardDispenser,
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dispenser.module.take_after_s = 0.3  # she takes it from the mouth
    journal = CollectJournal(tmp_path / "collect.journal")
    controller = CollectController(client, dispenser, citizen("resident"), journal, take_s=5)
    view = controller.run()
    assert view.phase is Phase.DONE and view.message and "已领取" in view.message["zh"]
    assert view.title == {"zh": "居民身份证", "en": "Resident ID card"}
    assert dispensed(dispenser) == [b"DC03"]  # the demo data's slot for 测试甲
    assert dispenser.slots()[2] is False and dispenser.module.bin_count == 0
    with DbSession(db) as s:  # type: ignore[arg-type]
        card = s.scalars(select(FinishedCard).where(FinishedCard.subject == id_of("resident"),
                                                    FinishedCard.slot == 3)).one()
    assert card.state == "collected"
    assert events(db, card.id) == ["loaded", "matched", "dispensing", "collected"]
    assert not journal.path.exists()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert id_of("resident") not in logged and "测试甲" not in logged
    # she (or anyone with her card) asks again: nothing more comes out
    again = CollectController(client, dispenser, citizen("resident"), journal).run()
    assert again.phase is Phase.NO_CARD and dispensed(dispenser) == [b"DC03"]


def test_wrong_person_is_never_dispensed_a_card(
        db: object, client: ServerClient, dispenser: SimulatedCardDispenser, tmp_path: Path) -> None:
    card_id = fresh_card(db, "resident", 4)
    journal = CollectJournal(tmp_path / "collect.journal")
    # someone else's verified card: the centre names no slot
    other = CollectController(client, dispenser, citizen("foreigner_2023"), journal).run()
    assert other.phase is Phase.NO_CARD and other.message and "没有您待领取" in other.message["zh"]
    # the holder's card on the reader, but the face check went to staff: the counter, not the machine
    unverified = CollectController(client, dispenser, citizen("resident", "staff_pending"), journal).run()
    assert unverified.phase is Phase.NOT_VERIFIED and unverified.message and "窗口" in unverified.message["zh"]
    # a typed ID number (no card read) is not enough either
    typed = Session(verification="match")
    typed.answers["id_number"] = id_of("resident")
    assert CollectController(client, dispenser, typed, journal).run().phase is Phase.NOT_VERIFIED
    assert dispensed(dispenser) == [] and dispenser.slots()[3] is True
    assert state(db, card_id) == "loaded" and "dispensing" not in events(db, card_id)


def test_jam_calls_staff_and_is_recorded(
        db: object, client: ServerClient, dispenser: SimulatedCardDispenser, tmp_path: Path) -> None:
    card_id = fresh_card(db, "resident", 2)
    dispenser.set_fault("jam", count=1)
    journal = CollectJournal(tmp_path / "collect.journal")
    view = CollectController(client, dispenser, citizen("resident"), journal).run()
    assert view.phase is Phase.JAMMED and view.device_error == "card_jam"
    assert view.message and "工作人员" in view.message["zh"] and "Staff" in view.message["en"]
    assert state(db, card_id) == "jammed" and events(db, card_id)[-1] == "jammed"
    assert not dispenser.check_health().usable  # the dispenser shows as faulty to the technician
    # the citizen tries again: the centre does not hand out a card staff must see to
    again = CollectController(client, dispenser, citizen("resident"), journal).run()
    assert again.phase is Phase.NEEDS_STAFF and dispensed(dispenser) == [b"DC02"]


def test_card_not_taken_is_retained_and_the_citizen_told(
        db: object, client: ServerClient, dispenser: SimulatedCardDispenser, tmp_path: Path) -> None:
    card_id = fresh_card(db, "resident", 6)
    dispenser.set_fault("not_taken")
    journal = CollectJournal(tmp_path / "collect.journal")
    controller = CollectController(client, dispenser, citizen("resident"), journal, take_s=1.0)
    started = time.monotonic()
    view = controller.run()
    assert time.monotonic() - started >= 1.0
    assert view.phase is Phase.RETAINED
    assert view.message and "窗口" in view.message["zh"] and "counter" in view.message["en"]
    assert dispenser.module.bin_count == 1 and not dispenser.module.card_at_mouth
    assert state(db, card_id) == "retained" and events(db, card_id)[-1] == "retained"


def test_centre_unreachable_says_so_and_dispenses_nothing(
        dispenser: SimulatedCardDispenser, tmp_path: Path) -> None:
    dead = ServerClient("http://127.0.0.1:9", KIOSK, "00" * 32)
    journal = CollectJournal(tmp_path / "collect.journal")
    view = CollectController(dead, dispenser, citizen("resident"), journal).run()
    assert view.phase is Phase.CENTRE_UNAVAILABLE and view.can_retry
    assert view.message and "未发放" in view.message["zh"] and "nothing was dispensed" in view.message["en"]
    assert dispensed(dispenser) == [] and not journal.path.exists()


def test_crash_before_the_module_moved_gives_the_card_back_to_its_holder(
        db: object, client: ServerClient, dispenser: SimulatedCardDispenser, tmp_path: Path) -> None:
    card_id = fresh_card(db, "resident", 7)
    journal = CollectJournal(tmp_path / "collect.journal")
    # power lost after the intent was journalled and the centre told, before DC went out
    journal.write({"card_id": card_id, "slot": 7, "stage": "intent", "outcome": None})
    client.request("POST", f"/api/v1/collect/{card_id}/dispensing", endpoint="t",
                   json_body={"id_number": id_of("resident")})
    assert reconcile(journal, dispenser, client) == "not_dispensed"
    assert state(db, card_id) == "loaded" and not journal.path.exists()
    dispenser.module.take_after_s = 0.2
    view = CollectController(client, dispenser, citizen("resident"), journal, take_s=5).run()
    assert view.phase is Phase.DONE and state(db, card_id) == "collected"
    assert dispensed(dispenser) == [b"DC07"]  # once


def _kill_child_with_card_at_mouth(server: LocalServer, module: DispenserModule, journal: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(journal), str(module.link), server.url, KIOSK,
                             server.secret, "resident"], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not module.card_at_mouth and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert module.card_at_mouth, "the child never dispensed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("module_power", ["kept", "lost"])
def test_kiosk_killed_while_the_card_waits_is_reconciled_never_dispensed_twice(
        server: LocalServer, db: object, client: ServerClient, tmp_path: Path, module_power: str) -> None:
    card_id = fresh_card(db, "resident", 8)
    module = DispenserModule([True] * 8, motion_s=0.05)
    module.start()
    journal_path = tmp_path / "collect.journal"
    try:
        _kill_child_with_card_at_mouth(server, module, journal_path)
        assert state(db, card_id) == "dispensing"
        assert CollectJournal(journal_path).read() == {"card_id": card_id, "slot": 8, "stage": "intent",
                                                        "outcome": None}
        if module_power == "lost":
            module.power_cycle()  # the module calls the card at its mouth back into the bin
        # the kiosk starts again
        restarted = SerialCardDispenser(DeviceSpec("disp", DeviceKind.CARD_DISPENSER, "k720_serial",
                                                   str(module.link), {"poll_s": 0.02}))
        restarted.open()
        try:
            journal = CollectJournal(journal_path)
            outcome = reconcile(journal, restarted, client)
            assert module.bin_count == 1 and not module.card_at_mouth
            if module_power == "kept":
                assert outcome == "retained" and state(db, card_id) == "retained"
            else:  # cannot tell taken from called back: staff check the bin
                assert outcome == "unresolved" and state(db, card_id) == "unresolved"
            assert not journal_path.exists()
            # the citizen, still there, tries again: nothing comes out a second time
            view = CollectController(client, restarted, citizen("resident"), journal).run()
            assert view.phase in (Phase.NO_CARD, Phase.NEEDS_STAFF)
            assert [c for c in module.commands_seen if c.startswith(b"DC")] == [b"DC08"]
        finally:
            restarted.close()
    finally:
        module.shutdown()


def test_restarted_kiosk_settles_the_interrupted_dispense_at_its_first_heartbeat(
        server: LocalServer, db: object, client: ServerClient, tmp_path: Path) -> None:
    from kiosk.collect import journal_in
    from kiosk.config import Settings
    from kiosk.core import KioskCore
    from kiosk.hardware import Hardware

    card_id = fresh_card(db, "resident", 1)
    client.request("POST", f"/api/v1/collect/{card_id}/dispensing", endpoint="t",
                   json_body={"id_number": id_of("resident")})
    settings = Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key")
    # the dispenser after the power loss: slot 1 empty, nothing at the mouth (called back at power-on)
    spec = DeviceSpec("card_dispenser", DeviceKind.CARD_DISPENSER, "simulator",
                      options={"slots": 8, "loaded": [2, 3], "motion_s": 0.05, "poll_s": 0.02})
    journal_in(settings.data_dir).write({"card_id": card_id, "slot": 1, "stage": "intent", "outcome": None})
    core = KioskCore(settings, log_to_file=False, hardware=Hardware([spec]))
    try:
        core._on_heartbeat({}, client)
    finally:
        core.close()
    assert state(db, card_id) == "unresolved" and events(db, card_id)[-1] == "unresolved"
    assert not journal_in(settings.data_dir).path.exists()
