"""The shipped catalog's content: enough real items in every area, each complete and consistent.

test_catalog.py checks that the loader rejects broken files; this file checks what we ship in
``assets/catalog``: the 一次性告知 of every item is complete, fees agree with their exemptions
and with the payment step, the devices an item lists match the steps it runs, and some items can
be done today with no device at all.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from kiosk.catalog import (
    Area,
    Catalog,
    DeviceNeed,
    FieldKind,
    Guide,
    Item,
    StepKind,
    default_catalog_dir,
    load_catalog,
)
from kiosk.catalog_updates import is_newer
from kiosk.issuing import ELECTRONIC_ONLY

# Step kinds the kiosk UI builds today (ui/shell.py BUILT_STEPS); items using only these run now.
BUILT_STEPS = frozenset({
    StepKind.GUIDE, StepKind.CONSENT, StepKind.FORM, StepKind.REVIEW,
    StepKind.SUBMIT, StepKind.DONE, StepKind.RATE,
})
# Field kinds the form screen renders today (ui/shell.py BUILT_FIELD_KINDS).
BUILT_FIELD_KINDS = frozenset({
    FieldKind.TEXT, FieldKind.PHONE, FieldKind.DATE,
    FieldKind.CHOICE, FieldKind.ID_NUMBER, FieldKind.NUMBER,
})
PREFIX = {
    Area.HOUSEHOLD: "HZ",
    Area.EXIT_ENTRY: "CRJ",
    Area.TRAFFIC: "JG",
    Area.PUBLIC_ORDER: "ZA",
    Area.CERTIFICATES: "ZM",
    Area.APPOINTMENTS: "YY",
}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_catalog_dir())


def doable_without_devices(item: Item) -> bool:
    return (
        not item.requires_devices
        and set(item.step_kinds) <= BUILT_STEPS
        and StepKind.SUBMIT in item.step_kinds
        and all(f.kind in BUILT_FIELD_KINDS for f in item.fields())
    )


def test_shipped_catalog_loads_with_at_least_30_items(catalog: Catalog) -> None:
    assert len(catalog) >= 30


def test_every_area_is_covered(catalog: Catalog) -> None:
    assert catalog.areas() == list(Area)
    counts = Counter(item.area for item in catalog.items())
    for area in Area:
        assert counts[area] >= 3, f"area {area.value} has only {counts[area]} items"


def test_one_file_per_area_and_one_version() -> None:
    folder = default_catalog_dir()
    versions = set()
    for area in Area:
        path = folder / f"{area.value}.toml"
        assert path.is_file(), f"missing {path.name}"
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        versions.add(data["version"])
        areas = {item["area"] for item in data["items"]}
        assert areas == {area.value}, f"{path.name} mixes areas"
    assert len(versions) == 1


def test_test_catalogs_are_not_older_than_the_shipped_one() -> None:
    # A test kiosk linked to a local server would download the (newer) shipped catalog and switch
    # to it at the next idle moment, in the middle of a test: bump these with the shipped version.
    shipped = load_catalog(default_catalog_dir()).version
    tests = Path(__file__).resolve().parents[1]
    for path in sorted([*tests.glob("ui/data/*.toml"), *tests.glob("kiosk/data/*.toml")]):
        version = tomllib.loads(path.read_text(encoding="utf-8"))["version"]
        assert not is_newer(shipped, version), f"{path.name} is at {version}, the shipped catalog at {shipped}"


def test_codes_unique_and_prefixed_by_area(catalog: Catalog) -> None:
    codes = [item.code for item in catalog.items()]
    assert len(codes) == len(set(codes))
    for item in catalog.items():
        prefix = item.code.split("-")[0]
        assert prefix == PREFIX[item.area], f"{item.code} is in area {item.area.value}"


def test_lost_item_example_is_still_shipped(catalog: Catalog) -> None:
    # The UI tests walk a citizen through ZA-0101; it must stay first in its area.
    assert catalog.in_area(Area.PUBLIC_ORDER)[0].code == "ZA-0101"


def test_names_and_summaries_in_both_languages(catalog: Catalog) -> None:
    for item in catalog.items():
        for text in (item.name, item.summary):
            assert HAN.search(text.zh), f"{item.code}: no Chinese in {text.zh!r}"
            assert not HAN.search(text.en), f"{item.code}: Chinese in English {text.en!r}"
            assert text.en.strip() and text.zh.strip()


def test_every_guide_is_complete(catalog: Catalog) -> None:
    for item in catalog.items():
        g = item.guide
        assert g.conditions and g.eligibility, item.code
        assert g.legal_basis, f"{item.code}: no legal basis"
        for basis in g.legal_basis:
            names_law = "《" in basis.zh and "》" in basis.zh
            assert names_law, f"{item.code}: legal basis names no law: {basis.zh!r}"
        assert g.counter.zh and g.counter.en, item.code
        assert g.delivery, item.code
        for material in g.materials:
            provided = material.original or material.copies >= 1
            assert provided, f"{item.code}: {material.name.zh}: neither original nor copy"


def test_examples_name_guide_fields(catalog: Catalog) -> None:
    allowed = set(Guide.model_fields) - {"examples"}
    for item in catalog.items():
        unknown = set(item.guide.examples) - allowed
        assert not unknown, f"{item.code}: examples names unknown fields {sorted(unknown)}"
        assert len(item.guide.examples) == len(set(item.guide.examples)), item.code


def test_fees_consistent_with_exemptions_and_payment(catalog: Catalog) -> None:
    for item in catalog.items():
        kinds = list(item.step_kinds)
        for fee in item.guide.fees:
            assert fee.amount_fen > 0, f"{item.code}: a zero fee is no fee; leave it out"
            rules = [e.rule for e in fee.exemptions]
            assert len(rules) == len(set(rules)), f"{item.code}: exemption twice on {fee.name.zh}"
            for exemption in fee.exemptions:
                assert exemption.description.zh and exemption.description.en
        if StepKind.PAY in kinds:
            terminal = DeviceNeed.PAYMENT_TERMINAL in item.requires_devices
            assert terminal, f"{item.code}: pays without a terminal"
            # Either the guide states the amount, or a query before payment finds it (e.g. fines).
            priced = any(fee.amount_fen > 0 for fee in item.guide.fees)
            queried = StepKind.QUERY in kinds[: kinds.index(StepKind.PAY)]
            assert priced or queried, f"{item.code}: pay step but no fee and no query for it"
        elif item.guide.fees and item.guide.visits == 0 and not item.instant:
            pytest.fail(f"{item.code}: fees, no visit and no pay step: where is it paid?")


def test_known_national_fees(catalog: Catalog) -> None:
    fees = {item.code: [fee.amount_fen for fee in item.guide.fees] for item in catalog.items()}
    assert fees["HZ-0101"] == [2000]  # 居民身份证换领 20 元
    assert fees["HZ-0102"] == [4000]  # 丢失补领 40 元
    assert fees["HZ-0103"] == [1000]  # 临时居民身份证 10 元
    assert fees["CRJ-0101"] == [6000, 1500]  # 往来港澳通行证 60 元 + 一次有效签注 15 元
    assert fees["CRJ-0201"] == [12000]  # 普通护照 120 元
    assert fees["JG-0201"] == [1000]  # 驾驶证工本费 10 元


def test_devices_match_steps(catalog: Catalog) -> None:
    for item in catalog.items():
        kinds = set(item.step_kinds)
        devices = set(item.requires_devices)
        assert len(devices) == len(item.requires_devices), f"{item.code}: device listed twice"
        if StepKind.PHOTO in kinds:
            assert DeviceNeed.CAMERA in devices, f"{item.code}: photo step without camera"
        if StepKind.RECEIPT in kinds:
            assert DeviceNeed.PRINTER in devices, f"{item.code}: receipt step without printer"
        if StepKind.ISSUE in kinds:  # the document comes out of the A4 printer, after a face check
            printed = {s.service for s in item.workflow if s.kind is StepKind.ISSUE} - ELECTRONIC_ONLY
            if printed:  # not for a document delivered only electronically (kiosk/issuing.py)
                assert DeviceNeed.DOCUMENT_PRINTER in devices, f"{item.code}: issue step without document printer"
            assert StepKind.IDENTIFY in kinds and DeviceNeed.CAMERA in devices, item.code
        if StepKind.IDENTIFY in kinds:
            readers = devices & {DeviceNeed.CARD_READER, DeviceNeed.CAMERA}
            assert readers, f"{item.code}: identify without card reader or camera"
        if any(f.kind is FieldKind.DOCUMENT_PHOTO for f in item.fields()):
            # the document photo is taken by the camera (高拍仪 role): without it the form cannot be finished
            assert DeviceNeed.CAMERA in devices, f"{item.code}: document photo without camera"
        if not devices:
            needs_device = {StepKind.PHOTO, StepKind.PAY, StepKind.RECEIPT, StepKind.IDENTIFY, StepKind.ISSUE}
            assert not kinds & needs_device, item.code


def test_workflow_shape(catalog: Catalog) -> None:
    for item in catalog.items():
        kinds = list(item.step_kinds)
        assert kinds[0] is StepKind.GUIDE
        others = [k for k in kinds if k is not StepKind.FORM]
        assert len(others) == len(set(others)), f"{item.code}: a non-form step kind appears twice"
        if StepKind.SUBMIT in kinds:
            assert StepKind.REVIEW in kinds, f"{item.code}: submits without a review"
        if StepKind.PAY in kinds:
            before_pay = kinds[: kinds.index(StepKind.PAY)]
            assert StepKind.REVIEW in before_pay, f"{item.code}: pays before review"
        if StepKind.RATE in kinds:
            assert kinds[-1] is StepKind.RATE, f"{item.code}: rating is the last step"
        if StepKind.RESULT in kinds:
            produced = StepKind.QUERY in kinds or StepKind.SUBMIT in kinds
            assert produced, f"{item.code}: result of nothing"


def test_forms_mark_personal_fields(catalog: Catalog) -> None:
    personal_kinds = {FieldKind.ID_NUMBER, FieldKind.PHONE, FieldKind.ADDRESS}
    person_keys = {"name", "id_number", "phone"}
    not_people = {"event_name", "org_name", "guest_given_name"}
    for item in catalog.items():
        keys = [f.key for f in item.fields()]
        assert len(keys) == len(set(keys)), f"{item.code}: a field key is asked twice"
        for field in item.fields():
            suffix = field.key.endswith(("_name", "_id_number", "_address"))
            about_person = field.key in person_keys or (suffix and field.key not in not_people)
            if field.kind in personal_kinds or about_person:
                assert field.personal, f"{item.code}: {field.key} must be personal"


def test_shared_field_keys_mean_the_same_everywhere(catalog: Catalog) -> None:
    # 一事联办: fields with the same key in combined items are asked once, so they must agree.
    seen: dict[str, tuple[str, tuple[object, ...]]] = {}
    for item in catalog.items():
        for field in item.fields():
            values = tuple(sorted(c.value for c in field.choices))
            meaning = (field.kind, field.personal, values)
            if field.key in seen:
                code, first = seen[field.key]
                assert first == meaning, f"field {field.key!r}: {code} and {item.code} disagree"
            else:
                seen[field.key] = (item.code, meaning)


def test_visits_and_delivery_agree(catalog: Catalog) -> None:
    for item in catalog.items():
        g = item.guide
        if item.instant:
            assert "instant" in g.delivery, f"{item.code}: instant item, delivery not instant"
        if g.visits == 0:
            assert set(g.delivery) != {"pickup"}, f"{item.code}: no visit, yet pick-up only"


def test_at_least_three_items_doable_without_devices(catalog: Catalog) -> None:
    doable = [item.code for item in catalog.items() if doable_without_devices(item)]
    assert len(doable) >= 3, doable
    areas = {catalog.item(code).area for code in doable}
    assert Area.APPOINTMENTS in areas


# Applications the applicant must sign, by the official forms: 《居民身份证申领登记表》 and
# 《临时居民身份证申领登记表》 (申领人签名, 居民身份证申领发放工作规范), the household register's
# declaration forms (出生登记 / 户口迁移: 申报人签名, 户口登记条例 第七条、第十条 declare in person),
# and 《中国公民出入境证件申请表》 (申请人签名; a guardian signs for a child under 16). A
# pre-registration (HZ-0104) is signed at the counter with the fingerprints.
MUST_SIGN = {"HZ-0101", "HZ-0102", "HZ-0103", "HZ-0201", "HZ-0301",
             "CRJ-0101", "CRJ-0102", "CRJ-0103", "CRJ-0201", "CRJ-0202"}


def test_applications_the_law_wants_signed_have_the_sign_step_right_after_review(catalog: Catalog) -> None:
    for code in sorted(MUST_SIGN):
        kinds = list(catalog.item(code).step_kinds)
        assert StepKind.SIGN in kinds, f"{code}: the applicant's signature is missing"
        # 零差错: the citizen checks name, sex and document type, then signs what was checked
        assert kinds[kinds.index(StepKind.SIGN) - 1] is StepKind.REVIEW, code
