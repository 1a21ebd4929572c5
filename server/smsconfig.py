"""SMS configuration: the provider, the approved templates (one per notice kind) and where the
provider's keys are. Read from a TOML file (setting ``sms_config`` / ``--sms-config`` / env
KIOSK_SERVER_SMS_CONFIG) and checked when the server starts, so a bureau learns about a missing
template or key at start, not when the first certificate is ready.

The keys are never in the database and never in this file: ``access_key_file`` names a file
holding ``access_key_id`` and ``access_key_secret`` (TOML), or the environment gives
KIOSK_SMS_ACCESS_KEY_ID and KIOSK_SMS_ACCESS_KEY_SECRET.

No file configured: the local simulator (server.smssim) with its own templates, for the demo.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from server.notices import TEXTS
from server.smsgateway import DEFAULT_ENDPOINT, Template

# What a template variable may be filled with: only values the server checked itself.
PARAMETERS = frozenset({"case_number"})
ENV_KEY_ID = "KIOSK_SMS_ACCESS_KEY_ID"
ENV_KEY_SECRET = "KIOSK_SMS_ACCESS_KEY_SECRET"
PROVIDERS = ("aliyun", "simulator")


class SmsConfigError(ValueError):
    """The SMS configuration cannot be used; the message names the setting to fix."""


@dataclass(frozen=True)
class SmsConfig:
    provider: str = "simulator"
    endpoint: str = DEFAULT_ENDPOINT
    sign_name: str = "公安政务服务"
    templates: dict[str, Template] = field(default_factory=dict)
    access_key_id: str = ""
    access_key_secret: str = field(default="", repr=False)
    # Per mobile number: at most this many messages in any hour; the rest are not sent.
    per_number_per_hour: int = 3
    # A failed attempt that may succeed later is retried after 30 s, 60 s, … at most max_backoff_s
    # apart, max_attempts times in all.
    max_attempts: int = 8
    first_backoff_s: int = 30
    max_backoff_s: int = 3600


def simulator_config() -> SmsConfig:
    """The demo: the local simulator's own templates (server.smssim.DEFAULT_TEMPLATES)."""
    return SmsConfig(
        provider="simulator",
        templates={
            kind: Template(code=f"SMS_SIM_{kind.upper()}", params=("case_number",))
            for kind in TEXTS
        },
    )


def _keys(raw: dict[str, object], where: str) -> tuple[str, str]:
    for forbidden in ("access_key_id", "access_key_secret"):
        if forbidden in raw:
            raise SmsConfigError(
                f"{where}: {forbidden} does not belong in the template file; put the keys in the "
                f"file named by access_key_file, or in env {ENV_KEY_ID}/{ENV_KEY_SECRET}"
            )
    key_file = raw.get("access_key_file")
    if key_file:
        path = Path(str(key_file))
        try:
            keys = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SmsConfigError(
                f"{where}: access_key_file {path} cannot be read ({exc.strerror})"
            ) from exc
        except tomllib.TOMLDecodeError as exc:
            raise SmsConfigError(f"{where}: access_key_file {path} is not TOML") from exc
        kid, secret = keys.get("access_key_id"), keys.get("access_key_secret")
        if not (isinstance(kid, str) and kid and isinstance(secret, str) and secret):
            raise SmsConfigError(
                f"{where}: access_key_file {path} must set access_key_id and access_key_secret"
            )
        return kid, secret
    kid, secret = os.environ.get(ENV_KEY_ID, ""), os.environ.get(ENV_KEY_SECRET, "")
    if not (kid and secret):
        raise SmsConfigError(
            f"{where}: the provider's keys are missing: set access_key_file, or env "
            f"{ENV_KEY_ID} and {ENV_KEY_SECRET}"
        )
    return kid, secret


def _templates(raw: object, where: str) -> dict[str, Template]:
    if not isinstance(raw, dict):
        raise SmsConfigError(f"{where}: [templates.<notice kind>] sections are missing")
    out: dict[str, Template] = {}
    for kind in TEXTS:
        entry = raw.get(kind)
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
            raise SmsConfigError(
                f"{where}: templates.{kind}.code is missing (the approved TemplateCode for the "
                f"'{kind}' notice)"
            )
        params = entry.get("params", ["case_number"])
        if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
            raise SmsConfigError(f"{where}: templates.{kind}.params must be a list of names")
        unknown = sorted(set(params) - PARAMETERS)
        if unknown:
            raise SmsConfigError(
                f"{where}: templates.{kind}.params {unknown}: the server fills only "
                f"{sorted(PARAMETERS)}"
            )
        out[kind] = Template(code=entry["code"], params=tuple(params))
    extra = sorted(set(raw) - set(TEXTS))
    if extra:
        raise SmsConfigError(
            f"{where}: templates {extra}: the server sends no such notice (kinds: {sorted(TEXTS)})"
        )
    return out


def _positive(raw: dict[str, object], name: str, default: int, where: str) -> int:
    value = raw.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SmsConfigError(f"{where}: {name} must be a whole number ≥ 1")
    return value


def load_sms_config(path: str) -> SmsConfig:
    """The configuration in ``path``; '' gives the simulator's. Raises SmsConfigError."""
    if not path:
        return simulator_config()
    where = f"SMS configuration {path}"
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SmsConfigError(f"{where} cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SmsConfigError(f"{where} is not valid TOML: {exc}") from exc
    provider = raw.get("provider", "aliyun")
    if provider not in PROVIDERS:
        raise SmsConfigError(f"{where}: provider must be one of {list(PROVIDERS)}")
    if provider == "simulator":
        return simulator_config()
    sign_name = raw.get("sign_name")
    if not isinstance(sign_name, str) or not sign_name:
        raise SmsConfigError(f"{where}: sign_name (the approved SMS signature) is missing")
    key_id, secret = _keys(raw, where)
    return SmsConfig(
        provider="aliyun",
        endpoint=str(raw.get("endpoint", DEFAULT_ENDPOINT)),
        sign_name=sign_name,
        templates=_templates(raw.get("templates"), where),
        access_key_id=key_id,
        access_key_secret=secret,
        per_number_per_hour=_positive(raw, "per_number_per_hour", 3, where),
        max_attempts=_positive(raw, "max_attempts", 8, where),
        first_backoff_s=_positive(raw, "first_backoff_s", 30, where),
        max_backoff_s=_positive(raw, "max_backoff_s", 3600, where),
    )
