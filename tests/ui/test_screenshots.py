"""`kiosk screenshots` (app/screenshots.py): finishes whatever state speech-dispatcher is in, and
numbers every picture once (issue #16).

The tool built its shells with the configured voice, so each one asked speech-dispatcher first: a
dispatcher that is installed but stuck held the tool up (the tests only ever gave it a socket
that does not exist). Here the dispatcher is a real Unix socket that accepts and never answers,
faked at the OS boundary only. Two pictures shared 14, two 15, two 20, two 22 and two 46, so "portrait zh
14" named two screens; the reviewer's names must be unique and the same from run to run."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.screenshots import write_screenshots
from kiosk.config import Settings, VoiceSettings

# The tour in order, as a reviewer refers to it (number first, then what it shows).
EXPECTED = [
    "01-attract", "02-home", "03-area", "04-guide", "05-guide-elder", "06-form-errors", "07-form-keyboard",
    "08-review", "09-review-elder", "10-timeout-warning", "11-out-of-service", "12-done", "13-rate",
    "14-review-sign", "15-review-sign-elder", "16-done-print-application", "17-done-application-paper-out",
    "20-identify-card", "21-identify-number", "22-identify-consent", "23-identify-camera",
    "24-identify-second-look", "25-identify-staff", "26-photo",
    "27-fingerprint", "28-fingerprint-elder", "29-fingerprint-counter",
    "30-pay", "31-pay-declined", "32-pay-qr", "33-payment-notice", "34-pay-refused-before-fee",
    "40-collect-centre-unavailable", "41-collect-take", "42-collect-done", "43-collect-retained",
    "44-collect-jammed", "45-issue-printing", "46-issue-done", "47-issue-done-elder", "48-issue-printer-fault",
    "49-issue-unverified",
    "50-eligibility-question", "51-eligibility-stopped", "52-on-behalf-choose", "53-on-behalf-principal",
    "54-on-behalf-in-person-only", "55-form-no-phone",
    "60-review-centre-refused", "61-review-centre-refused-elder", "62-done-dispenser-no-phone",
]


class StuckDispatcher:
    """A Unix socket where speech-dispatcher would listen: accepts every connection, answers none."""

    def __init__(self, path: Path) -> None:
        self.connections = 0
        self._held: list[socket.socket] = []
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(str(path))
        self._server.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(client)

    def close(self) -> None:
        self._server.close()
        for client in self._held:
            client.close()


@pytest.fixture()
def stuck_dispatcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StuckDispatcher]:
    path = tmp_path / "speechd.sock"
    dispatcher = StuckDispatcher(path)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    yield dispatcher
    dispatcher.close()


def test_screenshots_finish_without_asking_a_stuck_speech_dispatcher_and_number_each_picture_once(
        tmp_path: Path, stuck_dispatcher: StuckDispatcher) -> None:
    settings = Settings(data_dir=tmp_path / "data", key_file=tmp_path / "keys" / "data.key",
                        voice=VoiceSettings(engine="speechd"))  # as a kiosk is configured
    started = time.monotonic()
    written = write_screenshots(settings, tmp_path / "shots", ["zh_CN"], ["portrait"])
    took = time.monotonic() - started

    assert stuck_dispatcher.connections == 0, "the screenshot tool waited on speech-dispatcher"
    names = [path.name for path in written]
    assert all(name.startswith("portrait-zh_CN-") and name.endswith(".png") for name in names)
    shots = [name.removeprefix("portrait-zh_CN-").removesuffix(".png") for name in names]
    numbers = [shot.split("-", 1)[0] for shot in shots]
    clashes = sorted({n for n in numbers if numbers.count(n) > 1})
    assert not clashes, f"screenshot numbers used twice: {clashes}"
    assert sorted(shots) == EXPECTED  # the same names every run
    assert len({path.read_bytes()[:8] for path in written}) == 1  # every one a PNG file ...
    assert all(path.stat().st_size > 10_000 for path in written)  # ... with a screen in it
    assert took < 300
