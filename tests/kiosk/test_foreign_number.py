"""The old 15-character foreign permanent residence number (3 Latin letters + 12 digits; National
Immigration Administration, 《新版外国人永久居留身份证机读信息规则（2023版）》 §2) is accepted wherever an
ID number is, is recognised as that card's, and never reaches a diagnostics bundle."""

from __future__ import annotations

from datetime import date

from kiosk.catalog import FieldKind, FormField, Text, default_catalog_dir, load_catalog
from kiosk.diagnostics.redact import REDACTED, redact
from kiosk.eligibility import Verdict, card_type_of_number, decide, facts_of
from kiosk.fields import check_answer
from kiosk.identity import check_typed_id_number
from kiosk.registry import Role
from kiosk.session import Session

OLD = "USA110075062312"  # the sample card "foreigner_old" of assets/demo/identities.json
FIELD = FormField(key="id_number", kind=FieldKind.ID_NUMBER, label=Text(zh="证件号码", en="ID number"),
                  max_length=18, personal=True, role=Role.ID_NUMBER)


def test_accepted_in_an_id_number_field_and_at_the_identify_step() -> None:
    assert check_answer(FIELD, OLD).value == OLD
    assert check_answer(FIELD, "usa 110075062312").value == OLD  # typed in lower case with a space
    assert check_typed_id_number(OLD) == (OLD, None)
    # the 18-character numbers are still checked digit by digit
    assert check_answer(FIELD, "110105199003071239").value == "110105199003071239"
    assert check_answer(FIELD, "110105199003071238").error == "id_number"


def test_other_shapes_are_refused() -> None:
    for wrong in ("US1110075062312", "USA11007506231", "USA1100750623123", "US110075062312X", "123110075062312"):
        assert check_answer(FIELD, wrong).error == "id_number", wrong


def test_it_is_the_old_foreign_card_for_the_eligibility_rules() -> None:
    assert card_type_of_number(OLD) == "foreigner_permanent_old"
    s = Session()
    s.answers["id_number"] = OLD
    catalog = load_catalog(default_catalog_dir())
    assert decide([catalog.item("HZ-0101")], facts_of(s), {}, date(2026, 12, 7)).verdict is Verdict.STOPPED


def test_redacted_from_diagnostics() -> None:
    assert OLD not in redact(f"identify session opened for {OLD} via typed")
    assert REDACTED in redact(f"number={OLD}")
