"""The ``kiosk`` command line.

    kiosk run [--config PATH]            fullscreen production kiosk
    kiosk demo [--windowed]              simulated devices, local server, sample identities
    kiosk catalog check [PATH]           validate a catalog folder or file
    kiosk screenshots DIR                write a PNG of every screen (both languages, orientations)
    kiosk devices list|status|test NAME  technician: configured devices, health, self-tests
    kiosk face calibrate DIR...           face thresholds per reference kind: chosen on some people, FAR/FRR on others
    kiosk technician hash-pin|screenshots technician PIN hash, diagnostics screenshots
    kiosk voice prompts-list             every spoken phrase and the file name of its studio recording
    kiosk selftest [--config PATH]       check a build or install: config, catalog, devices, face, first screen, keyboard
    kiosk --version
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any, NoReturn

from kiosk.catalog import CatalogError, default_catalog_dir, load_catalog
from kiosk.config import ConfigError, Settings, check_production, load_settings
from kiosk.private_files import set_private_umask
from kiosk.version import kiosk_version

DEMO_NEEDS_SOURCE = (
    "kiosk demo needs the development environment: this build has no central server to run beside the "
    "kiosk. Run the demo from a source checkout (bash run.sh demo); in production use `kiosk run`.\n"
    "演示模式需要开发环境：本安装包不含中心服务器。请在源代码目录运行 bash run.sh demo；正式使用请运行 kiosk run。"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Police service self-service kiosk")
    parser.add_argument("--version", action="version", version=f"kiosk {kiosk_version()}")
    parser.add_argument("--config", type=Path, help="configuration TOML file (default: simulated demo settings)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the kiosk fullscreen (production)")
    demo = sub.add_parser("demo", help="run with simulated devices and a local server")
    demo.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen")
    for command in (sub.choices["run"], demo):
        command.add_argument("--quit-after-start", action="store_true",
                             help="start, show the attract screen, print the start-up time and exit (smoke test)")
    catalog = sub.add_parser("catalog", help="catalog tools")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    check = catalog_sub.add_parser("check", help="validate a catalog folder or file")
    check.add_argument("path", type=Path, nargs="?", default=None)
    sub.add_parser("selftest", help="check every piece loads (config, catalog, devices, face models, first "
                                    "screen offscreen, keyboard, pinyin); exit 0 only if all pass")
    shots = sub.add_parser("screenshots", help="write a PNG of every screen to a folder")
    shots.add_argument("directory", type=Path)
    shots.add_argument("--languages", default="zh_CN,en")
    shots.add_argument("--orientations", default="portrait,landscape")
    # Technician tools parse their own arguments (see kiosk/device_cli.py, kiosk/face/cli.py).
    sub.add_parser("devices", help="device list, status and self-tests (kiosk devices --help)", add_help=False)
    sub.add_parser("face", help="face verification tools (kiosk face --help)", add_help=False)
    sub.add_parser("voice", help="voice guidance: list the phrases to record (kiosk voice --help)", add_help=False)
    sub.add_parser("technician", help="technician PIN hash, diagnostics screenshots (kiosk technician --help)",
                   add_help=False)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _catalog_check(path: Path | None) -> int:
    target = path or default_catalog_dir()
    try:
        catalog = load_catalog(target)
    except CatalogError as exc:
        print(f"catalog check failed: {exc}", file=sys.stderr)
        return 1
    areas = ", ".join(a.value for a in catalog.areas())
    print(f"catalog {catalog.version}: {len(catalog)} items in {len(catalog.areas())} areas ({areas}): ok")
    return 0


def main(argv: list[str] | None = None) -> int:
    started_at = time.perf_counter()
    set_private_umask()  # before anything is written: database, log, lock, downloads (0600/0700)
    args, rest = _parser().parse_known_args(argv)
    if rest and args.command not in ("devices", "face", "technician", "voice"):
        _parser().error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "catalog":
        return _catalog_check(args.path)
    if args.command == "selftest":
        from app.selftest import run_selftest  # data and key in a temporary folder, see kiosk/selftest.py

        leave_now(run_selftest(args.config))
    if args.command == "demo" and find_spec("server") is None:
        # The kiosk's one-folder build leaves the central server out (kiosk.spec): the demo, which
        # runs one on loopback, is a development tool.
        print(DEMO_NEEDS_SOURCE, file=sys.stderr)
        return 2
    try:
        settings = _settings(args)
        if args.command == "run":  # production: https and the pinned CA only (demo may use http)
            check_production(settings, str(args.config or "demo settings"))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command == "devices":
        from kiosk.device_cli import command as devices_command
        from kiosk.hardware import device_specs

        return devices_command(rest, device_specs(settings))
    if args.command == "technician":
        from app.technician import command as technician_command

        return technician_command(rest, settings)
    if args.command == "face":
        from kiosk.face.cli import command as face_command

        return face_command(rest)
    if args.command == "voice":
        from app.prompts import command as voice_command

        leave_now(voice_command(rest, settings))
    if args.command == "screenshots":
        from app.screenshots import write_screenshots

        written = write_screenshots(settings, args.directory, args.languages.split(","), args.orientations.split(","))
        print(f"wrote {len(written)} screenshots to {args.directory}")
        leave_now(0)
    from app.gui import ensure_display, run

    problem = ensure_display()
    if problem:
        print(problem, file=sys.stderr)
        return 3
    from kiosk.core import KioskCore
    from kiosk.startup import ALREADY_RUNNING_EXIT, AlreadyRunning, recover_before_citizens, single_instance

    try:
        instance_lock = single_instance(settings.data_dir)  # noqa: F841 - held until the process exits
    except AlreadyRunning as exc:
        print(f"kiosk not started: {exc}", file=sys.stderr)
        return ALREADY_RUNNING_EXIT
    try:
        core = KioskCore(settings, start_devices=False)  # devices open after the attract screen shows
    except CatalogError as exc:
        print(f"catalog error: {exc}", file=sys.stderr)
        return 2
    recover_before_citizens(core)  # crash recovery before the first citizen (kiosk/startup.py)
    windowed = args.command == "demo" and args.windowed
    demo_server = None
    if args.command == "demo" and not settings.sync and not args.quit_after_start:
        from app.demo import DemoServer

        demo_server = DemoServer(core)
        demo_server.start()
    beside: Callable[[Any], object] | None = None  # the simulated-devices window beside the kiosk
    if args.command == "demo" and not args.quit_after_start:
        from app.demo_panel import show_demo_panel

        beside = lambda shell: show_demo_panel(shell, core, windowed)  # noqa: E731
    try:
        code = run(core, windowed=windowed, started_at=started_at, quit_after_start=args.quit_after_start,
                   beside=beside)
    finally:
        if demo_server is not None:
            demo_server.stop()
    leave_now(code)


def leave_now(code: int) -> NoReturn:
    """Exit once everything is closed, without the interpreter's final garbage collection: there
    Qt Multimedia's teardown sometimes aborts the process ("terminate called without an active
    exception"; seen on `kiosk run`, `screenshots` and the self-test), which would report a clean
    stop to systemd or a passed build as a failure. Still needed on Python 3.12 (which ended the
    "bool_dealloc" aborts): with a plain sys.exit, 1 of 18 runs of selftest / run / demo
    --quit-after-start aborted this way (docs/quality.md)."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
