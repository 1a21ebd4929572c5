from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.store.keys import DataKeyError, load_or_create_key


@pytest.fixture(autouse=True)
def no_key_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DATA_KEY", raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)


def test_first_run_creates_private_key_and_reuses_it(tmp_path: Path) -> None:
    key_file = tmp_path / "conf" / "police-kiosk" / "data.key"
    key = load_or_create_key(key_file, data_dir=tmp_path / "data")
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert load_or_create_key(key_file) == key
    assert not [p for p in key_file.parent.iterdir() if p.name != "data.key"]  # no temp file left


def test_group_readable_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "data.key"
    load_or_create_key(key_file)
    os.chmod(key_file, 0o640)
    with pytest.raises(DataKeyError, match="chmod 600"):
        load_or_create_key(key_file)


def test_key_inside_data_dir_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataKeyError, match="inside the data directory"):
        load_or_create_key(tmp_path / "data" / "keys" / "data.key", data_dir=tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_key_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_KEY", "ab" * 32)
    assert load_or_create_key(tmp_path / "unused.key") == bytes.fromhex("ab" * 32)
    assert not (tmp_path / "unused.key").exists()
    monkeypatch.setenv("KIOSK_DATA_KEY", "abcd")
    with pytest.raises(DataKeyError, match="2 bytes"):
        load_or_create_key(tmp_path / "unused.key")


def test_key_from_systemd_credential_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "kiosk-data-key").write_bytes(b"\x07" * 32)
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    monkeypatch.setenv("KIOSK_DATA_KEY", "ab" * 32)
    assert load_or_create_key(tmp_path / "unused.key") == b"\x07" * 32


def test_garbage_key_file_is_a_clear_error(tmp_path: Path) -> None:
    key_file = tmp_path / "data.key"
    key_file.write_text("not a key\n")
    os.chmod(key_file, 0o600)
    with pytest.raises(DataKeyError, match="not a key"):
        load_or_create_key(key_file)
