"""The signatures both providers use, on `cryptography` only.

WeChat Pay API v3 and Alipay OpenAPI both sign with SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256,
base64 of the signature); WeChat encrypts callback resources with AEAD_AES_256_GCM under the
merchant's 32-byte APIv3 key (pay.weixin.qq.com/docs/merchant/development/interface-rules/
signature-generation.html, .../certificate-callback-decryption.html; opendocs.alipay.com/common/
02kf5q "自行实现签名").
"""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class SignatureInvalid(Exception):
    """A provider's answer or callback whose signature does not verify: never trusted."""


def load_private_key(pem: bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError("not an RSA private key")
    return key


def load_public_key(pem: bytes) -> rsa.RSAPublicKey:
    """A PEM public key, or the public key of a PEM certificate (WeChat's platform certificate)."""
    key: object
    if b"BEGIN CERTIFICATE" in pem:
        from cryptography import x509

        key = x509.load_pem_x509_certificate(pem).public_key()
    else:
        key = serialization.load_pem_public_key(pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise TypeError("not an RSA public key")
    return key


def load_public_key_text(text: str) -> rsa.RSAPublicKey:
    """Alipay's console shows its public key as bare base64 (no PEM armour); accept both."""
    text = text.strip()
    if not text.startswith("-----"):
        text = "-----BEGIN PUBLIC KEY-----\n" + text + "\n-----END PUBLIC KEY-----\n"
    return load_public_key(text.encode("ascii"))


def read_file(path: str | Path) -> bytes:
    return Path(path).read_bytes()


def sign(key: rsa.RSAPrivateKey, message: bytes) -> str:
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()


def verify(key: rsa.RSAPublicKey, message: bytes, signature_b64: str) -> None:
    try:
        key.verify(base64.b64decode(signature_b64), message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError) as exc:
        raise SignatureInvalid("signature does not verify") from exc


def aes_gcm_decrypt(key: bytes, nonce: str, associated_data: str, ciphertext_b64: str) -> bytes:
    try:
        return AESGCM(key).decrypt(
            nonce.encode(), base64.b64decode(ciphertext_b64), associated_data.encode()
        )
    except (InvalidTag, ValueError) as exc:
        raise SignatureInvalid(
            "callback resource does not decrypt (tampered or wrong key)"
        ) from exc


def aes_gcm_encrypt(key: bytes, nonce: str, associated_data: str, plaintext: bytes) -> str:
    """For the simulator: the provider's side of the callback encryption."""
    return base64.b64encode(
        AESGCM(key).encrypt(nonce.encode(), plaintext, associated_data.encode())
    ).decode()


def public_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
