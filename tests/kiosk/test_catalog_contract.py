"""The catalog is checked on load against what the code provides (kiosk/registry.py).

Whoever edits the catalog learns at once, with file, item and field, that a service is misspelt,
that a role does not exist, or that a service would run without the answer it needs — instead of
a kiosk that shows the item as "not available here yet", or issues a temporary plate with no VIN.
And the code finds an answer by its role, whatever key the catalog gives the field.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from devices.printer.simulator import SimulatedPrinter
from devices.spec import DeviceKind, DeviceSpec
from kiosk.appointments import contact_of
from kiosk.catalog import Catalog, CatalogError, StepKind, default_catalog_dir, load_catalog
from kiosk.receipts import Place, fill_acceptance
from kiosk.session import Session
from kiosk.store import open_store
from kiosk.submitter import OutboxSubmitter
from kiosk.workflow import Workflow

# Lines of the shipped catalog the tests change (each must be there: the test says so if not).
VIN_FIELD = '{ key = "vin", role = "vin", kind = "text"'
PHONE_FIELD = '{ key = "phone", role = "phone", kind = "phone", label = { zh = "手机号码（接收确认短信）"'
NAME_FIELD = '{ key = "name", role = "name", kind = "text", label = { zh = "姓名"'


def catalog_with(tmp_path: Path, file: str, old: str, new: str, count: int = 1) -> Path:
    """A copy of the shipped catalog folder with the first `count` `old` in `file` made `new`."""
    folder = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{file} no longer contains {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return folder


def refusal(folder: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    return str(caught.value)


def test_the_shipped_catalog_loads() -> None:
    catalog = load_catalog(default_catalog_dir())
    assert len(catalog) >= 30


@pytest.mark.parametrize(("file", "service", "code", "table"), [
    ("traffic.toml", "traffic_violations", "JG-0101", "query"),
    ("appointments.toml", "fingerprint", "YY-0101", "book"),
    ("traffic.toml", "temporary_plate", "JG-0302", "document"),
])
def test_a_misspelt_service_is_refused_at_load_with_file_item_and_field(
        tmp_path: Path, file: str, service: str, code: str, table: str) -> None:
    wrong = service[:3] + service[4:]  # one letter dropped, as typed in a hurry
    message = refusal(catalog_with(tmp_path, file, f'service = "{service}"', f'service = "{wrong}"'))
    assert file in message and f"item {code}" in message
    assert "field workflow." in message and ".service:" in message
    assert f"unknown {table} service {wrong!r}" in message
    assert service in message  # the services this kiosk has, so the right name is at hand


def test_an_unknown_role_is_refused_at_load(tmp_path: Path) -> None:
    message = refusal(catalog_with(tmp_path, "traffic.toml", VIN_FIELD,
                                   '{ key = "vin", role = "chassis_number", kind = "text"'))
    assert "traffic.toml" in message and "item JG-0302" in message
    assert "fields.0.role: Input should be" in message
    assert "'vin'" in message and "'plate_number'" in message  # the roles there are, to pick from


def test_a_service_whose_needed_role_no_field_gives_is_refused_at_load(tmp_path: Path) -> None:
    # The VIN field under another key and without its role: the centre would get no VIN to print
    # on the temporary plate.
    message = refusal(catalog_with(tmp_path, "traffic.toml", VIN_FIELD,
                                   '{ key = "chassis_code", kind = "text"'))
    assert "traffic.toml" in message and "item JG-0302" in message and ".service:" in message
    assert "document service 'temporary_plate' needs an answer with role vin" in message


def test_a_booking_without_a_phone_for_its_sms_is_refused_at_load(tmp_path: Path) -> None:
    message = refusal(catalog_with(tmp_path, "appointments.toml", PHONE_FIELD,
                                   PHONE_FIELD.replace('key = "phone", role = "phone"', 'key = "contact"')))
    assert "item YY-0101" in message and "book service 'fingerprint' needs an answer with role phone" in message


def test_a_key_the_code_reads_without_its_role_is_refused_at_load(tmp_path: Path) -> None:
    message = refusal(catalog_with(tmp_path, "appointments.toml", PHONE_FIELD,
                                   PHONE_FIELD.replace(' role = "phone",', '')))
    assert "appointments.toml" in message and "item YY-0101" in message
    assert "field workflow.2.fields.2" in message and 'declare role = "phone"' in message


def test_a_role_on_a_field_of_the_wrong_kind_is_refused_at_load(tmp_path: Path) -> None:
    # A phone typed into a free text field would skip the mobile-number check the SMS relies on.
    as_text = PHONE_FIELD.replace('key = "phone", role = "phone", kind = "phone"',
                                  'key = "contact", role = "phone", kind = "text"')
    message = refusal(catalog_with(tmp_path, "appointments.toml", PHONE_FIELD, as_text))
    assert "item YY-0101" in message and "role 'phone' needs a field of kind phone, not text" in message


def test_a_service_on_a_step_that_takes_none_is_refused_at_load(tmp_path: Path) -> None:
    folder = catalog_with(tmp_path, "appointments.toml", 'kind = "done"\n',
                          'kind = "done"\nservice = "fingerprint"\n')
    message = refusal(folder)
    assert "item YY-0101" in message and "a done step names no service" in message


def test_a_misspelt_centre_check_on_a_review_is_refused_at_load(tmp_path: Path) -> None:
    folder = catalog_with(tmp_path, "household.toml", 'service = "residence_permit"',
                          'service = "residence_permitt"')
    message = refusal(folder)
    assert "item HZ-0401" in message and "unknown check service 'residence_permitt'" in message


# -- the code reads answers by role -----------------------------------------------------------

def renamed(tmp_path: Path, file: str, replacements: list[tuple[str, str]]) -> Catalog:
    folder = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"{file} no longer contains {old!r}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return load_catalog(folder)


def test_a_booking_finds_name_and_phone_under_any_key(tmp_path: Path) -> None:
    catalog = renamed(tmp_path, "appointments.toml", [
        (NAME_FIELD, NAME_FIELD.replace('key = "name"', 'key = "contact_name"')),
        (PHONE_FIELD, PHONE_FIELD.replace('key = "phone"', 'key = "mobile"')),
    ])
    item = catalog.item("YY-0101")
    flow = Workflow([item], Session(), submitter=None)
    while flow.step.kind is not StepKind.FORM:
        flow.next()
    state = flow.submit_form({"contact_name": "测试甲", "id_number": "11010519491231002X", "mobile": "13912345678"})
    assert not state.errors
    # the booking's confirmation SMS goes to the number typed, under whatever key the form used
    assert contact_of(flow.session) == {"name": "测试甲", "phone": "13912345678"}


def test_the_receipt_shows_the_delivery_chosen_under_any_key(tmp_path: Path) -> None:
    catalog = renamed(tmp_path, "household.toml", [
        ('{ key = "delivery_method", role = "delivery_method", kind = "choice"',
         '{ key = "how_to_receive", role = "delivery_method", kind = "choice"'),
        ('show_when = { key = "delivery_method", equals = "mail" }',
         'show_when = { key = "how_to_receive", equals = "mail" }'),
    ])
    item = catalog.item("HZ-0101")
    assert {f.key for f in item.fields()} >= {"how_to_receive"}
    session = Session(language="zh_CN")
    Workflow([item], session, submitter=None)
    session.answers["how_to_receive"] = "mail"  # as the form step stores it
    session.case_numbers.append("K01-20261124-0001")
    device = SimulatedPrinter(DeviceSpec("printer", DeviceKind.PRINTER, "simulator", options={"paper_width_mm": 80}))
    device.open()
    try:
        receipt = device.new_receipt()
        fill_acceptance(receipt, session, [item], Place("demo-kiosk-01", "示例市公安局政务服务大厅", "一楼窗口"),
                        datetime(2026, 11, 24, 9, 30))
        device.print_receipt(receipt)
        text = device.hardware.last_receipt_text()
    finally:
        device.shutdown()
    delivery = next(line for line in text.splitlines() if line.startswith("领取方式"))
    assert "免费邮寄" in delivery and "窗口领取" not in delivery  # what the citizen chose, only


def test_the_centre_gets_the_phone_for_its_sms_under_any_key(tmp_path: Path) -> None:
    # The centre sends the "ready for pick-up" SMS to payload.answers.phone (docs/protocol.md).
    sample = Path(__file__).parent / "data" / "catalog_sample.toml"
    text = sample.read_text(encoding="utf-8")
    assert '{ key = "phone", role = "phone", ' in text
    (tmp_path / "c.toml").write_text(text.replace('{ key = "phone", role = "phone", ',
                                                  '{ key = "mobile", role = "phone", '), encoding="utf-8")
    item = load_catalog(tmp_path / "c.toml").item("ZA-0101")
    store = open_store(tmp_path, bytes(range(32)))
    flow = Workflow([item], Session(), OutboxSubmitter(store.outbox))
    flow.next()
    flow.next()
    flow.submit_form({"item_category": "keys", "item_description": "钥匙", "lost_date": "2026-11-20",
                      "lost_place": "大厅"})
    assert not flow.submit_form({"name": "欧阳娜娜", "mobile": "13800138000"}).errors
    flow.next()  # review -> submit
    assert flow.step.kind is StepKind.SUBMIT
    flow.commit()
    [pending] = store.outbox.next_batch()
    answers = pending.body["payload"]["answers"]
    assert answers["phone"] == "13800138000" and "mobile" not in answers


# -- the registry matches the code ---------------------------------------------------------------

def test_every_controller_and_service_the_registry_names_exists_in_the_code() -> None:
    import importlib

    from kiosk.issuing import ISSUE_SERVICES
    from kiosk.queries import QUERY_SERVICES
    from kiosk.registry import QUERIES, STEPS, TABLES

    assert set(STEPS) == set(StepKind)
    for provided in [*STEPS.values(), *(p for table in TABLES.values() for p in table.values())]:
        module, _, name = provided.code.partition(":")
        assert hasattr(importlib.import_module(module), name), provided.code
    assert set(QUERY_SERVICES) == set(QUERIES)
    for service, provided in QUERIES.items():  # the function that runs it is the one named
        assert provided.code == f"kiosk.queries:{QUERY_SERVICES[service].__name__}"
    assert ISSUE_SERVICES == set(TABLES[next(t for t in TABLES if t.value == "document")])


def test_the_centre_provides_every_document_and_calendar_the_registry_names() -> None:
    from kiosk.registry import BOOKINGS, DOCUMENTS
    from server.demo_data import SERVICES
    from server.documents import TITLES

    assert set(DOCUMENTS) == set(TITLES)  # POST /api/v1/documents/{kind} for each
    assert set(BOOKINGS) <= set(SERVICES)  # the demo centre's calendars
