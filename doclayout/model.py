"""One model for a document the kiosk issues: what the centre returned, nothing the kiosk made up.

The centre signs the canonical fields (server/documents.py); the kiosk prints them as they are,
with the verification code and a QR that carries the verification URL and the signature."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class BadDocument(ValueError):
    """The centre's answer is not a document we can print (a protocol error, never shown raw)."""


@dataclass(frozen=True)
class DocumentField:
    key: str
    label_zh: str
    label_en: str
    value: str


@dataclass(frozen=True)
class IssuedDocument:
    kind: str  # "hukou"
    title: str  # 户籍证明
    code: str  # verification code, 16 base32 characters
    authority: str
    issued_on: str  # YYYY-MM-DD, China Standard Time
    fields: tuple[DocumentField, ...]
    qr_payload: str  # the verification URL with the signature
    reprint: bool = False  # the centre handed out a document it issued earlier and was not printed

    @property
    def code_grouped(self) -> str:
        return " ".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def value(self, key: str) -> str:
        for f in self.fields:
            if f.key == key:
                return f.value
        raise KeyError(key)

    @classmethod
    def from_centre(cls, answer: dict[str, Any]) -> IssuedDocument:
        try:
            doc = answer["document"]
            labels = answer.get("labels", {})
            fields = tuple(
                DocumentField(
                    str(k), str(labels.get(k, [k, k])[0]), str(labels.get(k, [k, k])[1]), str(v)
                )
                for k, v in doc["fields"].items()
            )
            return cls(
                kind=str(doc["kind"]),
                title=str(doc["title"]),
                code=str(answer["code"]),
                authority=str(doc["authority"]),
                issued_on=str(doc["issued_on"]),
                fields=fields,
                qr_payload=str(answer["verify_url"]),
                reprint=bool(answer.get("reprint", False)),
            )
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise BadDocument(f"centre answer is not a document: {type(exc).__name__}") from None

    def __repr__(self) -> str:  # never the fields: they carry a name and an ID number
        return f"IssuedDocument(kind={self.kind!r}, code={self.code[:4]}…)"


@dataclass(frozen=True)
class ApplicationForm:
    """The application the citizen signed (申请表), for them to keep: made by the kiosk from the
    case's answers, not signed by the centre (no verification code). It holds personal data and
    the signature image: it lives in memory only and goes only to the printer."""

    title_zh: str  # 居民身份证申领登记表 (the catalog's sign step names it)
    title_en: str
    item_zh: str  # the service item applied for
    item_en: str
    case_number: str
    applied_on: str  # YYYY-MM-DD, China Standard Time
    fields: tuple[DocumentField, ...]  # the answers as the review step showed them
    signature_png: bytes  # the citizen's handwritten signature (PNG)
    by_agent: bool = False  # 代办: the agent signed (the form says so under the box)

    def __repr__(self) -> str:  # never the answers or the signature
        return f"ApplicationForm(title={self.title_zh!r}, fields={len(self.fields)})"
