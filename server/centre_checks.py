"""What the centre checks for an application instead of originals at a counter (issue #17: five
items that now need no counter visit). The kiosk asks before the citizen signs, pays or submits:

    POST /api/v1/applications/{service}/check   {"id_number": …, <the form's answers it needs>}
    200 {"ok": true}            go on
    409 counter {where, why}    the check refused: where to go and why, [zh, en] each
    404 not_registered          the household register does not know this person
    422 invalid                 an answer the check cannot use (e.g. a credit code with a bad check character)

Nothing is recorded by a check. The registers are other agencies' systems the centre looks up;
here they are demo data (empty outside demo mode, so a real deployment refuses rather than
pretends):

- residence_permit (HZ-0401, 《居住证暂行条例》第二条): not registered in this city, no valid permit
  yet (else 签注), and the chosen basis on record: 租赁/房屋登记 (housing), 就业登记或社保 (employment)
  or 学籍 (study), since at least six months.
- temporary_id_card (HZ-0103, 《临时居民身份证管理办法》第二条): an ID card application of this person
  in progress (受理未领取).
- security_guard (ZA-0201, 《保安服务管理条例》第十六条): a passed security-guard exam and the
  fingerprints taken at it (留存指纹等人体生物信息).
- birth_registration (HZ-0201, 出生一件事): the 出生医学证明 number in the health commission's
  register of birth certificates, the applicant one of its parents, the date of birth as on it,
  within one month of birth, and the parent the child is registered with in the household register.
- hotel_licence (ZA-0301): the 统一社会信用代码 (check character per GB 32100-2015) in the business
  register, the applicant its legal representative, lodging in its business scope, no licence yet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from server.auth import kiosk_auth
from server.db import utcnow
from server.documents import HouseholdEntry
from server.errors import ApiError
from server.schemas import Str
from server.settings import Settings

log = logging.getLogger("server.centre_checks")
router = APIRouter(prefix="/api/v1/applications", tags=["applications"])

LOCAL_CITY = "北京市"  # the city this centre serves (demo: the Chaoyang branch's)
Pair = tuple[str, str]  # (zh, en)


class CheckBody(BaseModel):
    # bounded, no NUL (server/schemas.py): bad input is a 422, never a database error
    id_number: Str(18, 1)  # type: ignore[valid-type]
    residence_basis: Str(16) = ""  # type: ignore[valid-type]
    birth_certificate_number: Str(20) = ""  # type: ignore[valid-type]
    child_birth_date: Str(10) = ""  # type: ignore[valid-type]
    register_with: Str(8) = ""  # type: ignore[valid-type]
    credit_code: Str(18) = ""  # type: ignore[valid-type]


@dataclass(frozen=True)
class BirthCertificate:
    mother: str  # ID numbers
    father: str
    birth: date


@dataclass(frozen=True)
class Business:
    name: str
    legal_rep: str  # ID number
    lodging: bool  # 经营范围含住宿服务
    licensed: bool  # already holds a 特种行业许可证


@dataclass
class Registers:
    residence_proofs: dict[str, dict[str, date]]  # id → basis → on record since
    id_card_applications: set[str]  # ids with an ID card application in progress
    guard_exams: dict[str, bool]  # id → passed, value: fingerprints taken at the exam
    birth_certificates: dict[str, BirthCertificate]
    businesses: dict[str, Business]


# -- GB 32100-2015: 统一社会信用代码 -------------------------------------------------------------
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(code: str) -> bool:
    """18 characters; the last is the check character C18 = 31 - (Σ Ci·Wi mod 31) (31 → 0)."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


# -- the checks -----------------------------------------------------------------------------------
BASIS_WORDS: dict[str, Pair] = {
    "housing": ("房屋租赁登记备案或房产登记", "registered lease or property record"),
    "employment": ("就业登记或社会保险缴纳记录", "employment registration or social insurance record"),
    "study": ("学籍记录", "school or university enrolment record"),
}
RESIDENCE_COUNTER: Pair = ("居住地派出所或社区服务机构", "the police station or community office where you live")
ID_COUNTER: Pair = ("户籍所在地派出所户籍窗口", "the household registration counter of your police station")
GUARD_COUNTER: Pair = ("市公安局治安管理部门保安管理窗口",
                       "the security services counter of the city public security bureau")
BIRTH_COUNTER: Pair = ("落户地派出所户籍窗口",
                       "the household registration counter of the police station where the child is registered")
HOTEL_COUNTER: Pair = ("县级公安机关治安管理部门或政务服务中心公安窗口",
                       "the public-order department of the county public security bureau or the police counter "
                       "of the government service centre")


class Refused(Exception):
    def __init__(self, where: Pair, zh: str, en: str) -> None:
        super().__init__(en)
        self.where, self.why = where, (zh, en)


def _entry(s_get: Any, id_number: str) -> HouseholdEntry:
    entry = s_get(HouseholdEntry, id_number)
    if entry is None:
        raise ApiError(404, "not_registered")
    return entry  # type: ignore[no-any-return]


def check_residence_permit(body: CheckBody, reg: Registers, entry: HouseholdEntry, permits: dict[str, Any],
                           today: date) -> None:
    if entry.address.startswith(LOCAL_CITY):
        raise Refused(("户籍所在地派出所", "your police station"),
                      f"您的常住户口在{LOCAL_CITY}，不需要申领本市居住证。",
                      "Your household is registered in this city: you need no residence permit here.")
    if entry.id_number in permits:
        raise Refused(("本机“居住证签注”或居住地派出所",
                       "“Residence permit endorsement” on this kiosk or your police station"),
                      "您已持有本市居住证，请办理居住证签注，不需要重新申领。",
                      "You already hold a residence permit here: have it endorsed instead of applying again.")
    words = BASIS_WORDS.get(body.residence_basis)
    if words is None:
        raise ApiError(422, "invalid", detail=[{"field": "residence_basis"}])
    since = reg.residence_proofs.get(entry.id_number, {}).get(body.residence_basis)
    if since is None:
        raise Refused(RESIDENCE_COUNTER, f"中心未查到您在本市的{words[0]}，请带证明材料原件办理。",
                      f"The centre found no {words[1]} of yours in this city; please bring the original proof.")
    if since > today - timedelta(days=183):
        raise Refused(RESIDENCE_COUNTER, f"您的{words[0]}不满半年，居住满半年后即可申领。",
                      f"Your {words[1]} is less than six months old; apply once you have lived here six months.")


def check_temporary_id_card(body: CheckBody, reg: Registers, entry: HouseholdEntry) -> None:
    if entry.id_number not in reg.id_card_applications:
        raise Refused(ID_COUNTER, "中心未查到您正在办理的居民身份证申领、换领或补领；临时身份证只在身份证办理期间发放。"
                      "请先申领居民身份证。",
                      "The centre found no ID card application of yours in progress; a temporary card is only "
                      "issued while one is being made. Please apply for your ID card first.")


def check_security_guard(body: CheckBody, reg: Registers, entry: HouseholdEntry) -> None:
    exam = reg.guard_exams.get(entry.id_number)
    if exam is None:
        raise Refused(GUARD_COUNTER, "中心未查到您的保安员考试合格记录，请先报名参加保安员考试。",
                      "The centre found no passed security guard exam of yours; please register for the exam first.")
    if not exam:
        raise Refused(GUARD_COUNTER, "您的指纹等人体生物信息尚未留存，依法须本人到窗口采集。",
                      "Your fingerprints have not been recorded; the law requires you to give them at the counter.")


def check_birth_registration(body: CheckBody, reg: Registers, s_get: Any, entry: HouseholdEntry,
                             today: date) -> None:
    cert = reg.birth_certificates.get(body.birth_certificate_number.strip().upper())
    if cert is None:
        raise Refused(BIRTH_COUNTER,
                      "出生医学证明编号在出生医学证明信息库中查不到，请核对编号；仍查不到的请带原件办理。",
                      "The birth certificate number is not in the register of birth certificates; check it, "
                      "or bring the original certificate.")
    if entry.id_number not in (cert.mother, cert.father):
        raise Refused(BIRTH_COUNTER, "出生医学证明上的父母不是您，请由父亲或母亲申报，或带监护证明办理。",
                      "You are not a parent named on the birth certificate; the father or mother applies, "
                      "or bring proof of guardianship.")
    if body.child_birth_date != cert.birth.isoformat():
        raise Refused(BIRTH_COUNTER, "填写的出生日期与出生医学证明不一致，请返回修改；确认无误的请带原件办理。",
                      "The date of birth differs from the birth certificate: go back and correct it, "
                      "or bring the original.")
    if cert.birth < today - timedelta(days=31):
        raise Refused(BIRTH_COUNTER, "婴儿出生已超过一个月，须到窗口申报出生登记。",
                      "More than one month has passed since the birth: the registration is made at the counter.")
    if body.register_with not in ("father", "mother"):
        raise ApiError(422, "invalid", detail=[{"field": "register_with"}])
    household = s_get(HouseholdEntry, cert.father if body.register_with == "father" else cert.mother)
    if household is None or not household.address.startswith(LOCAL_CITY):
        raise Refused(BIRTH_COUNTER, "随落户的一方不在本市常住户口登记中，请到其户籍所在地派出所办理。",
                      "The parent the child is to be registered with has no household registration in this "
                      "city; please apply at that parent's police station.")


def check_hotel_licence(body: CheckBody, reg: Registers, entry: HouseholdEntry) -> None:
    code = body.credit_code.strip().upper()
    if not uscc_valid(code):
        raise ApiError(422, "invalid", detail=[{"field": "credit_code"}])
    business = reg.businesses.get(code)
    if business is None:
        raise Refused(HOTEL_COUNTER, "统一社会信用代码在市场主体登记信息中查不到，请核对营业执照。",
                      "The unified social credit code is not in the business register; check your business licence.")
    if business.legal_rep != entry.id_number:
        raise Refused(HOTEL_COUNTER, "您不是该单位登记的法定代表人（负责人），委托代理的请带委托书办理。",
                      "You are not the registered legal representative; an agent brings the letter of authority.")
    if not business.lodging:
        raise Refused(HOTEL_COUNTER, "该单位营业执照的经营范围不含住宿服务，请先办理经营范围变更。",
                      "The business scope on this licence does not include lodging; change the scope first.")
    if business.licensed:
        raise Refused(HOTEL_COUNTER, "该单位已持有特种行业许可证，变更或补领请到窗口办理。",
                      "This business already holds the licence; changes or replacements are made at the counter.")


SERVICES = ("residence_permit", "temporary_id_card", "security_guard", "birth_registration", "hotel_licence")


@router.post("/{service}/check")
def check(service: str, body: CheckBody, request: Request, kiosk_id: str = Depends(kiosk_auth)) -> dict[str, Any]:
    """The centre's check for an application (see the module doc): ok, or where and why."""
    if service not in SERVICES:
        raise ApiError(404, "not_found")
    reg: Registers = request.app.state.application_registers
    today = (utcnow() + timedelta(hours=8)).date()  # China time
    with request.app.state.sm() as s:
        entry = _entry(s.get, body.id_number.strip().upper())
        try:
            if service == "residence_permit":
                check_residence_permit(body, reg, entry, request.app.state.residence_permits, today)
            elif service == "temporary_id_card":
                check_temporary_id_card(body, reg, entry)
            elif service == "security_guard":
                check_security_guard(body, reg, entry)
            elif service == "birth_registration":
                check_birth_registration(body, reg, s.get, entry, today)
            else:
                check_hotel_licence(body, reg, entry)
        except Refused as refusal:
            log.info("application check %s: counter (kiosk %s)", service, kiosk_id)  # never who or why
            raise ApiError(409, "counter", where=list(refusal.where), why=list(refusal.why)) from None
    log.info("application check %s: ok (kiosk %s)", service, kiosk_id)
    return {"ok": True}


# -- demo data ------------------------------------------------------------------------------------
# 测试戊: a fictitious person (valid check digit, belonging to no one) registered in Hebei who rents
# here: the demo's residence-permit applicant (测试甲 is registered here, 测试䶮 already holds a permit).
NEWCOMER = "130102199207150021"
NEWCOMER_ENTRY = dict(name="测试戊", gender="女", nation="汉族", birth="1992-07-15",
                      address="河北省石家庄市长安区示例街9号", head_name="测试戊", relation="户主",
                      station="石家庄市公安局长安分局示例派出所")
BIRTH_OK = "Q110012345"  # 测试甲's child, born ten days before the server started
BIRTH_LATE = "Q110054321"  # 测试甲's child, born in January 2025 (over a month: counter)
HOTEL_OK = "91110105MA01HTL7Q4"  # 示例快捷酒店 (测试甲 legal representative, lodging, no licence)
SHOP = "91110105MA01RJ8KX0"  # 示例便利店 (测试甲, no lodging in its scope)


def demo_registers(today: date) -> Registers:
    from server.demo_data import demo_id_number

    resident = demo_id_number("resident")
    other_parent = "110105198801010012"  # not in the demo household register
    return Registers(
        residence_proofs={NEWCOMER: {"housing": date(2025, 3, 1)}},
        id_card_applications={resident},
        guard_exams={resident: True},
        birth_certificates={
            BIRTH_OK: BirthCertificate(mother=resident, father=other_parent, birth=today - timedelta(days=10)),
            BIRTH_LATE: BirthCertificate(mother=resident, father=other_parent, birth=date(2025, 1, 15)),
        },
        businesses={
            HOTEL_OK: Business("示例快捷酒店（朝阳店）", resident, lodging=True, licensed=False),
            SHOP: Business("示例便利店", resident, lodging=False, licensed=False),
        },
    )


def install(app: Any, settings: Settings) -> None:
    today = (utcnow() + timedelta(hours=8)).date()
    app.state.application_registers = demo_registers(today) if settings.demo else Registers({}, set(), {}, {}, {})
    if settings.demo:
        with app.state.sm.begin() as s:
            if s.get(HouseholdEntry, NEWCOMER) is None:
                s.add(HouseholdEntry(id_number=NEWCOMER, **NEWCOMER_ENTRY))
    app.include_router(router)
