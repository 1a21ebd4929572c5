"""A PDF digital signature the standard tools check (Adobe Reader, poppler's pdfsig, `openssl cms
-verify` over the byte ranges): the electronic copy (电子证照) of an issued document.

How: the PDF that doclayout renders gets one incremental update (ISO 32000-1 §7.5.6, §12.8) — a
signature field with an invisible widget on page 1, the field in the catalog's /AcroForm, and a
signature dictionary whose /Contents is a fixed-size hex placeholder. /ByteRange covers the whole
file except that placeholder; the CMS SignedData (RFC 5652, detached, SHA-256, built by
`cryptography`'s PKCS7SignatureBuilder) over those bytes is written into it. SubFilter is
adbe.pkcs7.detached: PAdES (ETSI.CAdES.detached) would also need the ESS signing-certificate-v2
signed attribute, which that builder cannot add; adbe.pkcs7.detached is what every reader checks.

The signing certificate: RSA-2048, self-signed, made on first start beside the document key
(`<server key file>.pdfsign.pem`, key and certificate, mode 0600) — a demo certificate. A phone or
Reader shows "signature valid, signer not trusted" until a site puts a certificate from a CA the
recipients trust in its place (same file names). Anyone can fetch it at GET /verify/certificate.
Ed25519 is not used here: CMS readers (NSS in pdfsig and Reader) do not all accept it."""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

log = logging.getLogger("server.pdfsign")

CONTENTS_BYTES = 8192  # room for the CMS (certificate ~900 B + signature 256 B + attributes)
_BYTERANGE_WIDTH = 40  # "[0 a b c]" padded with spaces, fixed before the digest is taken


class SigningIdentity:
    """The centre's PDF signing key and its certificate."""

    def __init__(self, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> None:
        self.key = key
        self.certificate = certificate

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def make_identity(common_name: str, now: datetime) -> SigningIdentity:
    """A self-signed certificate for document signing (demo; valid 10 years)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
        x509.NameAttribute(NameOID.COMMON_NAME, "电子证照签章 (demo)"),  # ≤ 64 bytes
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(key, cert)


def load_identity(base: Path | None, common_name: str, now: datetime) -> SigningIdentity:
    """The identity stored in `<base>.pdfsign.pem` (key and certificate, mode 0600), made the
    first time; in memory when the database is (base None), like the Ed25519 document key.
    Several workers may start together: the file appears whole or not at all (written aside,
    then hard-linked into place, which fails if another worker got there first)."""
    if base is None:
        return make_identity(common_name, now)
    path = base.with_name(base.name + ".pdfsign.pem")
    if not path.exists():
        identity = make_identity(common_name, now)
        pem = identity.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()) + identity.certificate_pem()
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(aside, path)
            log.warning("new self-signed PDF signing certificate written to %s: replace it with one "
                        "from a CA the recipients trust", path)
        except FileExistsError:
            pass  # another worker's is in place: use that one
        finally:
            aside.unlink()
    data = path.read_bytes()
    key = serialization.load_pem_private_key(data, None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return SigningIdentity(key, x509.load_pem_x509_certificate(data))


def _pdf_text(text: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte order mark, as hex (any language, no escaping)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _find(pattern: bytes, data: bytes, what: str) -> re.Match[bytes]:
    found = list(re.finditer(pattern, data))
    if not found:
        raise ValueError(f"not a PDF we can sign: no {what}")
    return found[-1]  # the last one: the newest trailer of an updated file


def _object(data: bytes, number: int) -> bytes:
    """The dictionary of object `number` (its last definition), between `<<` and `>>`."""
    m = _find(rb"(?s)\b" + str(number).encode() + rb" 0 obj\s*(<<.*?>>)\s*endobj", data, f"object {number}")
    return m.group(1)


def sign_pdf(pdf: bytes, identity: SigningIdentity, reason: str, location: str,
             signed_at: datetime) -> bytes:
    """`pdf` with a detached CMS signature over all its bytes (one incremental update)."""
    root = int(_find(rb"/Root (\d+) 0 R", pdf, "catalog").group(1))
    size = int(_find(rb"/Size (\d+)", pdf, "trailer size").group(1))
    prev = int(_find(rb"startxref\s+(\d+)", pdf, "startxref").group(1))
    ids = _find(rb"/ID\s*(\[\s*<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\])", pdf, "file ID").group(1)
    catalog = _object(pdf, root)
    pages = int(_find(rb"/Pages (\d+) 0 R", catalog, "page tree").group(1))
    first_page = int(_find(rb"/Kids \[\s*(\d+) 0 R", _object(pdf, pages), "page").group(1))
    page = _object(pdf, first_page)
    if b"/Annots" in page or b"/AcroForm" in catalog:
        raise ValueError("not a PDF we can sign: it already has annotations or a form")
    sig_no, field_no = size, size + 1
    stamp = signed_at.strftime("D:%Y%m%d%H%M%S+00'00'").encode()
    placeholder = b"0" * (CONTENTS_BYTES * 2)
    objects = {
        root: catalog[:-2].rstrip() + b" /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> >>" % field_no,
        first_page: page[:-2].rstrip() + b" /Annots [%d 0 R] >>" % field_no,
        sig_no: (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange "
                 + b"[0 0 0 0]".ljust(_BYTERANGE_WIDTH) + b" /Contents <" + placeholder + b"> /M ("
                 + stamp + b") /Reason " + _pdf_text(reason) + b" /Location " + _pdf_text(location)
                 + b" >>"),
        field_no: (b"<< /Type /Annot /Subtype /Widget /FT /Sig /F 132 /T (Signature1) /V %d 0 R"
                   b" /Rect [0 0 0 0] /P %d 0 R >>" % (sig_no, first_page)),
    }
    body = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(body)
        body += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref_at = len(body)
    body += b"xref\n"
    for number in sorted(offsets):  # one subsection per object: they are not all consecutive
        body += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
    body += (b"trailer\n<< /Size %d /Root %d 0 R /Prev %d /ID %s >>\nstartxref\n%d\n%%%%EOF\n"
             % (size + 2, root, prev, ids, xref_at))
    # the byte range: everything but the hex string <…> of /Contents, brackets included
    start = body.index(b"/Contents <" + placeholder) + len(b"/Contents ")
    end = start + len(placeholder) + 2
    ranges = b"[0 %d %d %d]" % (start, end, len(body) - end)
    at = body.index(b"/ByteRange [0 0 0 0]") + len(b"/ByteRange ")
    body[at:at + _BYTERANGE_WIDTH] = ranges.ljust(_BYTERANGE_WIDTH)
    signed_bytes = bytes(body[:start]) + bytes(body[end:])
    cms = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(signed_bytes)
        .add_signer(identity.certificate, identity.key, hashes.SHA256())
        .sign(serialization.Encoding.DER,
              [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary,
               pkcs7.PKCS7Options.NoCapabilities])
    )
    if len(cms) > CONTENTS_BYTES:
        raise ValueError("signature larger than its placeholder")
    body[start + 1:start + 1 + len(cms) * 2] = cms.hex().upper().encode()
    return bytes(body)
