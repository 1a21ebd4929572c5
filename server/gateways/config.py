"""Which gateways the centre uses, and their credentials: from the environment and key files
only, never the database (a database dump must not carry a merchant key).

KIOSK_PAY_PROVIDERS=wechat,alipay turns the providers on (unset: the built-in simulator). A
payment code goes to the provider its digits belong to (reference/devices.md §3); a QR order
goes to KIOSK_PAY_QR_PROVIDER (default: the first provider listed). Every missing or unreadable
setting is reported by name at start (ConfigError), before the server takes a request.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from server.gateways import crypto
from server.gateways.alipay import DEFAULT_GATEWAY, Alipay, AlipayConfig
from server.gateways.base import Gateway, provider_for_auth_code
from server.gateways.wechat import DEFAULT_BASE_URL, WechatConfig, WechatPay


class ConfigError(Exception):
    pass


@dataclass
class Gateways:
    """The configured providers (empty: the built-in simulator in server/payments.py)."""

    by_name: dict[str, Gateway] = field(default_factory=dict)
    qr_provider: str = ""

    def for_code(self, auth_code: str) -> Gateway | None:
        name = provider_for_auth_code(auth_code)
        return self.by_name.get(name) if name else None

    @property
    def qr(self) -> Gateway:
        return self.by_name[self.qr_provider]


def _need(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set")
    return value


def _file(env: Mapping[str, str], name: str) -> bytes:
    path = _need(env, name)
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read {path} ({exc.strerror})") from exc


def _private(env: Mapping[str, str], name: str):  # type: ignore[no-untyped-def]
    try:
        return crypto.load_private_key(_file(env, name))
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{name}: not an unencrypted PEM RSA private key") from exc


def _public(env: Mapping[str, str], name: str):  # type: ignore[no-untyped-def]
    try:
        return crypto.load_public_key_text(_file(env, name).decode("ascii", "replace"))
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{name}: not a PEM RSA public key or certificate") from exc


def wechat_from_env(env: Mapping[str, str]) -> WechatPay:
    if env.get("WECHATPAY_APIV3_KEY_FILE"):
        apiv3 = _file(env, "WECHATPAY_APIV3_KEY_FILE").strip()
    else:
        apiv3 = _need(env, "WECHATPAY_APIV3_KEY").encode()
    if len(apiv3) != 32:
        raise ConfigError("WECHATPAY_APIV3_KEY(_FILE): the APIv3 key must be 32 characters")
    return WechatPay(
        WechatConfig(
            mchid=_need(env, "WECHATPAY_MCHID"),
            appid=_need(env, "WECHATPAY_APPID"),
            serial_no=_need(env, "WECHATPAY_CERT_SERIAL_NO"),
            private_key=_private(env, "WECHATPAY_PRIVATE_KEY_FILE"),
            apiv3_key=apiv3,
            platform_serial=_need(env, "WECHATPAY_PLATFORM_SERIAL"),
            platform_key=_public(env, "WECHATPAY_PLATFORM_PUBLIC_KEY_FILE"),
            notify_url=_need(env, "WECHATPAY_NOTIFY_URL"),
            base_url=env.get("WECHATPAY_BASE_URL", "").strip() or DEFAULT_BASE_URL,
            store_id=env.get("WECHATPAY_STORE_ID", "").strip() or "kiosk",
        )
    )


def alipay_from_env(env: Mapping[str, str]) -> Alipay:
    return Alipay(
        AlipayConfig(
            app_id=_need(env, "ALIPAY_APP_ID"),
            private_key=_private(env, "ALIPAY_APP_PRIVATE_KEY_FILE"),
            alipay_public_key=_public(env, "ALIPAY_PUBLIC_KEY_FILE"),
            notify_url=_need(env, "ALIPAY_NOTIFY_URL"),
            gateway_url=env.get("ALIPAY_GATEWAY_URL", "").strip() or DEFAULT_GATEWAY,
        )
    )


_BUILDERS: dict[str, Callable[[Mapping[str, str]], Gateway]] = {
    "wechat": wechat_from_env,
    "alipay": alipay_from_env,
}


def load_gateways(env: Mapping[str, str] | None = None) -> Gateways | None:
    """None when no provider is configured: the built-in simulator answers (demo, tests)."""
    env = os.environ if env is None else env
    names = [n.strip() for n in env.get("KIOSK_PAY_PROVIDERS", "").split(",") if n.strip()]
    if not names or names == ["simulator"]:
        return None
    for n in names:
        if n not in _BUILDERS:
            raise ConfigError(f"KIOSK_PAY_PROVIDERS: unknown provider {n!r} (wechat, alipay)")
    gws = Gateways({n: _BUILDERS[n](env) for n in names})
    gws.qr_provider = env.get("KIOSK_PAY_QR_PROVIDER", "").strip() or names[0]
    if gws.qr_provider not in gws.by_name:
        raise ConfigError(
            f"KIOSK_PAY_QR_PROVIDER: {gws.qr_provider!r} is not in KIOSK_PAY_PROVIDERS"
        )
    return gws
