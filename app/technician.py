"""`kiosk technician …`: tools for the technician mode.

    kiosk technician hash-pin            prompt for a PIN (twice, not echoed) and print its hash
                                         for [technician] pin_hash in the configuration
    kiosk technician screenshots DIR     PNGs of every diagnostics screen, zh_CN and en, portrait and landscape
    kiosk technician resend-quarantined  take the undelivered records of quarantined (corrupt) databases
                                         back into the outbox, once each; the kiosk then sends them

Exit codes: 0 done, 1 the PINs differ or are not 4–12 digits, 2 usage error."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kiosk.config import Settings
from kiosk.diagnostics.pin import PIN_LENGTHS, hash_pin


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk technician", description="technician mode tools")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("hash-pin", help="print the scrypt hash of a PIN typed at a prompt")
    shots = sub.add_parser("screenshots", help="PNGs of the diagnostics screens")
    shots.add_argument("directory", type=Path)
    shots.add_argument("--languages", default="zh_CN,en")
    shots.add_argument("--orientations", default="portrait,landscape")
    sub.add_parser("resend-quarantined", help="send the undelivered records of quarantined databases (once)")
    return parser


def resend_quarantined_command(settings: Settings, out: TextIO) -> int:
    """Safe beside a running kiosk (SQLite allows one more writer process) and safe to repeat:
    a record already taken back is not taken again, and the server answers a resend with 200."""
    from kiosk.store import open_store
    from kiosk.store.keys import DataKeyError, load_or_create_key

    try:
        key = load_or_create_key(settings.key_file, settings.data_dir)
    except DataKeyError as exc:
        out.write(f"cannot read the data key: {exc}\n")
        return 1
    sync = settings.sync
    store = open_store(settings.data_dir, key, kiosk_id=settings.kiosk_id, short_id=sync.short_id if sync else None)
    try:
        report = store.resend_quarantined()
        if not report:
            out.write(f"no quarantined database in {settings.data_dir / 'quarantine'}\n")
        for r in report:
            out.write(f"{r.folder}: {r.taken} record(s) back in the outbox, {r.already} already taken, "
                      f"{r.undecryptable} not readable with this kiosk's key, {r.unreadable} on damaged pages\n")
        out.write(f"outbox: {store.outbox.depth()} record(s) wait for delivery; the running kiosk sends them "
                  "within its next heartbeat (diagnostics: Sync now)\n")
    finally:
        store.close()
    return 0


def hash_pin_command(out: TextIO, prompt: Callable[[str], str] = getpass.getpass) -> int:
    pin = prompt("Technician PIN (4–12 digits): ").strip()
    if not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        out.write(f"a PIN is {PIN_LENGTHS.start}–{PIN_LENGTHS.stop - 1} digits\n")
        return 1
    if prompt("Again: ").strip() != pin:
        out.write("the two PINs differ\n")
        return 1
    out.write("[technician]\n")
    out.write(f'pin_hash = "{hash_pin(pin)}"\n')
    return 0


def command(argv: list[str], settings: Settings, out: TextIO = sys.stdout) -> int:
    """argv excludes the leading "technician"."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if args.action == "hash-pin":
        return hash_pin_command(out)
    if args.action == "resend-quarantined":
        return resend_quarantined_command(settings, out)
    from app.diagnostics_screenshots import write_diagnostics_screenshots

    written = write_diagnostics_screenshots(settings, args.directory, args.languages.split(","),
                                            args.orientations.split(","))
    out.write(f"wrote {len(written)} screenshots to {args.directory}\n")
    return 0
