"""`kiosk-server` command line: serve, add-kiosk, openapi, check-gateways, reconcile."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys

from server.settings import Settings

DEFAULT_DB = "sqlite:///kiosk-server.db"


def _settings(args: argparse.Namespace, **extra: object) -> Settings:
    kw: dict[str, object] = {"db_url": args.db}
    token = getattr(args, "operator_token", None) or os.environ.get("KIOSK_SERVER_OPERATOR_TOKEN")
    if token:
        kw["operator_token"] = token
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
    serve.add_argument("--ssl-keyfile")
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--log-level", default="info")
    add = sub.add_parser("add-kiosk", help="provision a kiosk and print its secret")
    add.add_argument("kiosk_id")
    add.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB))
    add.add_argument("--secret", help="use this hex secret instead of a new random one")
    sub.add_parser("openapi", help="print the OpenAPI document (committed as server/openapi.json)")
    sub.add_parser("check-gateways", help="check the payment providers' credentials (docs/payments.md)")
    rec = sub.add_parser("reconcile", help="compare the providers' bills for a day with our cases")
    rec.add_argument("--date", required=True, help="the Beijing day, YYYY-MM-DD")
    rec.add_argument("--db", default=os.environ.get("KIOSK_SERVER_DB", DEFAULT_DB))
    args = parser.parse_args(argv)

    if args.command == "check-gateways":
        from server.gateways.cli import check_gateways

        return check_gateways()
    if args.command == "reconcile":
        from server.gateways.cli import reconcile_day

        return reconcile_day(args.db, args.date)

    if args.command == "openapi":
        print(openapi_json())
        return 0
    if args.command == "add-kiosk":
        from server.app import add_kiosk

        if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", args.kiosk_id):
            print("kiosk id: 1-64 letters, digits, _ . : -", file=sys.stderr)
            return 2
        print(add_kiosk(_settings(args), args.kiosk_id, args.secret))
        return 0

    import uvicorn

    from server.app import create_app

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from server.gateways.config import ConfigError, load_gateways

    try:
        gateways = load_gateways()  # before serving: a wrong key file is named now, not later
    except ConfigError as exc:
        print(f"payment configuration: {exc}", file=sys.stderr)
        return 2
    settings = _settings(args, demo=args.demo, pay_gateways=gateways)
    if not (args.operator_token or os.environ.get("KIOSK_SERVER_OPERATOR_TOKEN")):
        print(f"operator token: {settings.operator_token}", file=sys.stderr, flush=True)
    app = create_app(settings)
    # access_log off: request targets carry query strings such as ?plate=…&id_number=… (personal
    # data). Our own log lines name ids and codes only.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        access_log=False,
        log_level=args.log_level,
        ssl_keyfile=args.ssl_keyfile,
        ssl_certfile=args.ssl_certfile,
    )
    return 0


def openapi_json() -> str:
    from server.app import create_app

    app = create_app(Settings(db_url="sqlite://"))
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    sys.exit(main())
