"""The diagnostics bundle, built from a real kiosk core with canary personal data planted in its
logs, rotated logs, audit rows, alerts and configuration: none of it may reach any file of the zip,
and neither may a secret."""

from __future__ import annotations

import json
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.card_reader.idnumber import check_digit
from kiosk.config import Settings, TechnicianSettings
from kiosk.core import KioskCore
from kiosk.diagnostics.bundle import HIDDEN, hide_secrets
from kiosk.diagnostics.pin import hash_pin
from kiosk.diagnostics.service import Diagnostics

CANARY_ID = "11010819850615123" + check_digit("11010819850615123")
CANARY_PHONE = "13687654321"
CANARY_NAME = "龘靐齉"
CANARY_NAME_EN = "Canaryname Zhangsan"
CANARY_ADDRESS = "上海市黄浦区金陵东路88号1203室"
SECRET = "ab12" * 16
PIN_HASH = hash_pin("13579", n=2**10)
CANARIES = (CANARY_ID, CANARY_ID.lower(), CANARY_PHONE, "136 8765 4321", CANARY_NAME, CANARY_NAME_EN,
            CANARY_ADDRESS, "金陵东路88号", SECRET, PIN_HASH.split("$")[-1], PIN_HASH.split("$")[-2])


@pytest.fixture()
def core(tmp_path: Path) -> Iterator[KioskCore]:
    settings = Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                        technician=TechnicianSettings(pin_hash=PIN_HASH))
    core = KioskCore(settings, log_to_file=True)
    yield core
    core.close()


def plant(core: KioskCore, diag: Diagnostics) -> None:
    log = logging.getLogger("kiosk.test.canary")
    log.warning("a careless line: name=%s id %s phone %s", CANARY_NAME, CANARY_ID, CANARY_PHONE)
    log.warning('a careless dump: {"name": "%s", "address": "%s", "phone": "136 8765 4321"}',
                CANARY_NAME_EN, CANARY_ADDRESS)
    log.error("姓名：%s 住址：%s 公民身份号码 %s", CANARY_NAME, CANARY_ADDRESS, CANARY_ID.lower())
    for handler in logging.getLogger().handlers:
        handler.flush()
    logs = core.settings.data_dir / "logs"
    (logs / "kiosk.log.1").write_text(
        f"2026-11-22 09:00:00 INFO old: citizen {CANARY_ID} called from +86 {CANARY_PHONE[:3]}-"
        f"{CANARY_PHONE[3:7]}-{CANARY_PHONE[7:]} living at {CANARY_ADDRESS}\n", encoding="utf-8")
    diag.audit.record("note", f"name={CANARY_NAME} phone={CANARY_PHONE}")
    diag.audit.record("note", f'{{"address": "{CANARY_ADDRESS}", "id_number": "{CANARY_ID}"}}')
    assert core.store is not None
    core.store.add_alert("parked", f"record refused: holder {CANARY_ID}, mobile {CANARY_PHONE}")


def test_bundle_has_no_canary_and_no_secret(core: KioskCore, tmp_path: Path) -> None:
    diag = Diagnostics(core)
    plant(core, diag)
    data = diag.bundle_input({"PySide6 (running)": "test"})
    data.settings = {**data.settings, "sync": {"server_url": "https://police.example/kiosk", "secret": SECRET},
                     "location": {"zh": CANARY_ADDRESS, "en": f"name: {CANARY_NAME_EN}"}}
    from kiosk.diagnostics.bundle import write_bundle

    path = write_bundle(data, tmp_path / "usb")
    assert path.parent == tmp_path / "usb" and path.name.startswith("diagnostics-demo-kiosk-01-")
    assert not list((tmp_path / "usb").glob("*.partial"))

    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        texts = {name: zf.read(name).decode("utf-8") for name in names}
    assert {"README.txt", "config.json", "devices.json", "audit.json", "sync.json", "versions.json",
            "logs/kiosk.log", "logs/kiosk.log.1"} <= set(names)
    hits = [(name, canary) for name, text in texts.items() for canary in CANARIES if canary in text or canary in name]
    assert hits == []

    # ... and it is still a useful bundle
    assert "[REDACTED]" in texts["logs/kiosk.log"] and "a careless line" in texts["logs/kiosk.log"]
    assert "kiosk demo-kiosk-01 ready" in texts["logs/kiosk.log"]
    config = json.loads(texts["config.json"])
    assert config["sync"]["secret"] == HIDDEN and config["technician"]["pin_hash"] == HIDDEN
    assert config["sync"]["server_url"] == "https://police.example/kiosk"
    assert config["kiosk_id"] == "demo-kiosk-01" and config["technician"]["lockout_after"] == 5
    devices = {d["device"]: d for d in json.loads(texts["devices.json"])}
    assert devices["printer"]["driver"] == "simulator" and devices["printer"]["availability"] == "online"
    audit = json.loads(texts["audit.json"])
    assert [a["event"] for a in audit if a["actor"] == "technician"] == ["note", "note"]
    assert json.loads(texts["sync.json"])["alerts"][0][1] == "parked"
    versions = json.loads(texts["versions.json"])
    assert versions["catalog"] == core.catalog.version and "python" in versions
    assert "pyside6-essentials" in versions or "PySide6" in versions


def test_write_bundle_through_the_service_audits_it(core: KioskCore, tmp_path: Path) -> None:
    diag = Diagnostics(core)
    path = diag.write_bundle(tmp_path / "out")
    assert path.exists()
    assert diag.audit.recent()[-1].event == "bundle_written"
    assert path.name in diag.audit.recent()[-1].detail


def test_hide_secrets_is_recursive() -> None:
    shown = hide_secrets({"sync": {"secret": "x", "secret_file": "/etc/k", "verify": True},
                          "technician": {"pin_hash": "scrypt$…", "lockout_s": 300}, "list": [{"api_key": "k"}],
                          "empty_secret": None})
    assert shown == {"sync": {"secret": HIDDEN, "secret_file": HIDDEN, "verify": True},
                     "technician": {"pin_hash": HIDDEN, "lockout_s": 300}, "list": [{"api_key": HIDDEN}],
                     "empty_secret": None}
