"""A citizen's own records at the centre (ZM-0202, CRJ-0301, JG-0301) against the demo population:
one's own only, unknown and not-yours alike; and the inspection-mark rule of the 2022 reform
(《公安部 市场监管总局关于深化机动车检验制度改革优化车检服务工作的意见》): a private small car is
exempt from the on-line test in years 2, 4 and 8, tested in years 6 and 10 and yearly after 10."""

from __future__ import annotations

from datetime import date

from server.own_records import VehicleRecord, inspection_verdict

from .conftest import SignedClient

RESIDENT = "110105199003071239"  # assets/demo/identities.json, "resident"
RARE = "440104195808120036"  # "rare_name"
NOBODY = "11010519491231002X"


def test_household_record_is_the_register_entry_of_that_number_only(kiosk: SignedClient) -> None:
    mine = kiosk.get("/api/v1/household-record", params={"id_number": RESIDENT})
    assert mine.status_code == 200
    fields = {f["key"]: f for f in mine.json()["fields"]}
    assert mine.json()["found"] and fields["name"]["value"] == "测试甲"
    assert fields["name"]["label"] == {"zh": "姓名", "en": "Name"}
    assert fields["birth"]["value"] == "1990-03-07"
    assert kiosk.get("/api/v1/household-record", params={"id_number": NOBODY}).json() == {"found": False, "fields": []}
    assert kiosk.http.get("/api/v1/household-record", params={"id_number": RESIDENT}).status_code == 401


def test_exit_entry_records_are_the_holders_own_newest_first(kiosk: SignedClient) -> None:
    mine = kiosk.get("/api/v1/exit-entry-records", params={"id_number": RESIDENT}).json()["records"]
    assert [r["direction"] for r in mine] == ["entry", "exit", "entry", "exit"]
    assert mine[0]["at"] > mine[-1]["at"]
    assert mine[-1]["port"]["zh"] == "深圳湾口岸" and mine[-1]["document"]["zh"] == "往来港澳通行证"
    other = kiosk.get("/api/v1/exit-entry-records", params={"id_number": RARE}).json()["records"]
    assert len(other) == 2 and all(r["port"]["zh"] == "拱北口岸" for r in other)
    assert kiosk.get("/api/v1/exit-entry-records", params={"id_number": NOBODY}).json() == {"records": []}


def test_inspection_mark_for_the_owner_with_reasons(kiosk: SignedClient) -> None:
    ok = kiosk.get("/api/v1/vehicles/inspection", params={"plate": "京N8M8M8", "id_number": RESIDENT}).json()
    assert ok["found"] and ok["exempt"] and ok["year"] == 2 and ok["reasons"] == []
    # year 4 is exempt, but two red lights are not settled (demo violations of 京A12345)
    held = kiosk.get("/api/v1/vehicles/inspection", params={"plate": "京a12345", "id_number": RESIDENT}).json()
    assert held["found"] and not held["exempt"] and held["year"] == 4
    assert any("交通违法" in r["zh"] for r in held["reasons"])
    sixth = kiosk.get("/api/v1/vehicles/inspection", params={"plate": "粤A66Z66", "id_number": RARE}).json()
    assert not sixth["exempt"] and any("上线检验" in r["zh"] for r in sixth["reasons"])
    # not the owner and no such plate: the same answer
    theirs = kiosk.get("/api/v1/vehicles/inspection", params={"plate": "京N8M8M8", "id_number": RARE}).json()
    none = kiosk.get("/api/v1/vehicles/inspection", params={"plate": "京Z00000", "id_number": RARE}).json()
    assert theirs["found"] is none["found"] is False and theirs["reasons"] == none["reasons"] == []


def car(registered: date, **kw: object) -> VehicleRecord:
    values: dict[str, object] = {"plate": "京N12345", "owner_id_number": RESIDENT, "vehicle_type": "small_car",
                                 "operating": False, "registered_on": registered, "insurance_until": date(2040, 1, 1),
                                 "injury_accident": False, "flag": ""}
    values.update(kw)
    return VehicleRecord(**values)


def test_inspection_rule_years_and_conditions() -> None:
    today = date(2026, 12, 7)
    years = {}
    for year in range(1, 13):
        registered = date(2026 - year, 12, 20)  # due on 20 December of year n
        years[year] = inspection_verdict(car(registered), today, 0)
        assert years[year].year == year
    assert [y for y, v in years.items() if v.exempt] == [2, 4, 8]
    assert not years[11].exempt and "每年" in years[11].reasons[0].zh
    registered = date(2022, 12, 20)
    assert not inspection_verdict(car(registered, vehicle_type="van"), today, 0).exempt
    assert not inspection_verdict(car(registered, operating=True), today, 0).exempt
    assert not inspection_verdict(car(registered, insurance_until=date(2026, 12, 19)), today, 0).exempt
    assert not inspection_verdict(car(registered, injury_accident=True), today, 0).exempt
    assert not inspection_verdict(car(registered, flag="seized"), today, 0).exempt
    assert not inspection_verdict(car(registered), today, 1).exempt
    assert inspection_verdict(car(registered), today, 0).exempt
