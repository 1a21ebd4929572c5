"""Configuration: defaults run simulated; a bad value names the key and stops the program."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from kiosk.config import ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_simulated_defaults_in_user_dirs(private_user_dirs: Path) -> None:
    settings = load_settings(None)
    assert settings.devices == {}
    assert settings.data_dir.is_relative_to(private_user_dirs)
    assert settings.data_dir not in settings.key_file.parents


def test_bad_value_names_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_timeout_s = 5\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert "session.idle_timeout_s" in str(err.value)
    assert "greater than or equal to 30" in str(err.value)


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'kiosk_idd = "x"\n')
    with pytest.raises(ConfigError, match="kiosk_idd: Extra inputs are not permitted"):
        load_settings(path)


def test_key_inside_data_dir_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f'data_dir = "{tmp_path}/d"\nkey_file = "{tmp_path}/d/k.key"\n')
    with pytest.raises(ConfigError, match="key_file must not be inside data_dir"):
        load_settings(path)


def test_command_line_exits_nonzero_and_starts_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[screen]\norientation = "sideways"\n')
    assert main(["--config", str(path), "demo"]) == 2
    err = capsys.readouterr().err
    assert "screen.orientation" in err
    assert "'portrait' or 'landscape'" in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "run"]) == 2
    assert "cannot read the configuration file" in capsys.readouterr().err
