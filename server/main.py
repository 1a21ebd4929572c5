"""`kiosk-server` command line: serve, migrate, add-kiosk, openapi, send-sms, check-gateways,
reconcile."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import re
import sys
from typing import TYPE_CHECKING, Any

from server.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from server.smsconfig import SmsConfig

DEFAULT_DB = "sqlite:///kiosk-server.db"
SMS_CONFIG_HELP = (
    "SMS provider and templates, a TOML file (or env KIOSK_SERVER_SMS_CONFIG; docs/server.md); "
    "default: the local simulator"
)
KEY_FILE_HELP = (
    "file with the key that seals kiosk secrets in the database (or env KIOSK_SERVER_KEY_FILE); "
    "default for SQLite: <database file>.key; required for PostgreSQL; created when missing"
)


def _settings(args: argparse.Namespace, **extra: object) -> Settings:
    kw: dict[str, object] = {"db_url": args.db}
    key_file = getattr(args, "key_file", None) or os.environ.get("KIOSK_SERVER_KEY_FILE")
    if key_file:
        kw["key_file"] = key_file
    token = getattr(args, "operator_token", None) or os.environ.get("KIOSK_SERVER_OPERATOR_TOKEN")
    if token:
        kw["operator_token"] = token
    sms_config = getattr(args, "sms_config", None) or os.environ.get("KIOSK_SERVER_SMS_CONFIG")
    if sms_config:
        kw["sms_config"] = sms_config
    public_url = getattr(args, "public_url", None) or os.environ.get("KIOSK_SERVER_PUBLIC_URL")
    if public_url:
        kw["public_url"] = public_url
    kw.update(extra)
    return Settings(**kw)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk-server", description="Police kiosk central server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument(
        "--db",
        default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB),
        help="SQLAlchemy URL, e.g. sqlite:///server.db or postgresql+psycopg://u:p@host/db",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument(
        "--operator-token",
        help="operator token (or env KIOSK_SERVER_OPERATOR_TOKEN; "
        "generated and printed when neither is given)",
    )
    serve.add_argument(
        "--demo", action="store_true", help="load the demo population, enable simulated payments"
    )
    serve.add_argument("--key-file", help=KEY_FILE_HELP)
    serve.add_argument("--sms-config", help=SMS_CONFIG_HELP)
    serve.add_argument(
        "--public-url",
        help="base URL printed in documents' verification QR codes, reachable from a citizen's "
        "phone, e.g. https://yz.gaj.example.cn (or env KIOSK_SERVER_PUBLIC_URL); "
        "default: the address the kiosk used, which a phone usually cannot reach",
    )
    serve.add_argument("--ssl-keyfile")
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="server processes (uvicorn workers; use PostgreSQL for more than one). The schema "
        "is migrated and the demo data loaded once, before the workers start",
    )
    serve.add_argument(
        "--db-pool-size",
        type=_positive,
        default=Settings.db_pool_size,
        help=f"PostgreSQL connections each process keeps open (default {Settings.db_pool_size})",
    )
    serve.add_argument(
        "--db-max-overflow",
        type=_non_negative,
        default=Settings.db_max_overflow,
        help="extra connections each process may open under load "
        f"(default {Settings.db_max_overflow}); workers × (pool size + overflow) must fit "
        "the database's max_connections",
    )
    migrate = sub.add_parser(
        "migrate", help="bring the database schema to the newest revision and exit"
    )
    migrate.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB))
    add = sub.add_parser("add-kiosk", help="provision a kiosk and print its secret")
    add.add_argument("kiosk_id")
    add.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB))
    add.add_argument("--secret", help="use this hex secret instead of a new random one")
    add.add_argument(
        "--short-id",
        help="prefix of this kiosk's case numbers, 1-8 of A-Z 0-9 (default: the one it has, else "
        "the kiosk's own rule: demo-kiosk-01 -> K01); must be unique in the fleet",
    )
    add.add_argument("--key-file", help=KEY_FILE_HELP)
    sub.add_parser("openapi", help="print the OpenAPI document (committed as server/openapi.json)")
    send = sub.add_parser("send-sms", help="send the recorded SMS notices, follow their receipts")
    send.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB))
    send.add_argument("--sms-config", help=SMS_CONFIG_HELP)
    send.add_argument(
        "--every", type=float, default=0, help="repeat every this many seconds (default: once)"
    )
    check = sub.add_parser(
        "check-gateways", help="try each gateway's credentials against its provider"
    )
    check.add_argument("--sms-config", help=SMS_CONFIG_HELP)
    rec = sub.add_parser("reconcile", help="compare the providers' bills for a day with our cases")
    rec.add_argument("--date", required=True, help="the Beijing day, YYYY-MM-DD")
    rec.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB))
    args = parser.parse_args(argv)

    if args.command in ("send-sms", "check-gateways"):
        return _gateway_command(args)
    if args.command == "reconcile":
        from server.gateways.cli import reconcile_day

        return reconcile_day(args.db, args.date)

    if args.command == "openapi":
        print(openapi_json())
        return 0
    if args.command == "migrate":
        return _migrate(_settings(args))
    if args.command == "add-kiosk":
        from server.app import ProvisioningError, add_kiosk
        from server.secretbox import ServerKeyError

        if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", args.kiosk_id):
            print("kiosk id: 1-64 letters, digits, _ . : -", file=sys.stderr)
            return 2
        try:
            print(add_kiosk(_settings(args), args.kiosk_id, args.secret, args.short_id))
        except (ProvisioningError, ServerKeyError) as exc:
            print(f"add-kiosk {args.kiosk_id}: {exc}", file=sys.stderr)
            return 2
        return 0

    import uvicorn

    from server.app import LOG_FORMAT, LOG_LEVEL_ENV, SETTINGS_ENV, create_app, engine_for
    from server.schema import prepare_database

    logging.basicConfig(level=args.log_level.upper(), format=LOG_FORMAT)
    settings = _settings(
        args,
        demo=args.demo,
        db_pool_size=args.db_pool_size,
        db_max_overflow=args.db_max_overflow,
    )
    from server.db import make_sessionmaker
    from server.secretbox import ServerKeyError, key_path
    from server.smsconfig import SmsConfigError, load_sms_config
    from server.upgrade import prepare

    try:
        key_path(settings.db_url, settings.key_file)  # a missing --key-file is said before anything
        load_sms_config(settings.sms_config)  # a bad SMS configuration is said before anything
    except (ServerKeyError, SmsConfigError) as exc:
        print(f"kiosk-server: {exc}", file=sys.stderr)
        return 2
    engine = engine_for(settings)
    try:
        problem = connection_budget_problem(engine, args.workers, settings)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        # Once, here, before any worker exists: no two processes race on the schema, the demo
        # rows or the sealing of old secrets (server/schema.py also locks, for servers started on
        # several hosts).
        prepare_database(engine, load_demo=settings.demo)
        prepare(engine, make_sessionmaker(engine), settings.db_url, settings.key_file)
    except ServerKeyError as exc:
        print(f"kiosk-server: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    from server.gateways.config import ConfigError, load_gateways

    try:
        # before serving: a wrong key file is named now, not later
        settings = dataclasses.replace(settings, pay_gateways=load_gateways())
    except ConfigError as exc:
        print(f"payment configuration: {exc}", file=sys.stderr)
        return 2
    if not (args.operator_token or os.environ.get("KIOSK_SERVER_OPERATOR_TOKEN")):
        print(f"operator token: {settings.operator_token}", file=sys.stderr, flush=True)
    # access_log off: request targets carry query strings such as ?plate=…&id_number=… (personal
    # data). Our own log lines name ids and codes only.
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        "log_level": args.log_level,
        "ssl_keyfile": args.ssl_keyfile,
        "ssl_certfile": args.ssl_certfile,
    }
    if args.workers == 1:
        uvicorn.run(create_app(settings, prepare_db=False), **common)
    else:
        # Workers are new interpreters that import the app by name; the settings (operator
        # token included) reach them in the environment, never on a command line.
        os.environ[SETTINGS_ENV] = settings.to_json()
        os.environ[LOG_LEVEL_ENV] = args.log_level
        uvicorn.run("server.app:app_from_environment", factory=True, workers=args.workers, **common)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def connection_budget_problem(engine: Engine, workers: int, settings: Settings) -> str | None:
    """Why these workers would run out of PostgreSQL connections under load, or None. Refused at
    start: past max_connections new connections fail mid-backlog, far from the cause."""
    from sqlalchemy import text

    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        limit = int(conn.execute(text("SHOW max_connections")).scalar_one())
        reserved = int(conn.execute(text("SHOW superuser_reserved_connections")).scalar_one())
    per_worker = settings.db_pool_size + settings.db_max_overflow
    need = workers * per_worker
    if need <= limit - reserved:
        return None
    return (
        f"--workers {workers} × (--db-pool-size {settings.db_pool_size} + --db-max-overflow "
        f"{settings.db_max_overflow}) = {need} connections, but the database allows "
        f"{limit - reserved} (max_connections {limit} − {reserved} reserved). Use fewer workers, "
        "a smaller pool, or raise max_connections."
    )


def _migrate(settings: Settings) -> int:
    from server.app import engine_for
    from server.schema import current_revision, prepare_database

    engine = engine_for(settings)
    try:
        prepare_database(engine)
        with engine.connect() as conn:
            print(f"database at revision {current_revision(conn)}")
    finally:
        engine.dispose()
    return 0


def _gateway_command(args: argparse.Namespace) -> int:
    from server.smsconfig import SmsConfigError, load_sms_config

    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _settings(args) if hasattr(args, "db") else None
    path = getattr(args, "sms_config", None) or os.environ.get("KIOSK_SERVER_SMS_CONFIG") or ""
    try:
        config = load_sms_config(path)
    except SmsConfigError as exc:
        print(f"kiosk-server: {exc}", file=sys.stderr)
        return 2
    if args.command == "check-gateways":
        from server.gateways.cli import check_gateways
        from server.smscheck import run_checks, sms_check

        sms = run_checks([sms_check(config)])  # 0 ok, 1 not all ok
        payments = check_gateways()  # 0 ok, 1 not reachable, 2 configuration or credentials
        return max(sms, payments)
    assert settings is not None
    return send_sms(settings.db_url, config, args.every)


def send_sms(db_url: str, config: SmsConfig, every: float = 0) -> int:
    """Send what is due and follow receipts, once or every ``every`` seconds."""
    import time

    from server import logsafe
    from server.db import make_engine, make_sessionmaker
    from server.schema import prepare_database
    from server.smssender import open_provider, send_round

    logsafe.install()
    engine = make_engine(db_url, pool_size=1)
    try:
        prepare_database(engine)  # the sending columns come with the migrations
        sm = make_sessionmaker(engine)
        with open_provider(config) as provider:
            while True:
                try:
                    send_round(sm, provider, config)
                except Exception as exc:  # a database hiccup: the next round tries again
                    if every <= 0:
                        raise
                    logging.getLogger("server.smssender").error(
                        "SMS round failed: %s", type(exc).__name__
                    )
                if every <= 0:
                    return 0
                time.sleep(every)
    finally:
        engine.dispose()


def openapi_json() -> str:
    from server.app import create_app

    app = create_app(Settings(db_url="sqlite://"))
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    sys.exit(main())
