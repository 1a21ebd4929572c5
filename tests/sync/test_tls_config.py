"""Production talks to the centre over https pinned to the fleet CA, or does not start
(docs/server.md, "How the kiosk pins the CA"). Real `kiosk` and `python -m kiosk.sync` processes,
as a technician starts them; the refusal names the key to fix."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parents[2]
SECRET = "ab" * 32
CONFIG_ERROR_EXIT = 2


def _env(home: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "SPEECHD_ADDRESS": os.environ.get("SPEECHD_ADDRESS", "")}  # not the machine's (tests/conftest.py)


def _kiosk(home: Path, config: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", "--config", str(config), command, "--quit-after-start"],
                          capture_output=True, text=True, timeout=120, env=_env(home), cwd=REPO)


def _config(home: Path, sync: str) -> Path:
    path = home / "kiosk.toml"
    path.write_text(f'kiosk_id = "hall-2-kiosk-07"\n\n[sync]\nsecret = "{SECRET}"\n{sync}\n', encoding="utf-8")
    return path


def _fleet_ca(path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kiosk fleet CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def _started(result: subprocess.CompletedProcess[str]) -> bool:
    # -SIGABRT: Qt Multimedia's teardown sometimes aborts after a clean stop (tests/kiosk/test_single_instance.py)
    return result.returncode in (0, -signal.SIGABRT) and "attract visible after" in result.stdout


def test_run_refuses_plain_http_naming_the_key(private_user_dirs: Path) -> None:
    config = _config(private_user_dirs, 'server_url = "http://kiosk-api.example.internal"')
    result = _kiosk(private_user_dirs, config, "run")
    assert result.returncode == CONFIG_ERROR_EXIT, result.stdout + result.stderr
    assert "sync.server_url" in result.stderr and "https://" in result.stderr
    assert "attract visible" not in result.stdout


def test_run_refuses_https_without_the_pinned_ca(private_user_dirs: Path) -> None:
    config = _config(private_user_dirs, 'server_url = "https://kiosk-api.example.internal"')
    result = _kiosk(private_user_dirs, config, "run")
    assert result.returncode == CONFIG_ERROR_EXIT, result.stdout + result.stderr
    assert "sync.ca_file" in result.stderr


def test_run_refuses_a_ca_file_that_is_not_a_certificate(private_user_dirs: Path) -> None:
    bogus = private_user_dirs / "ca.pem"
    bogus.write_text("not a certificate\n", encoding="utf-8")
    config = _config(private_user_dirs, f'server_url = "https://kiosk-api.example.internal"\nca_file = "{bogus}"')
    result = _kiosk(private_user_dirs, config, "run")
    assert result.returncode == CONFIG_ERROR_EXIT, result.stdout + result.stderr
    assert "sync.ca_file" in result.stderr and str(bogus) in result.stderr


def test_run_starts_with_https_and_the_fleet_ca(private_user_dirs: Path) -> None:
    ca = _fleet_ca(private_user_dirs / "ca.pem")
    config = _config(private_user_dirs, f'server_url = "https://127.0.0.1:9"\nca_file = "{ca}"')
    result = _kiosk(private_user_dirs, config, "run")
    assert _started(result), result.stderr


def test_demo_still_accepts_plain_http(private_user_dirs: Path) -> None:
    config = _config(private_user_dirs, 'server_url = "http://127.0.0.1:9"')
    result = _kiosk(private_user_dirs, config, "demo")
    assert _started(result), result.stderr


def test_sync_process_refuses_plain_http(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.sync", "--data-dir", str(tmp_path / "d"), "--key-file", str(tmp_path / "k"),
         "--server", "http://kiosk-api.example.internal", "--kiosk-id", "hall-2-kiosk-07"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "KIOSK_SYNC_SECRET": SECRET}, cwd=REPO)
    assert result.returncode == 2 and "--server" in result.stderr and "https://" in result.stderr
    assert not (tmp_path / "d").exists()  # refused before it touched anything
