"""A citizen's own records, asked for by the kiosk after identifying them: the household register
entry (ZM-0202), exit and entry records (CRJ-0301), and whether a vehicle's inspection mark can be
had without a test (JG-0301). Unknown and not-yours look identical (an empty answer), as in
server/queries.py, so a kiosk cannot be used to learn who is registered or owns what. Nothing
personal is logged: counts and verdicts only.

Vehicle inspection (机动车安全技术检验), the rule the centre applies — 《道路交通安全法实施条例》
第十六条 as amended by 《公安部 市场监管总局关于深化机动车检验制度改革优化车检服务工作的意见》
(2022): a non-operating small or mini passenger car (not a van) registered less than 10 years
ago is exempt from the on-line test in its 2nd, 4th and 8th year and only applies for the mark;
the 6th and 10th year need an on-line test, and after 10 years it is tested every year. The mark
also needs valid compulsory insurance (交强险), every violation settled, no accident with injury
or death, and no flag (stolen, seized, modified)."""

from __future__ import annotations

import hmac
import logging
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import Boolean, Date, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from server.auth import kiosk_auth
from server.db import Base, Violation, aware, iso
from server.documents import HUKOU_FIELDS, HouseholdEntry
from server.schemas import LocalText

log = logging.getLogger("server.own_records")
router = APIRouter(prefix="/api/v1", tags=["queries"])
CST = timedelta(hours=8)

EXEMPT_YEARS = (2, 4, 8)  # years of a car's life whose inspection is a mark without a test
TEST_YEARS = (6, 10)
EXEMPT_UNTIL_YEARS = 10


class ExitEntryRecord(Base):
    """出入境记录 (demo extract): one crossing of the border by one person."""

    __tablename__ = "exit_entry_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_number: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column()
    direction: Mapped[str] = mapped_column(String(8))  # exit | entry
    port_zh: Mapped[str] = mapped_column(String(64))
    port_en: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(String(32))  # passport | hk_macao_permit | taiwan_permit


class VehicleRecord(Base):
    """机动车登记 (demo extract): what the inspection-mark rule needs about one vehicle."""

    __tablename__ = "vehicle_records"
    plate: Mapped[str] = mapped_column(String(16), primary_key=True)
    owner_id_number: Mapped[str] = mapped_column(String(32))
    vehicle_type: Mapped[str] = mapped_column(String(24))  # small_car | mini_car | van | truck
    operating: Mapped[bool] = mapped_column(Boolean, default=False)  # 营运
    registered_on: Mapped[date] = mapped_column(Date)
    insurance_until: Mapped[date] = mapped_column(Date)
    injury_accident: Mapped[bool] = mapped_column(Boolean, default=False)
    flag: Mapped[str] = mapped_column(String(16), default="")  # stolen | seized | modified | ''


DOCUMENTS: dict[str, tuple[str, str]] = {
    "passport": ("普通护照", "Passport"),
    "hk_macao_permit": ("往来港澳通行证", "Hong Kong and Macao permit"),
    "taiwan_permit": ("往来台湾通行证", "Taiwan permit"),
}


class RegisterField(BaseModel):
    key: str
    label: LocalText
    value: str


class HouseholdRecordAnswer(BaseModel):
    found: bool
    fields: list[RegisterField]


class Crossing(BaseModel):
    at: str
    direction: str
    port: LocalText
    document: LocalText


class CrossingList(BaseModel):
    records: list[Crossing]


class InspectionAnswer(BaseModel):
    found: bool
    plate: str
    exempt: bool = False  # the mark can be had here without a test
    due_on: str = ""  # the inspection date this answer is about (Beijing date)
    year: int = 0  # which year of the vehicle's life that is
    reasons: list[LocalText] = []  # why not, in words


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.strip().upper().encode(), b.strip().upper().encode())


@router.get("/household-record", response_model=HouseholdRecordAnswer)
def household_record(
    request: Request, id_number: str = Query(max_length=32), _k: str = Depends(kiosk_auth)
) -> HouseholdRecordAnswer:
    with request.app.state.sm() as s:
        entry = s.get(HouseholdEntry, id_number.strip().upper()[:18])
        fields = (
            []
            if entry is None
            else [
                RegisterField(key=k, label=LocalText(zh=zh, en=en), value=str(getattr(entry, k)))
                for k, zh, en in HUKOU_FIELDS
            ]
        )
    log.info("household record query: %s", "found" if fields else "none")
    return HouseholdRecordAnswer(found=bool(fields), fields=fields)


@router.get("/exit-entry-records", response_model=CrossingList)
def exit_entry_records(
    request: Request, id_number: str = Query(max_length=32), _k: str = Depends(kiosk_auth)
) -> CrossingList:
    number = id_number.strip().upper()
    with request.app.state.sm() as s:
        rows = s.scalars(
            select(ExitEntryRecord)
            .where(ExitEntryRecord.id_number == number)
            .order_by(ExitEntryRecord.at.desc())
            .limit(200)
        )
        records = [
            Crossing(
                at=iso(r.at) or "",
                direction=r.direction,
                port=LocalText(zh=r.port_zh, en=r.port_en),
                document=LocalText(zh=DOCUMENTS[r.document][0], en=DOCUMENTS[r.document][1]),
            )
            for r in rows
        ]
    log.info("exit-entry records query: %d found", len(records))
    return CrossingList(records=records)


def _anniversary(registered: date, year: int) -> date:
    try:
        return registered.replace(year=registered.year + year)
    except ValueError:  # registered on 29 February
        return registered.replace(year=registered.year + year, day=28)


def inspection_verdict(v: VehicleRecord, today: date, open_violations: int) -> InspectionAnswer:
    """The next inspection due on or after today (检验有效期止 = a registration anniversary)."""
    year = 1
    while _anniversary(v.registered_on, year) < today:
        year += 1
    due = _anniversary(v.registered_on, year)
    reasons: list[LocalText] = []
    if v.operating or v.vehicle_type not in ("small_car", "mini_car"):
        reasons.append(LocalText(zh="只有非营运小型、微型载客汽车（面包车除外）可以免检。",
                                 en="Only private small or mini passenger cars (not vans) are exempt."))
    elif year > EXEMPT_UNTIL_YEARS:
        reasons.append(LocalText(zh=f"车辆已注册超过 {EXEMPT_UNTIL_YEARS} 年，须每年上线检验。",
                                 en=f"Registered more than {EXEMPT_UNTIL_YEARS} years ago: tested every year."))
    elif year in TEST_YEARS:
        reasons.append(LocalText(zh=f"注册第 {year} 年须上线检验，请到机动车检验机构检验。",
                                 en=f"Year {year} after registration needs an on-line test at a testing station."))
    elif year not in EXEMPT_YEARS:
        reasons.append(LocalText(zh=f"注册第 {year} 年不需要检验，检验有效期至 {due.isoformat()}。",
                                 en=f"No inspection is due in year {year}; the mark is valid until {due.isoformat()}."))
    if v.insurance_until < due:
        reasons.append(LocalText(zh="交强险不在有效期内，请先续保。",
                                 en="The compulsory insurance does not cover the date: renew it first."))
    if open_violations:
        reasons.append(LocalText(zh=f"有 {open_violations} 起交通违法未处理，请先处理（JG-0101）。",
                                 en=f"{open_violations} traffic violation(s) not settled: settle them first (JG-0101)."))
    if v.injury_accident:
        reasons.append(LocalText(zh="车辆发生过造成人员伤亡的交通事故，须上线检验。",
                                 en="The vehicle had an accident with injury or death: it must be tested."))
    if v.flag:
        reasons.append(LocalText(zh="车辆处于被盗抢、查封、扣押或改装等异常状态，请到车管所窗口。",
                                 en="The vehicle is flagged (stolen, seized or modified): go to the vehicle counter."))
    return InspectionAnswer(found=True, plate=v.plate, exempt=not reasons, due_on=due.isoformat(), year=year,
                            reasons=reasons)


@router.get("/vehicles/inspection", response_model=InspectionAnswer)
def vehicle_inspection(
    request: Request,
    plate: str = Query(max_length=16),
    id_number: str = Query(max_length=32),
    _k: str = Depends(kiosk_auth),
) -> InspectionAnswer:
    plate_n = plate.strip().upper()
    today = _beijing_today()
    with request.app.state.sm() as s:
        v = s.get(VehicleRecord, plate_n)
        if v is None or not _same(v.owner_id_number, id_number):
            log.info("inspection query: not found")
            return InspectionAnswer(found=False, plate=plate_n)
        unsettled = list(s.scalars(select(Violation.id).where(Violation.plate == plate_n, Violation.paid.is_(False))))
        answer = inspection_verdict(v, today, len(unsettled))
    log.info("inspection query: year %d, %s", answer.year, "exempt" if answer.exempt else "not exempt")
    return answer


def _beijing_today() -> date:
    from server.db import utcnow

    return (aware(utcnow()) + CST).date()


def _demo_rows(today: date) -> tuple[list[ExitEntryRecord], list[VehicleRecord]]:
    from server.demo_data import RARE, RESIDENT

    def at(days_ago: int, hour: int) -> datetime:
        local = datetime.combine(today - timedelta(days=days_ago), datetime.min.time()) + timedelta(hours=hour)
        return aware(local - CST)

    crossings = [
        ExitEntryRecord(id_number=RESIDENT, at=at(400, 9), direction="exit", port_zh="深圳湾口岸",
                        port_en="Shenzhen Bay", document="hk_macao_permit"),
        ExitEntryRecord(id_number=RESIDENT, at=at(396, 18), direction="entry", port_zh="深圳湾口岸",
                        port_en="Shenzhen Bay", document="hk_macao_permit"),
        ExitEntryRecord(id_number=RESIDENT, at=at(120, 10), direction="exit", port_zh="北京首都国际机场",
                        port_en="Beijing Capital International Airport", document="passport"),
        ExitEntryRecord(id_number=RESIDENT, at=at(110, 7), direction="entry", port_zh="北京首都国际机场",
                        port_en="Beijing Capital International Airport", document="passport"),
        ExitEntryRecord(id_number=RARE, at=at(30, 14), direction="exit", port_zh="拱北口岸",
                        port_en="Gongbei", document="hk_macao_permit"),
        ExitEntryRecord(id_number=RARE, at=at(28, 20), direction="entry", port_zh="拱北口岸",
                        port_en="Gongbei", document="hk_macao_permit"),
    ]

    def registered(years: int, days_to_due: int) -> date:
        due = today + timedelta(days=days_to_due)
        return _anniversary(due, -years)

    vehicles = [
        # the resident's car: its 4th-year inspection is due in a month, but two red lights are open
        VehicleRecord(plate="京A12345", owner_id_number=RESIDENT, vehicle_type="small_car",
                      registered_on=registered(4, 30), insurance_until=today + timedelta(days=200)),
        # the resident's second car: 2nd year, insured, clean — the mark is issued here
        VehicleRecord(plate="京N8M8M8", owner_id_number=RESIDENT, vehicle_type="small_car",
                      registered_on=registered(2, 45), insurance_until=today + timedelta(days=300)),
        # 6th year: an on-line test is required
        VehicleRecord(plate="粤A66Z66", owner_id_number=RARE, vehicle_type="small_car",
                      registered_on=registered(6, 20), insurance_until=today + timedelta(days=100)),
    ]
    return crossings, vehicles


def load_demo(s: Session) -> None:
    """Demo rows, once: a fresh database gets them; a restarted demo keeps what it has."""
    today = _beijing_today()
    crossings, vehicles = _demo_rows(today)
    if s.scalars(select(ExitEntryRecord.id).limit(1)).first() is None:
        s.add_all(crossings)
    for v in vehicles:
        if s.get(VehicleRecord, v.plate) is None:
            s.add(v)


def install(app: Any, settings: Any) -> None:
    app.include_router(router)  # demo rows: server.demo_data, under the start-up lock
