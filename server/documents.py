"""Documents issued at the kiosk (户籍证明 first) and their public verification (扫码验真).

The centre, not the kiosk, makes a document: it reads the household register, gives the document
a verification code (16 base32 characters from 80 random bits: unguessable, short enough to type)
and signs the canonical form of its fields with Ed25519. The kiosk only prints what it got.

Signing key: an Ed25519 private key in a PEM file outside the database, beside the server key
(`<server key file>.ed25519`, mode 0600; made on first start; for an in-memory database it lives
as long as the process). Anyone can check a document offline with the public key at
GET /verify/key.

The QR on the paper carries /v/{code}?s=<signature, base64url>. The verification answer is:
- genuine: the code exists, its stored fields verify under our key and the QR's signature is
  the one for exactly these fields (the page shows the fields as issued, ID number masked, so a
  reader can compare them with the paper);
- altered: the stored fields no longer match their signature (someone edited the database);
- mismatch: the QR's signature is not ours for this document (a QR copied or made up);
- unknown: no such code (a forged code).

Issuing is idempotent per (kiosk, request_id); an unprinted document for the same person from the
last 24 h is handed out again instead of a new one (a reprint after paper out: nothing is issued
twice). Tables: household_register (demo data), issued_documents."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import secrets
import threading
import time
from collections import deque
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from server.auth import kiosk_auth
from server.db import Base, iso, once_more_on_conflict, utcnow
from server.errors import ApiError
from server.schemas import Str
from server.secretbox import key_path
from server.settings import Settings

log = logging.getLogger("server.documents")
router = APIRouter(tags=["documents"])

REPRINT_WINDOW = timedelta(hours=24)
CODE_RE = re.compile(r"^[A-Z2-7]{16}$")
SIG_RE = re.compile(r"^[A-Za-z0-9_-]{86}$")
DOMAIN = (
    b"police-kiosk-document-v1\n"  # signatures over documents are never valid for anything else
)
AUTHORITY = "北京市公安局朝阳分局示例派出所"
VERIFY_PER_MINUTE = 20


class HouseholdEntry(Base):
    """常住人口登记 (demo extract): one row per registered person."""

    __tablename__ = "household_register"
    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(4))
    nation: Mapped[str] = mapped_column(String(16))
    birth: Mapped[str] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(200))
    head_name: Mapped[str] = mapped_column(String(64))
    relation: Mapped[str] = mapped_column(String(16))
    station: Mapped[str] = mapped_column(String(100))
    # 户号: who shares a household (the kinship certificate reads relations through its head);
    # None for an entry whose household the extract does not give
    household_no: Mapped[str | None] = mapped_column(String(20), nullable=True, default=None)


class IssuedDocument(Base):
    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("kiosk_id", "request_id", name="uq_issued_documents_request"),
    )
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(
        String(18), index=True
    )  # whose document (for the reprint rule)
    canonical: Mapped[str] = mapped_column(Text)  # the exact signed JSON
    signature: Mapped[str] = mapped_column(String(86))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    printed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    prints: Mapped[int] = mapped_column(default=0)
    failed_prints: Mapped[int] = mapped_column(default=0)


def _demo_register() -> list[HouseholdEntry]:
    """The demo register's extract for two fictitious sample identities (assets/demo)."""
    from server.demo_data import demo_id_number

    return [_resident(demo_id_number("resident")), _rare_name(demo_id_number("rare_name")),
            *_resident_relatives()]


def _resident_relatives() -> list[HouseholdEntry]:
    """测试甲's household (户号 110105000123): her husband and son; her mother lives in a household
    of her own, so the register cannot show that relation (the kinship certificate goes to the
    counter). Fictitious people with valid check digits (GB 11643)."""
    home = "北京市朝阳区示例路1号院2号楼3单元401室"
    station = "北京市公安局朝阳分局示例派出所"
    return [
        HouseholdEntry(id_number="11010519880512123X", name="测试乙", gender="男", nation="汉族",
                       birth="1988-05-12", address=home, head_name="测试甲", relation="配偶",
                       station=station, household_no="110105000123"),
        HouseholdEntry(id_number="110105201506011238", name="测试丙", gender="男", nation="汉族",
                       birth="2015-06-01", address=home, head_name="测试甲", relation="子",
                       station=station, household_no="110105000123"),
        HouseholdEntry(id_number="110105196202101249", name="测试丁", gender="女", nation="汉族",
                       birth="1962-02-10", address="北京市朝阳区示例南路9号", head_name="测试丁",
                       relation="户主", station=station, household_no="110105000456"),
    ]


def _resident(id_number: str) -> HouseholdEntry:
    return HouseholdEntry(
        id_number=id_number,
        name="测试甲",
        gender="女",
        nation="汉族",
        birth="1990-03-07",
        address="北京市朝阳区示例路1号院2号楼3单元401室",
        head_name="测试甲",
        relation="户主",
        station="北京市公安局朝阳分局示例派出所",
        household_no="110105000123",
    )


def _rare_name(id_number: str) -> HouseholdEntry:
    return HouseholdEntry(
        id_number=id_number,
        name="测试䶮",
        gender="男",
        nation="汉族",
        birth="1958-08-12",
        address="广东省广州市越秀区测试街（东）５号",
        head_name="测试䶮",
        relation="户主",
        station="广州市公安局越秀区分局测试派出所",
    )


HUKOU_FIELDS: list[tuple[str, str, str]] = [  # key, 中文, English
    ("name", "姓名", "Name"),
    ("gender", "性别", "Sex"),
    ("nation", "民族", "Ethnicity"),
    ("birth", "出生日期", "Date of birth"),
    ("id_number", "公民身份号码", "ID number"),
    ("address", "户籍地址", "Registered address"),
    ("head_name", "户主姓名", "Head of household"),
    ("relation", "与户主关系", "Relation to head"),
    ("station", "户口登记机关", "Registration office"),
]


RECORD_FIELDS: list[tuple[str, str, str]] = [  # 无犯罪记录证明
    ("name", "姓名", "Name"),
    ("gender", "性别", "Sex"),
    ("id_number", "公民身份号码", "ID number"),
    ("result", "查询结果", "Result"),
    ("purpose", "证明用途", "Purpose"),
    ("receiving_org", "用证单位", "Receiving organisation"),
]
ENDORSEMENT_FIELDS: list[tuple[str, str, str]] = [  # 居住证签注 confirmation
    ("name", "姓名", "Name"),
    ("id_number", "公民身份号码", "ID number"),
    ("permit_no", "居住证号码", "Residence permit number"),
    ("address", "居住地址", "Address of residence"),
    ("residence_year", "签注年度", "Year of residence endorsed"),
    ("valid_until", "签注有效期至", "Endorsement valid until"),
]
PLATE_FIELDS: list[tuple[str, str, str]] = [  # 临时行驶车号牌 (printed on plate stock)
    ("plate_no", "号牌号码", "Plate number"),
    ("vin", "车辆识别代号", "VIN"),
    ("owner", "机动车所有人", "Owner"),
    ("id_number", "身份证明号码", "ID number"),
    ("valid_from", "有效期起", "Valid from"),
    ("valid_until", "有效期止", "Valid until"),
    ("area", "行驶区间", "Where it may be driven"),
]
KINSHIP_FIELDS: list[tuple[str, str, str]] = [  # 亲属关系证明 (ZM-0301)
    ("name", "申请人姓名", "Applicant"),
    ("id_number", "申请人公民身份号码", "Applicant's ID number"),
    ("relative_name", "亲属姓名", "Relative"),
    ("relative_id_number", "亲属公民身份号码", "Relative's ID number"),
    ("relationship", "亲属系申请人的", "The relative is the applicant's"),
    ("basis", "证明依据", "Shown by"),
    ("purpose", "证明用途", "Purpose"),
]
SEAL_FILING_FIELDS: list[tuple[str, str, str]] = [  # 印章刻制备案回执 (ZA-0302)
    ("org_name", "单位名称", "Organisation"),
    ("org_credit_code", "统一社会信用代码", "Unified social credit code"),
    ("seal_kind", "印章种类", "Seal"),
    ("seal_reason", "刻制原因", "Reason"),
    ("agent", "经办人", "Agent"),
    ("id_number", "经办人公民身份号码", "Agent's ID number"),
    ("filed_on", "备案日期", "Filed on"),
]
UNIT_CHECK_FIELDS: list[tuple[str, str, str]] = [  # 犯罪记录查询告知函 for an organisation (ZM-0102)
    ("org_name", "查询单位", "Organisation"),
    ("org_credit_code", "统一社会信用代码", "Unified social credit code"),
    ("sector", "从业禁止所属行业", "Sector of the occupational ban"),
    ("person_name", "被查询人姓名", "Person checked"),
    ("person_id_number", "被查询人公民身份号码", "ID number of the person checked"),
    ("result", "查询结果", "Result"),
    ("agent", "经办人", "Agent"),
    ("id_number", "经办人公民身份号码", "Agent's ID number"),
]
LABELS = {"hukou": HUKOU_FIELDS, "unit_record_check": UNIT_CHECK_FIELDS, "no_criminal_record": RECORD_FIELDS,
          "residence_endorsement": ENDORSEMENT_FIELDS, "temporary_plate": PLATE_FIELDS,
          "kinship": KINSHIP_FIELDS, "seal_filing": SEAL_FILING_FIELDS}
TITLES = {"hukou": "户籍证明", "no_criminal_record": "无犯罪记录证明",
          "residence_endorsement": "居住证签注凭证", "temporary_plate": "临时行驶车号牌",
          "kinship": "亲属关系证明", "seal_filing": "印章刻制备案回执",
          "unit_record_check": "犯罪记录查询告知函"}
# Delivered only as the electronic copy (电子证照): nothing is printed at the kiosk; the link is
# the delivery (server/ecopy.py gives it without a print report).
ELECTRONIC_KINDS = frozenset({"unit_record_check"})
SECTORS = {"education": "教育/未成年人保护", "security": "保安服务", "health": "医疗卫生",
           "transport": "道路运输", "other": "其他法定行业"}
UNIT_COUNTER = ("单位住所地派出所", "the police station where the organisation is located")
UNIT_NOT_HERE = (
    "本中心不能当场答复此次查询（如被查询人的记录需民警人工核查、姓名与身份号码不符或不在本地登记），"
    "需携单位介绍信和从业禁止的法律依据；",
    "This check cannot be answered here (for example the record of the person checked needs an "
    "officer's review, the name does not match the ID number, or the person is registered "
    "elsewhere); bring the organisation's letter and the legal basis of the occupational ban;")
# What the relative is to the applicant (the kiosk's choice values) → the certificate's words.
RELATIONSHIPS = {"parent": "父母", "child": "子女", "spouse": "配偶", "sibling": "兄弟姐妹",
                 "grandparent": "祖父母/外祖父母"}
KINSHIP_PURPOSES = {"inheritance": "继承/公证", "insurance": "保险理赔", "social_security": "社保/公积金",
                    "other": "其他"}
# 与户主关系 as the register writes it (家庭关系代码, GB/T 4761), by what it says about the head.
# Only words that name a blood or marriage tie to the head count: a 继子女 or 其他 shows nothing.
_CHILD = frozenset({"子", "女", "独生子", "独生女", "长子", "次子", "三子", "长女", "次女", "三女"})
_PARENT = frozenset({"父亲", "母亲"})
_SPOUSE = frozenset({"配偶", "夫", "妻"})
_SIBLING = frozenset({"兄", "弟", "姐", "妹", "兄弟姐妹"})
_GRANDCHILD = frozenset({"孙子", "孙女", "外孙子", "外孙女"})
_GRANDPARENT = frozenset({"祖父", "祖母", "外祖父", "外祖母"})
KINSHIP_COUNTER = ("户口所在地派出所户籍窗口",
                   "the household registration counter of the police station where you are registered")
KINSHIP_NOT_SHOWN = (
    "户籍登记资料不能证明您与所填亲属的这一关系（如不在同一户、亲属户籍不在本地或登记中没有相应记录），"
    "需由民警查阅户籍档案核实；",
    "The household register cannot show this relationship between you and the relative you entered "
    "(for example you are not in the same household, the relative is registered elsewhere, or the "
    "register has no such entry); an officer must check the household records;")
SEAL_KINDS = {"official": "单位公章", "finance": "财务专用章", "contract": "合同专用章",
              "invoice": "发票专用章", "legal_rep": "法定代表人名章"}
SEAL_REASONS = {"new": "新刻", "lost": "遗失重刻", "damaged": "损坏重刻", "renamed": "更名重刻"}
SEAL_COUNTER = ("公安机关治安管理部门窗口", "the public-order counter of the police")
# GB 32100-2015 统一社会信用代码: 18 characters from these 31 (no I, O, Z, S, V), the last a check
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(code: str) -> bool:
    """GB 32100-2015 §4: check character = 31 − (Σ value × weight mod 31), 31 written as 0."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


def register_relation(applicant: HouseholdEntry, relative: HouseholdEntry) -> str | None:
    """What `relative` is to `applicant` (a RELATIONSHIPS key) as far as the register shows it:
    both in one household (same 户号) and their 与户主关系 naming the tie through the head. None:
    the register does not show it (another household, a step-relation, two non-heads whose tie
    the head does not fix, e.g. the head's spouse and the head's child)."""
    if applicant.household_no is None or applicant.household_no != relative.household_no:
        return None
    a, b = applicant.relation, relative.relation
    if a == "户主":
        return ("child" if b in _CHILD else "parent" if b in _PARENT else "spouse" if b in _SPOUSE
                else "sibling" if b in _SIBLING else "grandparent" if b in _GRANDPARENT else None)
    if b == "户主":
        return ("parent" if a in _CHILD else "child" if a in _PARENT else "spouse" if a in _SPOUSE
                else "sibling" if a in _SIBLING else "grandparent" if a in _GRANDCHILD else None)
    if a in _CHILD and b in _CHILD:
        return "sibling"
    if a in _CHILD and b in _PARENT:
        return "grandparent"
    return None
# 《机动车登记规定》: a temporary plate for driving within the city is valid at most 15 days
PLATE_DAYS = 15
VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")  # ISO 3779: 17 characters, no I, O or Q
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"  # plates use no I or O
PLATE_COUNTER = ("车辆管理所或机动车登记服务站",
                 "the vehicle administration office or a vehicle registration service point")
PURPOSES = {"employment": "就业/资格注册", "abroad": "出国（境）", "education": "入学/入伍",
            "other": "其他法定用途"}
NO_RECORD = "经查询全国违法犯罪人员信息资源库，未发现该人有犯罪记录。"


class RecordDecision(BaseModel):
    """The criminal-records check's answer for one person: issue, or the counter with where and
    why (zh, en). In production the records system decides; the demo has a table."""

    issue: bool
    where: tuple[str, str] = ("", "")
    why: tuple[str, str] = ("", "")


COUNTER_REVIEW = RecordDecision(
    issue=False,
    where=("户籍所在地派出所综合窗口", "the service counter of the police station where you are registered"),
    why=("系统记录需民警人工核查后方可出具（如曾用名、身份信息变更记录）。",
         "Your record needs a check by an officer before it can be issued "
         "(e.g. a former name or a change of identity details)."),
)
NO_SOURCE = RecordDecision(
    issue=False,
    where=("户籍所在地派出所综合窗口", "the service counter of the police station where you are registered"),
    why=("本中心未接入违法犯罪记录查询系统，无法自助出具。",
         "This centre is not connected to the criminal records system; it cannot be issued here."),
)


def _demo_decisions() -> dict[str, RecordDecision]:
    """Demo decision table: 测试甲 gets the certificate, 测试䶮 is sent to the counter."""
    from server.demo_data import demo_id_number

    return {demo_id_number("resident"): RecordDecision(issue=True),
            demo_id_number("rare_name"): COUNTER_REVIEW}


class ResidencePermit(BaseModel):
    """A residence permit as the permit register knows it (demo: a table in memory). `anniversary`
    is the end of the current year of residence: the endorsement is due in the month before it
    (《居住证暂行条例》第十条), and late after it (permit suspended until endorsed)."""

    permit_no: str
    address: str
    years: int  # full years of residence this endorsement completes
    anniversary: date


PERMIT_COUNTER = ("居住地派出所或受公安机关委托的社区服务机构",
                  "the police station of your place of residence or the community service office acting for it")


def endorsement_refusal(permit: ResidencePermit | None, endorsed_until: date | None,
                        today: date) -> tuple[str, str] | None:
    """Why the kiosk cannot endorse (zh, en), or None when it is due (or late)."""
    if permit is None:
        return ("居住证登记中没有查到您持有的居住证，无法签注；申领居住证", "No residence permit was found "
                "for you, so there is nothing to endorse; to apply for one,")
    if endorsed_until is not None and endorsed_until >= permit.anniversary:
        return (f"您的居住证本年度已签注（有效期至{endorsed_until.isoformat()}），无需再次办理；如有疑问，",
                f"Your permit is already endorsed for this year (valid until {endorsed_until.isoformat()}); "
                "nothing more is needed. With questions,")
    opens = permit.anniversary - timedelta(days=30)
    if today < opens:
        return (f"签注应在居住每满一年之日前一个月内办理，您可自{opens.isoformat()}起办理；如有特殊情况，",
                f"The endorsement is done in the month before each year of residence ends; you can do it "
                f"from {opens.isoformat()}. In special cases,")
    return None


def _demo_permits(today: date) -> dict[str, ResidencePermit]:
    """Demo permit register: 测试䶮 (registered in Guangzhou) lives here on a permit that is due
    in 10 days; 测试甲 is registered here and holds none."""
    from server.demo_data import demo_id_number

    return {demo_id_number("rare_name"): ResidencePermit(
        permit_no="110105202301000123", address="北京市朝阳区示例路8号院1号楼201室", years=3,
        anniversary=today + timedelta(days=10))}


# -- keys and signatures -----------------------------------------------------------------------
def signing_key_path(settings: Settings) -> Path | None:
    base = key_path(settings.db_url, settings.key_file)
    return None if base is None else base.with_name(base.name + ".ed25519")


def load_signing_key(settings: Settings) -> Ed25519PrivateKey:
    path = signing_key_path(settings)
    if path is None:
        return Ed25519PrivateKey.generate()
    try:
        return serialization.load_pem_private_key(path.read_bytes(), None)  # type: ignore[return-value]
    except FileNotFoundError:
        pass
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    log.warning("new document signing key written to %s: back it up apart from the database", path)
    return key


def canonical(document: dict[str, Any]) -> str:
    """The signed form: sorted keys, no spaces, UTF-8 (RFC 8785-like for our strings-only data)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_document(key: Ed25519PrivateKey, document: dict[str, Any]) -> str:
    return b64u(key.sign(DOMAIN + canonical(document).encode()))


def verify_signature(public: Ed25519PublicKey, document: dict[str, Any], signature: str) -> bool:
    """Offline check anyone can do with the public key: True only for exactly these fields."""
    if not SIG_RE.match(signature):
        return False
    try:
        public.verify(unb64u(signature), DOMAIN + canonical(document).encode())
    except InvalidSignature:
        return False
    return True


def mask_id(value: str) -> str:
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 8 else "*" * len(value)


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(10)).decode()


# -- issuing -----------------------------------------------------------------------------------
class HukouRequest(BaseModel):
    # bounded and without NUL (server/schemas.py): bad input is a 422, never a database error
    request_id: Str(64, 1)  # type: ignore[valid-type]
    id_number: Str(18, 1)  # type: ignore[valid-type]
    # what the citizen chose on the kiosk's form, printed on the certificate (无犯罪记录证明 only)
    purpose: Str(60) = ""  # type: ignore[valid-type]
    receiving_org: Str(60) = ""  # type: ignore[valid-type]


class KinshipRequest(HukouRequest):
    relative_id_number: Str(18, 1)  # type: ignore[valid-type]
    relationship: Literal["parent", "child", "spouse", "sibling", "grandparent"]
    kinship_purpose: Literal["inheritance", "insurance", "social_security", "other"] = "other"


class SealFilingRequest(HukouRequest):
    org_name: Str(60, 1)  # type: ignore[valid-type]
    org_credit_code: Str(18, 1)  # type: ignore[valid-type]  # GB 32100 checked below
    seal_kind: Literal["official", "finance", "contract", "invoice", "legal_rep"]
    seal_reason: Literal["new", "lost", "damaged", "renamed"]


class UnitCheckRequest(HukouRequest):
    org_name: Str(60, 1)  # type: ignore[valid-type]
    org_credit_code: Str(18, 1)  # type: ignore[valid-type]  # GB 32100 checked below
    check_sector: Literal["education", "security", "health", "transport", "other"]
    person_name: Str(30, 1)  # type: ignore[valid-type]
    person_id_number: Str(18, 1)  # type: ignore[valid-type]


class PlateRequest(HukouRequest):
    vin: Str(32)  # type: ignore[valid-type]  # the VIN's own rule (17 characters) is checked below


class PlateCheck(BaseModel):
    id_number: Str(18, 1)  # type: ignore[valid-type]
    vin: Str(32)  # type: ignore[valid-type]


class PrintReport(BaseModel):
    outcome: Literal["printed", "failed"]
    sheets: int = 0


def _document_answer(row: IssuedDocument, request: Request, reprint: bool) -> dict[str, Any]:
    doc = json.loads(row.canonical)
    # the QR must open on a phone: the configured public address, not the kiosks' private link
    public = request.app.state.settings.public_url
    base = (public or str(request.base_url)).rstrip("/")
    return {
        "code": row.code,
        "document": doc,
        "labels": {k: [zh, en] for k, zh, en in LABELS[row.kind]},
        "signature": row.signature,
        "verify_url": f"{base}/v/{row.code}?s={row.signature}",
        "reprint": reprint,
        "printed": row.printed_at is not None,
    }


document_answer = _document_answer  # the electronic copy (server/ecopy.py) renders the same answer


def _sm(request: Request) -> sessionmaker[Session]:
    return request.app.state.sm  # type: ignore[no-any-return]


@router.post("/api/v1/documents/hukou")
def issue_hukou(
    body: HukouRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """户籍证明 for the identified citizen: 404 not_registered when the register has no entry."""
    return _issue("hukou", body, request, kiosk_id)


@router.post("/api/v1/documents/kinship")
def issue_kinship(
    body: KinshipRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """亲属关系证明: the register shows the relation (same household, through the head) → issued;
    otherwise 409 counter with where and why (one answer whether or not the relative is in the
    register: the kiosk must not tell a stranger who is registered here)."""
    body.relative_id_number = body.relative_id_number.strip().upper()
    if body.relative_id_number == body.id_number.strip().upper():
        raise ApiError(422, "invalid", detail=[{"field": "relative_id_number"}])
    return _issue("kinship", body, request, kiosk_id)


@router.post("/api/v1/documents/seal_filing")
def issue_seal_filing(
    body: SealFilingRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """印章刻制备案: a filing, not a permit. The centre records it (the issued document is the
    record) and returns the signed 备案回执; 422 for a credit code that fails GB 32100's check."""
    body.org_credit_code = body.org_credit_code.strip().upper()
    body.org_name = body.org_name.strip()
    if not uscc_valid(body.org_credit_code):
        raise ApiError(422, "invalid", detail=[{"field": "org_credit_code"}])
    if not body.org_name:
        raise ApiError(422, "invalid", detail=[{"field": "org_name"}])
    return _issue("seal_filing", body, request, kiosk_id)


@router.post("/api/v1/documents/unit_record_check")
def issue_unit_record_check(
    body: UnitCheckRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """单位查询犯罪记录: the records check decides for the person checked (whose name must match
    the register: an ID number alone never yields a name). Issued as a signed 查询告知函 delivered
    electronically, or 409 counter with where and why — one answer for every reason."""
    body.org_credit_code = body.org_credit_code.strip().upper()
    body.person_id_number = body.person_id_number.strip().upper()
    if not uscc_valid(body.org_credit_code):
        raise ApiError(422, "invalid", detail=[{"field": "org_credit_code"}])
    return _issue("unit_record_check", body, request, kiosk_id)


@router.post("/api/v1/documents/residence_endorsement")
def issue_residence_endorsement(
    body: HukouRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """居住证签注: the centre records this year's endorsement and returns its confirmation; no
    permit, not yet due or already endorsed → 409 counter with where and why (zh, en)."""
    return _issue("residence_endorsement", body, request, kiosk_id)


@router.post("/api/v1/documents/temporary_plate")
def issue_temporary_plate(
    body: PlateRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """临时行驶车号牌 for the owner's vehicle (VIN): 422 for a malformed VIN; 409 counter when the
    vehicle is already registered or still has a valid temporary plate."""
    body.vin = body.vin.strip().upper()
    if not VIN_RE.match(body.vin):
        raise ApiError(422, "invalid", detail=[{"field": "vin"}])
    return _issue("temporary_plate", body, request, kiosk_id)


@router.post("/api/v1/documents/temporary_plate/check")
def check_temporary_plate(
    body: PlateCheck, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """Would a plate be issued for this owner and VIN? Asked by the kiosk before it takes the fee
    (the same answers as issuing: 422 invalid VIN, 404 not_registered, 409 counter with where and
    why), and nothing is issued or recorded."""
    vin = body.vin.strip().upper()
    if not VIN_RE.match(vin):
        raise ApiError(422, "invalid", detail=[{"field": "vin"}])
    with _sm(request).begin() as s:
        entry = s.get(HouseholdEntry, body.id_number.upper())
        if entry is None:
            raise ApiError(404, "not_registered")
        now = utcnow()
        unprinted = s.scalars(select(IssuedDocument.canonical).where(
            IssuedDocument.subject == entry.id_number, IssuedDocument.kind == "temporary_plate",
            IssuedDocument.printed_at.is_(None), IssuedDocument.issued_at > now - REPRINT_WINDOW)).all()
        if any(json.loads(c)["fields"]["vin"] == vin for c in unprinted):
            return {"ok": True}  # issuing hands this owner's unprinted plate out again
        refusal = _plate_refusal(s, request, vin, _china_today(now))
        if refusal is not None:
            log.info("temporary plate check: counter (kiosk %s)", kiosk_id)
            raise ApiError(409, "counter", where=list(PLATE_COUNTER), why=list(refusal))
    return {"ok": True}


@router.post("/api/v1/documents/no_criminal_record")
def issue_no_criminal_record(
    body: HukouRequest, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """无犯罪记录证明: the records check decides. Issued, or 409 counter with where and why
    (zh, en) for the kiosk to say honestly; 404 not_registered as for 户籍证明."""
    if body.purpose not in PURPOSES or len(body.receiving_org) > 60:
        raise ApiError(422, "invalid", detail=[{"field": "purpose"}])
    return _issue("no_criminal_record", body, request, kiosk_id)


def _fields(kind: str, entry: HouseholdEntry, body: HukouRequest,
            permit: ResidencePermit | None = None, relative: HouseholdEntry | None = None) -> dict[str, str]:
    if kind == "kinship":
        assert isinstance(body, KinshipRequest) and relative is not None
        return {"name": entry.name, "id_number": entry.id_number, "relative_name": relative.name,
                "relative_id_number": relative.id_number,
                "relationship": RELATIONSHIPS[body.relationship],
                "basis": f"常住人口登记：同户（户号{entry.household_no}），{entry.name}与户主关系"
                         f"“{entry.relation}”，{relative.name}与户主关系“{relative.relation}”",
                "purpose": KINSHIP_PURPOSES[body.kinship_purpose]}
    if kind == "unit_record_check":
        assert isinstance(body, UnitCheckRequest) and relative is not None
        return {"org_name": body.org_name.strip(), "org_credit_code": body.org_credit_code,
                "sector": SECTORS[body.check_sector], "person_name": relative.name,
                "person_id_number": relative.id_number, "result": NO_RECORD,
                "agent": entry.name, "id_number": entry.id_number}
    if kind == "seal_filing":
        assert isinstance(body, SealFilingRequest)
        return {"org_name": body.org_name, "org_credit_code": body.org_credit_code,
                "seal_kind": SEAL_KINDS[body.seal_kind], "seal_reason": SEAL_REASONS[body.seal_reason],
                "agent": entry.name, "id_number": entry.id_number,
                "filed_on": _china_today(utcnow()).isoformat()}
    if kind == "residence_endorsement":
        assert permit is not None
        until = _next_anniversary(permit.anniversary)
        return {"name": entry.name, "id_number": entry.id_number, "permit_no": permit.permit_no,
                "address": permit.address, "residence_year": f"第{permit.years}年",
                "valid_until": until.isoformat()}
    if kind == "temporary_plate":
        assert isinstance(body, PlateRequest)
        today = _china_today(utcnow())
        return {"plate_no": "京A·" + "".join(secrets.choice(PLATE_CHARS) for _ in range(5)),
                "vin": body.vin, "owner": entry.name, "id_number": entry.id_number,
                "valid_from": today.isoformat(),
                "valid_until": (today + timedelta(days=PLATE_DAYS - 1)).isoformat(),
                "area": "本市行政区域内"}
    if kind == "hukou":
        return {k: str(getattr(entry, k)) for k, _zh, _en in HUKOU_FIELDS}
    return {"name": entry.name, "gender": entry.gender, "id_number": entry.id_number, "result": NO_RECORD,
            "purpose": PURPOSES[body.purpose], "receiving_org": body.receiving_org.strip() or "—"}


def _issue(kind: str, body: HukouRequest, request: Request, kiosk_id: str) -> dict[str, Any]:
    if not re.fullmatch(r"[0-9A-Za-z-]{1,64}", body.request_id):
        raise ApiError(422, "invalid", detail=[{"field": "request_id"}])

    def attempt() -> dict[str, Any]:
        now = utcnow()
        with _sm(request).begin() as s:
            same = s.scalars(
                select(IssuedDocument).where(
                    IssuedDocument.kiosk_id == kiosk_id,
                    IssuedDocument.request_id == body.request_id,
                )
            ).first()
            if same is not None:
                return _document_answer(same, request, reprint=False)
            entry = s.get(HouseholdEntry, body.id_number.upper())
            if entry is None:
                if kind == "seal_filing":  # a filing needs no household here, only a known agent
                    raise ApiError(409, "counter", where=list(SEAL_COUNTER), why=list(SEAL_AGENT_UNKNOWN))
                if kind == "unit_record_check":
                    raise ApiError(409, "counter", where=list(UNIT_COUNTER), why=list(SEAL_AGENT_UNKNOWN))
                raise ApiError(404, "not_registered")
            relative = None
            if kind == "kinship":
                assert isinstance(body, KinshipRequest)
                relative = s.get(HouseholdEntry, body.relative_id_number)
                if relative is None or register_relation(entry, relative) != body.relationship:
                    # never the relative's number or name in the log
                    log.info("kinship certificate: counter, not shown by the register (kiosk %s)", kiosk_id)
                    raise ApiError(409, "counter", where=list(KINSHIP_COUNTER), why=list(KINSHIP_NOT_SHOWN))
            if kind == "unit_record_check":
                assert isinstance(body, UnitCheckRequest)
                relative = s.get(HouseholdEntry, body.person_id_number)  # the person checked
                decision = request.app.state.record_decisions.get(body.person_id_number, NO_SOURCE)
                if relative is None or relative.name != body.person_name.strip() or not decision.issue:
                    log.info("unit criminal-record check: counter (kiosk %s)", kiosk_id)
                    raise ApiError(409, "counter", where=list(UNIT_COUNTER), why=list(UNIT_NOT_HERE))
            if kind == "no_criminal_record":
                decision = request.app.state.record_decisions.get(entry.id_number, NO_SOURCE)
                if not decision.issue:
                    log.info("no-criminal-record certificate: counter (kiosk %s)", kiosk_id)
                    raise ApiError(409, "counter", where=list(decision.where), why=list(decision.why))
            permit = None
            if kind == "residence_endorsement":
                permit = request.app.state.residence_permits.get(entry.id_number)
            candidates = s.scalars(
                select(IssuedDocument).where(
                    IssuedDocument.subject == entry.id_number,
                    IssuedDocument.kind == kind,
                    IssuedDocument.printed_at.is_(None),
                    IssuedDocument.issued_at > now - REPRINT_WINDOW,
                )
            ).all()
            # a plate is for one vehicle (a kinship certificate for one relative, a filing for one
            # seal): only the unprinted document for the same is handed out again
            unprinted = next((u for u in candidates
                              if _same_subject_matter(kind, json.loads(u.canonical)["fields"], body)), None)
            if unprinted is not None:
                log.info("document %s… handed out again for a reprint", unprinted.code[:4])
                return _document_answer(unprinted, request, reprint=True)
            if kind == "residence_endorsement":
                # the endorsement is the issued document itself: one per year of residence
                refusal = endorsement_refusal(permit, _endorsed_until(s, entry.id_number), _china_today(now))
                if refusal is not None:
                    log.info("residence endorsement: counter (kiosk %s)", kiosk_id)
                    raise ApiError(409, "counter", where=list(PERMIT_COUNTER), why=list(refusal))
            if kind == "temporary_plate":
                assert isinstance(body, PlateRequest)
                refusal = _plate_refusal(s, request, body.vin, _china_today(now))
                if refusal is not None:
                    log.info("temporary plate: counter (kiosk %s)", kiosk_id)
                    raise ApiError(409, "counter", where=list(PLATE_COUNTER), why=list(refusal))
            code = new_code()
            document = {
                "v": 1,
                "kind": kind,
                "title": TITLES[kind],
                "code": code,
                "authority": AUTHORITY,
                "issued_on": (now + timedelta(hours=8))
                .date()
                .isoformat(),  # China Standard Time date
                "fields": _fields(kind, entry, body, permit, relative),
            }
            row = IssuedDocument(
                code=code,
                kind=kind,
                kiosk_id=kiosk_id,
                request_id=body.request_id,
                subject=entry.id_number,
                canonical=canonical(document),
                signature=sign_document(request.app.state.doc_key, document),
                issued_at=now,
            )
            s.add(row)
            s.flush()
            log.info("document %s… issued to kiosk %s", code[:4], kiosk_id)
            return _document_answer(row, request, reprint=False)

    # a retried request racing its first try: the loser re-reads and answers the same document
    return once_more_on_conflict(attempt)


SEAL_AGENT_UNKNOWN = (
    "经办人身份无法在本中心的人口登记中核对，不能在本机办理；",
    "The agent's identity cannot be checked against this centre's population register, so this "
    "cannot be done here;")


def _same_subject_matter(kind: str, fields: dict[str, str], body: HukouRequest) -> bool:
    """Is an unprinted document of this person about the same thing as this request?"""
    if isinstance(body, PlateRequest):
        return fields["vin"] == body.vin
    if isinstance(body, KinshipRequest):
        return (fields["relative_id_number"] == body.relative_id_number
                and fields["relationship"] == RELATIONSHIPS[body.relationship])
    if isinstance(body, UnitCheckRequest):
        return (fields["person_id_number"] == body.person_id_number
                and fields["org_credit_code"] == body.org_credit_code)
    if isinstance(body, SealFilingRequest):
        return (fields["org_credit_code"] == body.org_credit_code
                and fields["seal_kind"] == SEAL_KINDS[body.seal_kind])
    return True


def _china_today(now: datetime) -> date:
    return (now + timedelta(hours=8)).date()


def _next_anniversary(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _plate_refusal(s: Session, request: Request, vin: str, today: date) -> tuple[str, str] | None:
    if vin in request.app.state.registered_vins:
        return ("该车辆已注册登记，不能申领临时号牌；",
                "This vehicle is already registered, so it gets no temporary plate;")
    rows = s.scalars(
        select(IssuedDocument.canonical).where(IssuedDocument.kind == "temporary_plate")).all()
    for c in rows:
        fields = json.loads(c)["fields"]
        if fields["vin"] == vin and date.fromisoformat(fields["valid_until"]) >= today:
            return (f"该车辆已有临时号牌（{fields['valid_until']}前有效），不能重复申领；",
                    f"This vehicle already has a temporary plate valid until {fields['valid_until']}; "
                    "no second one is issued;")
    return None


def _endorsed_until(s: Session, id_number: str) -> date | None:
    """The latest endorsement the centre recorded for this person (its valid-until date)."""
    rows = s.scalars(select(IssuedDocument.canonical).where(
        IssuedDocument.subject == id_number, IssuedDocument.kind == "residence_endorsement")).all()
    dates = [date.fromisoformat(json.loads(c)["fields"]["valid_until"]) for c in rows]
    return max(dates) if dates else None


@router.post("/api/v1/documents/{code}/print")
def report_print(
    code: str, body: PrintReport, request: Request, kiosk_id: str = Depends(kiosk_auth)
) -> dict[str, Any]:
    """The kiosk says whether the paper came out; the centre records what was issued."""
    with _sm(request).begin() as s:
        row = s.get(IssuedDocument, code) if CODE_RE.match(code) else None
        if row is None:  # any kiosk may report: a reprint may happen at another kiosk
            raise ApiError(404, "not_found")
        if body.outcome == "printed":
            if row.printed_at is None:
                row.printed_at = utcnow()
            row.prints += 1
        else:
            row.failed_prints += 1
        log.info("document %s… print %s", code[:4], body.outcome)
        return {"code": code, "printed_at": iso(row.printed_at), "prints": row.prints}


# -- public verification -----------------------------------------------------------------------
class RateLimit:
    """Per client address, at most `per_minute` look-ups (a code cannot be guessed by brute force
    anyway; this keeps a scraper from hammering the database)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, who: str) -> bool:
        now = time.monotonic()
        with self._lock:
            q = self._seen.setdefault(who, deque())
            while q and q[0] < now - 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return False
            q.append(now)
            if len(self._seen) > 10000:
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - 60}
            return True


def check(request: Request, code: str, s_param: str | None) -> tuple[int, dict[str, Any]]:
    limiter: RateLimit = request.app.state.verify_limit
    if not limiter.allow(request.client.host if request.client else "?"):
        raise ApiError(429, "too_many_requests", headers={"Retry-After": "60"})
    code = code.upper()
    with _sm(request)() as s:
        row = s.get(IssuedDocument, code) if CODE_RE.match(code) else None
        if row is None:
            return 404, {"genuine": False, "result": "unknown"}
        doc = json.loads(row.canonical)
        public: Ed25519PublicKey = request.app.state.doc_key.public_key()
        shown = {**doc, "fields": {**doc.get("fields", {})}}
        for key in ("id_number", "relative_id_number", "person_id_number"):  # compared, never learnt
            if key in shown["fields"]:
                shown["fields"][key] = mask_id(str(shown["fields"][key]))
        answer: dict[str, Any] = {
            "code": code,
            "document": shown,
            "printed": row.printed_at is not None,
            "labels": {k: [zh, en] for k, zh, en in LABELS.get(row.kind, HUKOU_FIELDS)},
        }
        if not verify_signature(public, doc, row.signature) or doc.get("code") != code:
            return 200, {"genuine": False, "result": "altered", "code": code}
        if s_param is not None and not verify_signature(public, doc, s_param):
            return 200, {"genuine": False, "result": "mismatch", "code": code}
        return 200, {"genuine": True, "result": "genuine", **answer}


@router.get("/verify/key")
def public_key(request: Request) -> dict[str, str]:
    """The Ed25519 public key documents are signed with (raw 32 bytes, base64url), and the domain
    prefix that is signed before the canonical JSON."""
    raw = request.app.state.doc_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return {"alg": "Ed25519", "public_key": b64u(raw), "domain": DOMAIN.decode().strip()}


@router.get("/verify/{code}")
def verify_json(code: str, request: Request, s: str | None = None) -> JSONResponse:
    status, body = check(request, code, s)
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


RESULT_TEXT = {
    "genuine": ("✔ 真实有效，内容未被改动", "Genuine and unaltered", "#1a7f37"),
    "altered": (
        "✘ 内容已被改动，不是签发时的文件",
        "Altered: not the document as issued",
        "#b42318",
    ),
    "mismatch": (
        "✘ 二维码与此文件不符（可能伪造）",
        "The QR code does not belong to this document (possibly forged)",
        "#b42318",
    ),
    "unknown": (
        "✘ 查无此验证码（可能伪造）",
        "No such verification code (possibly forged)",
        "#b42318",
    ),
}


@router.get("/v/{code}", response_class=HTMLResponse)
def verify_page(code: str, request: Request, s: str | None = None) -> HTMLResponse:
    """What a phone shows after scanning the QR: zh first, en below; the fields as issued."""
    status, body = check(request, code, s)
    zh, en, colour = RESULT_TEXT[body["result"]]
    rows = ""
    if body["genuine"]:
        labels = body["labels"]
        doc = body["document"]
        rows = "".join(
            f"<tr><th>{escape(labels.get(k, [k, k])[0])}<br><small>{escape(labels.get(k, [k, k])[1])}</small></th>"
            f"<td>{escape(str(v))}</td></tr>"
            for k, v in doc["fields"].items()
        )
        rows = (
            f"<p>{escape(doc['title'])} · {escape(doc['authority'])} · {escape(doc['issued_on'])}</p>"
            f"<table>{rows}</table><p><small>请核对纸质文件与上表一致 · Compare the paper with this table</small></p>"
        )
        if body["printed"] and s is not None:
            # the paper's holder asks for a new electronic copy link (server/ecopy.py): the
            # full ID number printed on the paper proves the paper is in hand, not just the QR
            rows += (
                f'<form method="post" action="{escape(code.upper()[:16])}/ecopy">'
                f'<input type="hidden" name="s" value="{escape(s[:86])}">'
                "<p>需要此证明的电子证照？请输入证明上印的公民身份号码：<br>"
                "<small>Need the electronic copy? Enter the ID number printed on the document:</small></p>"
                '<p><input name="id_number" maxlength="18" autocomplete="off" inputmode="text" required> '
                "<button>获取新的电子证照链接 · Get a new link</button></p></form>"
            )
    style = (
        "body{font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em}"
        f".r{{color:{colour};font-size:1.4em;font-weight:bold}}"
        "th{text-align:left;padding:.3em 1em .3em 0}"
    )
    page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>文件验真 Document check</title>
<style>{style}</style></head>
<body><h1>文件验真 <small>Document verification</small></h1>
<p class="r">{escape(zh)}<br><small>{escape(en)}</small></p>
<p>验证码 Code: {escape(code.upper()[:16])}</p>{rows}</body></html>"""
    # Only this page's own style may apply: no script, nothing from elsewhere, no framing.
    style_hash = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = (
        f"default-src 'none'; style-src 'sha256-{style_hash}'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action " + ("'self'" if "<form" in rows else "'none'")
    )
    return HTMLResponse(
        page,
        status_code=status,
        headers={"Cache-Control": "no-store", "Content-Security-Policy": csp},
    )


def install(app: Any, settings: Settings) -> None:
    """Hook for server.app.create_app: key, rate limit, demo register, routes."""
    app.state.doc_key = load_signing_key(settings)
    app.state.verify_limit = RateLimit(VERIFY_PER_MINUTE)
    app.state.record_decisions = _demo_decisions() if settings.demo else {}
    app.state.residence_permits = _demo_permits(_china_today(utcnow())) if settings.demo else {}
    # vehicles already registered (the vehicle register; demo: one made-up VIN)
    app.state.registered_vins = {"LSVAU2180N2183294"} if settings.demo else set()
    if settings.demo:
        with app.state.sm.begin() as s:
            for entry in _demo_register():
                known = s.get(HouseholdEntry, entry.id_number)
                if known is None:
                    s.add(entry)  # a fresh row each start, so it can be added as it is
                elif known.household_no is None:  # a demo database from before 0008
                    known.household_no = entry.household_no
    app.include_router(router)
