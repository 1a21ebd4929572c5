"""A new catalog published at the centre reaches the kiosk with a heartbeat and is switched in
only when nobody is using the kiosk; a broken one is refused and the technician alerted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.catalog_updates import CatalogUpdates
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.sync.updates import catalog_digest
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, tap
from app.gui import build_shell
from ui.shell import Shell

NEW_NAME = "遗失物品登记（新版）"
SHIPPED = load_catalog(default_catalog_dir()).version  # every version below is newer


def shipped_files(version: str) -> dict[str, str]:
    files = {}
    for path in sorted(default_catalog_dir().glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        text = text.replace(f'version = "{SHIPPED}"', f'version = "{version}"', 1)
        files[path.name] = text.replace('name = { zh = "遗失物品登记"', f'name = {{ zh = "{NEW_NAME}"', 1)
    return files


def publish(server: LocalServer, files: dict[str, str], version: str) -> None:
    response = requests.put(server.url + "/api/v1/catalog", timeout=10,
                            headers={"Authorization": f"Bearer {server.operator_token}"},
                            json={"version": version, "sha256": catalog_digest(files), "files": files})
    response.raise_for_status()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[LocalServer]:
    with start_local_server(tmp_path / "server", "demo-kiosk-01") as local:
        publish(local, shipped_files("2026.12.1"), "2026.12.1")
        yield local


def linked_shell(qtbot: QtBot, settings: Settings, server: LocalServer) -> tuple[Shell, KioskCore]:
    core = KioskCore(settings, start_devices=False)
    shell = build_shell(core, keyboard=False)
    qtbot.addWidget(shell)
    shell.show()
    core.server.link(server.url, server.kiosk_id, server.secret)  # the first heartbeat goes out now
    return shell, core


def test_new_catalog_switches_in_while_idle_and_survives_a_restart(
        qtbot: QtBot, settings: Settings, server: LocalServer) -> None:
    shell, core = linked_shell(qtbot, settings, server)
    qtbot.waitUntil(lambda: shell.catalog.version == "2026.12.1", timeout=10_000)
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    assert find(shell, "item_ZA-0101").text().startswith(NEW_NAME)
    core.close()

    again = KioskCore(settings, start_devices=False)  # restart offline: the download was kept
    assert again.catalog.version == "2026.12.1"
    again.close()


def test_a_citizen_in_a_service_keeps_the_old_catalog_until_the_session_ends(
        qtbot: QtBot, settings: Settings, server: LocalServer) -> None:
    core = KioskCore(settings, start_devices=False)
    shell = build_shell(core, keyboard=False)
    qtbot.addWidget(shell)
    shell.show()
    tap(qtbot, shell, "attract_start")
    tap(qtbot, shell, "area_public_order")
    core.server.link(server.url, server.kiosk_id, server.secret)
    qtbot.waitUntil(lambda: core.catalog_updates.has_pending(), timeout=10_000)
    qtbot.wait(200)
    assert shell.catalog.version == SHIPPED  # not under the citizen's feet
    shell.cancel_session()
    assert shell.catalog.version == "2026.12.1"
    core.close()


def test_a_broken_catalog_is_refused_and_the_technician_told(tmp_path: Path, settings: Settings) -> None:
    core = KioskCore(settings, start_devices=False)
    files = shipped_files("2026.12.2")
    files["traffic.toml"] = files["traffic.toml"].replace('area = "traffic"', 'area = "nowhere"', 1)
    updates = CatalogUpdates(tmp_path / "catalog", core.catalog, alert=core.store.add_alert if core.store else None)
    assert updates.stage("2026.12.2", files) is None
    assert not updates.has_pending()
    assert core.store is not None
    assert any(a.kind == "catalog_refused" and "traffic.toml" in a.message for a in core.store.alerts())
    assert not (tmp_path / "catalog" / "2026.12.2").exists()
    core.close()


def put_config(server: LocalServer, version: str, settings: dict) -> None:  # type: ignore[type-arg]
    response = requests.put(server.url + "/api/v1/config", timeout=10,
                            headers={"Authorization": f"Bearer {server.operator_token}"},
                            json={"version": version, "settings": settings})
    response.raise_for_status()


def test_session_limits_set_at_the_centre_apply_when_idle(qtbot: QtBot, settings: Settings, server: LocalServer) -> None:
    put_config(server, "hall-2", {"session": {"idle_timeout_s": 150, "warning_s": 40}})
    shell, core = linked_shell(qtbot, settings, server)
    qtbot.waitUntil(lambda: shell.settings.session.idle_timeout_s == 150, timeout=10_000)
    tap(qtbot, shell, "attract_start")
    assert shell.idle.limits()[1] == 40  # the warning now lasts 40 s
    core.close()


def test_a_bad_remote_configuration_is_refused_whole(qtbot: QtBot, settings: Settings, server: LocalServer) -> None:
    put_config(server, "hall-3", {"session": {"idle_timeout_s": 30, "warning_s": 60}, "devices": {}})
    shell, core = linked_shell(qtbot, settings, server)
    assert core.store is not None
    qtbot.waitUntil(lambda: any(a.kind == "config_refused" for a in core.store.alerts()), timeout=10_000)
    assert shell.settings.session.idle_timeout_s == 90  # unchanged
    core.close()


def test_a_refused_version_is_not_fetched_or_alerted_again(tmp_path: Path, settings: Settings) -> None:
    core = KioskCore(settings, start_devices=False)
    assert core.store is not None
    updates = CatalogUpdates(tmp_path / "catalog", core.catalog, alert=core.store.add_alert)
    files = shipped_files("2026.12.3")  # the files say 2026.12.3, the centre says 2026.12.4
    fetched: list[str] = []

    class Centre:
        def get_catalog(self) -> dict:  # type: ignore[type-arg]
            fetched.append("x")
            return {"version": "2026.12.4", "sha256": catalog_digest(files), "files": files}

    for _ in range(3):  # three heartbeats offering the same broken version
        updates.on_heartbeat({"catalog_version": "2026.12.4"}, Centre())  # type: ignore[arg-type]
    assert len(fetched) == 1
    assert [a.kind for a in core.store.alerts()].count("catalog_refused") == 1
    updates.on_heartbeat({"catalog_version": "demo-1"}, Centre())  # a version that cannot be ordered
    assert len(fetched) == 1
    core.close()
