"""Child process for test_collect.py: one verified citizen collects a card with the real driver on
the parent's simulated dispenser (a pty), and the process stops dead when the parent sends
SIGKILL (a power loss of the kiosk PC). Run as:

    python collect_crash_child.py JOURNAL PORT SERVER_URL KIOSK_ID SECRET IDENTITY_KEY
"""

from __future__ import annotations

import sys
from pathlib import Path

from devices.card_dispenser.driver import SerialCardDispenser
from devices.card_reader.samples import load_samples
from devices.card_reader.textblock import parse_text_block
from devices.spec import DEMO_DIR, DeviceKind, DeviceSpec
from kiosk.collect import CollectController, CollectJournal
from kiosk.session import Session
from kiosk.sync.client import ServerClient


def main(argv: list[str]) -> int:
    journal, port, url, kiosk_id, secret, key = argv[:6]
    dispenser = SerialCardDispenser(DeviceSpec("disp", DeviceKind.CARD_DISPENSER, "k720_serial", port,
                                               {"poll_s": 0.02}))
    dispenser.open()
    sample = load_samples(DEMO_DIR / "identities.json")[key]
    session = Session(card=parse_text_block(sample.text_block), verification="match",
                      verification_reference="register")
    controller = CollectController(ServerClient(url, kiosk_id, secret), dispenser, session,
                                   CollectJournal(Path(journal)), take_s=60)
    controller.run()  # killed while the card waits at the mouth
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
