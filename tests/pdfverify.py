"""Check a PDF's digital signature as someone without our code would: take the bytes the PDF's
/ByteRange names and the CMS in its /Contents, and let OpenSSL verify them with the certificate
the centre publishes (GET /verify/certificate)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def openssl_verify(pdf: bytes, certificate: bytes, tmp: Path) -> subprocess.CompletedProcess[str]:
    """What anyone can do without a PDF library: take the bytes /ByteRange names, the CMS in
    /Contents, and let OpenSSL check the signature with the published certificate."""
    a, b, c, d = (int(n) for n in re.findall(
        rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)[-1])
    assert a == 0 and c + d == len(pdf), "the signature must cover the whole file but its own value"
    der = bytes.fromhex(pdf[b + 1:c - 1].decode())
    assert der[:2] == b"\x30\x82"  # a DER SEQUENCE with a two-byte length; the rest is padding
    der = der[:4 + int.from_bytes(der[2:4], "big")]
    (tmp / "signed.bin").write_bytes(pdf[a:a + b] + pdf[c:c + d])
    (tmp / "sig.der").write_bytes(der)
    (tmp / "centre.pem").write_bytes(certificate)
    return subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(tmp / "sig.der"),
         "-content", str(tmp / "signed.bin"), "-CAfile", str(tmp / "centre.pem"), "-purpose", "any",
         "-out", "/dev/null"], capture_output=True, text=True, check=False)
