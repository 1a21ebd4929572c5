"""`kiosk-server check-gateways` and `kiosk-server reconcile --date YYYY-MM-DD`."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date

from server.gateways.base import GatewayError, Unreachable
from server.gateways.config import ConfigError, load_gateways
from server.gateways.crypto import SignatureInvalid


def check_gateways(env: Mapping[str, str] | None = None) -> int:
    """0: every provider answered a signed call and its answer verified; 1: a provider is not
    reachable (said plainly, nothing else concluded); 2: configuration or credentials wrong."""
    try:
        gws = load_gateways(env)
    except ConfigError as exc:
        print(f"configuration: {exc}", file=sys.stderr)
        return 2
    if gws is None:
        print("payments: built-in simulator (KIOSK_PAY_PROVIDERS not set); nothing to check")
        return 0
    worst = 0
    for name, gw in gws.by_name.items():
        try:
            print(gw.check())
        except Unreachable as exc:
            print(f"{name}: not reachable ({exc}); credentials not checked", file=sys.stderr)
            worst = max(worst, 1)
        except SignatureInvalid as exc:
            print(
                f"{name}: the answer's signature does not verify with the configured provider "
                f"public key ({exc})",
                file=sys.stderr,
            )
            worst = 2
        except GatewayError as exc:
            print(f"{name}: credentials refused: {exc}", file=sys.stderr)
            worst = 2
    return worst


def reconcile_day(db_url: str, day: str, env: Mapping[str, str] | None = None) -> int:
    """0: no difference; 1: differences found (each alerted); 2: cannot reconcile."""
    from server.db import make_engine, make_sessionmaker
    from server.schema import prepare_database
    from server.gateways import models  # noqa: F401  (its tables)
    from server.gateways.reconcile import reconcile

    try:
        the_day = date.fromisoformat(day)
        gws = load_gateways(env)
    except (ValueError, ConfigError) as exc:
        print(f"reconcile: {exc}", file=sys.stderr)
        return 2
    if gws is None:
        print(
            "reconcile: no provider configured (KIOSK_PAY_PROVIDERS): nothing to reconcile",
            file=sys.stderr,
        )
        return 2
    engine = make_engine(db_url)
    try:
        prepare_database(engine)
        try:
            diffs = reconcile(make_sessionmaker(engine), gws.by_name, the_day)
        except (Unreachable, GatewayError, SignatureInvalid) as exc:
            print(f"reconcile {day}: bill not obtained: {exc}", file=sys.stderr)
            return 2
    finally:
        engine.dispose()
    for d in diffs:
        print(
            f"{d.provider}\t{d.kind}\t{d.order_id}\tprovider={d.provider_fen}\tours={d.our_fen}\tcase={d.case_number or '-'}"
        )
    print(f"reconcile {day}: {len(diffs)} difference(s)")
    return 1 if diffs else 0
