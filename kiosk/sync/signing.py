"""Request signing (docs/protocol.md): HMAC-SHA256 over method, target, timestamp, nonce and the
body's SHA-256. Pure functions, so the test's independent verifier can be checked against them."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def canonical(method: str, target: str, timestamp: int, nonce: str, body: bytes) -> bytes:
    return "\n".join([method.upper(), target, str(timestamp), nonce, hashlib.sha256(body).hexdigest()]).encode()


def sign(secret: str, method: str, target: str, timestamp: int, body: bytes, nonce: str | None = None
         ) -> dict[str, str]:
    """Headers for one request. ``secret`` is the provisioned hex string; the HMAC key is the 32
    bytes it encodes (as the server does), not the hex text."""
    nonce = nonce or secrets.token_hex(16)
    mac = hmac.new(bytes.fromhex(secret), canonical(method, target, timestamp, nonce, body), hashlib.sha256)
    return {"X-Timestamp": str(timestamp), "X-Nonce": nonce, "X-Signature": mac.hexdigest()}
