"""The deployment files in deploy/: shell syntax, systemd's own verifier where it exists, the
installer's dry run, and the settings a reviewer would look for first."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "systemd" / "police-kiosk.service"
X_UNIT = DEPLOY / "systemd" / "police-kiosk-x.service"


def unit_settings(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.mark.parametrize("script", ["build.sh", "install-debian.sh", "x11/kiosk-x.sh", "x11/xinitrc"])
def test_shell_syntax(script: str) -> None:
    path = DEPLOY / script
    shell = "sh" if path.read_text().startswith("#!/bin/sh") else "bash"
    result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert path.stat().st_mode & 0o111, f"{script} is not executable"


def test_ci_script_syntax() -> None:
    assert subprocess.run(["bash", "-n", str(REPO / ".ci" / "run")]).returncode == 0


def test_unit_restarts_on_hang_and_is_hardened() -> None:
    s = unit_settings(UNIT)
    assert s["Type"] == ["notify"] and s["NotifyAccess"] == ["main"]
    assert s["Restart"] == ["always"] and s["WatchdogSec"] == ["30"]
    assert s["StartLimitIntervalSec"] == ["0"]  # never gives up
    for key in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "ProtectKernelTunables", "RestrictSUIDSGID"):
        assert s[key] == ["yes"], key
    assert s["ProtectSystem"] == ["strict"]
    assert s["ReadWritePaths"] == ["/var/lib/police-kiosk /var/lib/police-kiosk-key"]
    assert s["User"] == ["police-kiosk"] and "dialout" in s["SupplementaryGroups"][0]
    assert s["ExecStart"][0].endswith("police-kiosk --config /etc/police-kiosk/kiosk.toml run")
    x = unit_settings(X_UNIT)
    assert x["Restart"] == ["always"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_verify(tmp_path: Path) -> None:
    for unit in (UNIT, X_UNIT):
        shutil.copy(unit, tmp_path / unit.name)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", "police-kiosk.service", "police-kiosk-x.service"],
                            capture_output=True, text=True, cwd=tmp_path)
    # The only complaints allowed: the programs the installer puts in place are not on this machine.
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and "is not executable: No such file or directory" not in line]
    assert problems == [], problems


def test_x_session_cannot_be_escaped_and_never_blanks() -> None:
    conf = " ".join((DEPLOY / "x11" / "10-police-kiosk.conf").read_text().split())
    for option in ('"DontVTSwitch" "true"', '"DontZap" "true"', '"BlankTime" "0"', '"DPMS" "Disable"'):
        assert option in conf
    start = (DEPLOY / "x11" / "kiosk-x.sh").read_text()
    assert "-nocursor" in start and "-nolisten tcp" in start and "-s 0 -dpms" in start


def test_udev_tmpfiles_logrotate() -> None:
    rules = [line for line in (DEPLOY / "udev" / "99-police-kiosk.rules").read_text().splitlines()
             if line and not line.startswith("#")]
    tty_rules = [r for r in rules if 'SUBSYSTEM=="tty"' in r]
    assert {r.split('SYMLINK+="')[1].split('"')[0] for r in tty_rules} == {
        "kiosk-idreader", "kiosk-printer", "kiosk-scanner", "kiosk-payment"}
    assert all('GROUP="dialout"' in r and 'MODE="0660"' in r for r in tty_rules)
    tmpfiles = {f[1]: f for f in (line.split() for line in (DEPLOY / "tmpfiles.d" / "police-kiosk.conf").read_text()
                                  .splitlines() if line and not line.startswith("#"))}
    assert tmpfiles["/var/lib/police-kiosk-key"][2:5] == ["0700", "police-kiosk", "police-kiosk"]
    assert tmpfiles["/var/lib/police-kiosk"][2] == "0700"
    logrotate = (DEPLOY / "logrotate" / "police-kiosk").read_text()
    covered = [line for line in logrotate.splitlines() if line.startswith("/")]
    assert covered == ["/var/log/police-kiosk/*.log {"]  # never the kiosk's self-rotated kiosk.log


def test_example_configuration_is_valid_and_matches_the_layout() -> None:
    settings = load_settings(DEPLOY / "kiosk.toml.example")
    assert str(settings.data_dir) == "/var/lib/police-kiosk"
    assert settings.key_file.parent == Path("/var/lib/police-kiosk-key")
    assert settings.required_devices == ["card_reader", "printer"]
    assert {d.port for d in settings.devices.values()} >= {"/dev/kiosk-idreader", "/dev/kiosk-printer"}


def test_installer_dry_run_prints_and_changes_nothing(tmp_path: Path) -> None:
    before = Path("/etc/systemd/system/police-kiosk.service").exists()
    build = tmp_path / "police-kiosk"
    build.mkdir()
    result = subprocess.run(["bash", str(DEPLOY / "install-debian.sh"), "--dry-run", "--build", str(build)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    actions = result.stdout.splitlines()
    assert any(a.startswith("+ useradd --system") for a in actions) or "usermod" in result.stdout
    assert f"+ cp -a {build} /opt/police-kiosk.new" in actions
    assert "+ systemctl enable police-kiosk-x.service police-kiosk.service" in actions
    assert any("selftest" in a for a in actions)
    assert Path("/etc/systemd/system/police-kiosk.service").exists() == before
    bad = subprocess.run(["bash", str(DEPLOY / "install-debian.sh"), "--dry-run", "--frobnicate"],
                         capture_output=True, text=True)
    assert bad.returncode == 64
