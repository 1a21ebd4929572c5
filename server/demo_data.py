"""Demo population: violations for a few plates, lost-and-found items, appointment slots for the
next 7 days, a few cases, a first catalog and configuration, and register photos for the demo
identities (assets/demo). Loading is idempotent: run it at every start."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server.db import (
    Case,
    CaseEvent,
    CatalogVersion,
    ConfigVersion,
    LostItem,
    ReferencePhoto,
    Slot,
    Violation,
    aware,
    utcnow,
)

log = logging.getLogger("server.demo")
ASSETS = Path(__file__).resolve().parent.parent / "assets"
CST = timedelta(hours=8)



def demo_id_number(key: str) -> str:
    """The ID number of a fictitious sample identity (assets/demo/identities.json: valid check
    digits, belonging to no one), so the demo flows find something. Read, never hard-coded here."""
    doc = json.loads((ASSETS / "demo" / "identities.json").read_text(encoding="utf-8"))
    return next(str(i["fields"]["id_number"]) for i in doc["identities"] if i["key"] == key)


RESIDENT = demo_id_number("resident")
RARE = demo_id_number("rare_name")

SERVICES = {"fingerprint": 2, "counter": 3, "vehicle": 2}  # service → capacity per half hour

VIOLATIONS = [
    (
        "V2026110001",
        "京A12345",
        RESIDENT,
        "2026-11-02T01:20:00",
        "北京市朝阳区建国路与东三环路口",
        "闯红灯",
        "Ran a red light",
        20000,
        6,
    ),
    (
        "V2026110002",
        "京A12345",
        RESIDENT,
        "2026-11-10T09:05:00",
        "北京市朝阳区朝阳北路",
        "违反禁止停车标志",
        "Parked where stopping is forbidden",
        20000,
        0,
    ),
    (
        "V2026110003",
        "京B67890",
        RESIDENT,
        "2026-10-21T12:40:00",
        "北京市东城区长安街",
        "超速行驶（未达20%）",
        "Speeding (under 20%)",
        20000,
        3,
    ),
    (
        "V2026110004",
        "粤A0Q123",
        RARE,
        "2026-11-15T03:10:00",
        "广州市越秀区环市东路",
        "不按导向车道行驶",
        "Did not follow lane markings",
        10000,
        2,
    ),
]

LOST = [
    (
        "L2026110001",
        "wallet",
        "黑色皮质钱包，内有银行卡",
        "Black leather wallet with bank cards",
        2,
        "地铁1号线国贸站",
        "朝阳分局建外派出所",
        "Jianwai Police Station, Chaoyang",
    ),
    (
        "L2026110002",
        "phone",
        "白色手机，蓝色手机壳",
        "White phone in a blue case",
        4,
        "朝阳公园南门",
        "朝阳分局麦子店派出所",
        "Maizidian Police Station, Chaoyang",
    ),
    (
        "L2026110003",
        "keys",
        "一串钥匙，带红色挂件",
        "Bunch of keys with a red charm",
        6,
        "三里屯太古里北区",
        "朝阳分局三里屯派出所",
        "Sanlitun Police Station, Chaoyang",
    ),
    (
        "L2026110004",
        "bag",
        "灰色双肩包",
        "Grey backpack",
        9,
        "北京南站候车大厅",
        "北京铁路公安处北京南站派出所",
        "Beijing South Railway Station Police Station",
    ),
    (
        "L2026110005",
        "other",
        "儿童自行车（蓝色）",
        "Child's bicycle (blue)",
        15,
        "东单体育中心",
        "东城分局东单派出所",
        "Dongdan Police Station, Dongcheng",
    ),
]

CASES = [
    (
        "K01-20261101-0001",
        "ZA-0101",
        "9",
        ["received", "in_review", "approved", "ready_for_pickup"],
    ),
    ("K01-20261115-0003", "ZA-0101", "1239", ["received", "in_review"]),
    ("K01-20261120-0002", "ZA-0101", "1239", ["received", "need_materials"]),
]


def _local(s: str) -> datetime:
    return aware(datetime.fromisoformat(s))


def _slots(s: Session, today: datetime) -> int:
    added = 0
    existing = set(s.scalars(select(Slot.id).where(Slot.start >= today)))
    base = (today + CST).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    for d in range(1, 8):
        day = base + timedelta(days=d)
        if day.weekday() == 6:  # halls are closed on Sundays
            continue
        for service, capacity in SERVICES.items():
            for half_hour in range(16):  # 09:00–17:00 Beijing time
                start_local = day + timedelta(hours=9, minutes=30 * half_hour)
                slot_id = f"{service}-{start_local:%Y%m%d-%H%M}"
                if slot_id not in existing:
                    start = aware(start_local - CST)
                    s.add(
                        Slot(
                            id=slot_id,
                            service=service,
                            start=start,
                            end=start + timedelta(minutes=30),
                            capacity=capacity,
                        )
                    )
                    added += 1
    return added


def _photos(s: Session) -> None:
    path = ASSETS / "demo" / "identities.json"
    if not path.exists():
        return
    from PIL import Image

    for ident in json.loads(path.read_text(encoding="utf-8")).get("identities", []):
        number = str(ident.get("fields", {}).get("id_number", "")).upper()
        # The register holds a certificate-quality photo (not the 102x126 chip copy): the
        # sample identity's second photo; the kiosk's simulated citizen is made from the first.
        folder = ASSETS / "demo" / str(ident.get("faces", ""))
        photo = folder / "2.jpg" if (folder / "2.jpg").is_file() else folder / "card.png"
        if not number or not photo.is_file() or s.get(ReferencePhoto, number) is not None:
            continue
        buf = io.BytesIO()
        Image.open(photo).convert("RGB").save(buf, "JPEG", quality=92)
        s.add(ReferencePhoto(id_number=number, jpeg=buf.getvalue()))


def _catalog(s: Session) -> None:
    from server.fleet import catalog_sha256

    if s.scalars(select(CatalogVersion).limit(1)).first() is not None:
        return
    folder = ASSETS / "catalog"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.toml"))}
    if files:
        # Published under the version its files carry (the shipped one): a kiosk with that
        # catalog has nothing to fetch.
        match = re.search(r'^version\s*=\s*"([^"]+)"', next(iter(files.values())), re.M)
        version = match.group(1) if match else "demo-1"
        s.add(CatalogVersion(version=version, sha256=catalog_sha256(files), files=files))


def load_demo_data(sm: sessionmaker[Session]) -> None:
    now = utcnow()
    with sm.begin() as s:
        for vid, plate, owner, t, place, zh, en, fine, pts in VIOLATIONS:
            if s.get(Violation, vid) is None:
                s.add(
                    Violation(
                        id=vid,
                        plate=plate.upper(),
                        owner_id_number=owner,
                        time=_local(t),
                        place=place,
                        description_zh=zh,
                        description_en=en,
                        fine_fen=fine,
                        points=pts,
                    )
                )
        for lid, cat, zh, en, days_ago, place, st_zh, st_en in LOST:
            if s.get(LostItem, lid) is None:
                s.add(
                    LostItem(
                        id=lid,
                        category=cat,
                        description_zh=zh,
                        description_en=en,
                        found_at=now - timedelta(days=days_ago, hours=3),
                        place=place,
                        station_zh=st_zh,
                        station_en=st_en,
                    )
                )
        for number, item, last4, steps in CASES:
            if s.get(Case, number) is None:
                s.add(
                    Case(
                        case_number=number,
                        item_code=item,
                        id_last4=last4.rjust(4, "0")[-4:],
                        status=steps[-1],
                    )
                )
                s.flush()
                from server.queries import STATUS_NOTES

                for i, st in enumerate(steps):
                    zh, en = STATUS_NOTES[st]
                    s.add(
                        CaseEvent(
                            case_number=number,
                            status=st,
                            note_zh=zh,
                            note_en=en,
                            at=now - timedelta(days=len(steps) - i),
                        )
                    )
        added = _slots(s, now)
        _photos(s)
        _catalog(s)
        from server.own_records import load_demo as own_records_demo

        own_records_demo(s)  # exit-entry records and vehicles (ZM-0202, CRJ-0301, JG-0301)
        if s.scalars(select(ConfigVersion).limit(1)).first() is None:
            s.add(ConfigVersion(version="demo-1", settings={}))
    log.info("demo data ready (%d new slots)", added)
