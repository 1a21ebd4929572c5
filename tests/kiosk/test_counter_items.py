"""Issue #17's closing count, read from the shipped catalog: which items still end at a counter
(guide.visits = 1). The five made counter-free on branch wt-deliv must not be among them, must not
offer pick-up at a counter as their only way, and their guides must no longer ask for the
originals the centre now checks in its registers (server/centre_checks.py)."""

from __future__ import annotations

import pytest

from kiosk.catalog import Catalog, StepKind, default_catalog_dir, load_catalog

# item → the centre check named on its review step, and the originals a counter used to look at
NO_COUNTER = {
    "HZ-0401": ("residence_permit", ("租赁合同", "劳动合同", "在读证明")),
    "HZ-0103": ("temporary_id_card", ("受理回执",)),
    "ZA-0201": ("security_guard", ("学历证明",)),
    "HZ-0201": ("birth_registration", ("《出生医学证明》", "户口簿", "结婚证")),
    "ZA-0301": ("hotel_licence", ("营业执照", "申请登记表")),
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(sorted(default_catalog_dir().glob("*.toml")))


def test_these_five_no_longer_end_at_a_counter(catalog: Catalog) -> None:
    at_counter = sorted(i.code for i in catalog.items() if i.guide.visits == 1)
    assert not set(NO_COUNTER) & set(at_counter), at_counter
    assert len(at_counter) <= 17  # 22 before issue #17's counter work; ≤ 10 when all branches are in


@pytest.mark.parametrize("code", sorted(NO_COUNTER))
def test_the_centre_checks_before_the_signature_and_the_result_comes_without_a_counter(
        catalog: Catalog, code: str) -> None:
    from kiosk.steps.centre_check import CHECK_ANSWERS  # the kiosk knows how to ask for this check

    item = catalog.item(code)
    service, originals = NO_COUNTER[code]
    g = item.guide
    assert g.visits == 0 and "pickup" not in g.delivery and set(g.delivery) <= {"mail", "dispenser"}
    review = [s for s in item.workflow if s.kind is StepKind.REVIEW]
    assert [s.service for s in review] == [service] and service in CHECK_ANSWERS
    kinds = [s.kind for s in item.workflow]
    later = kinds[kinds.index(StepKind.REVIEW):]
    assert all(k in later for k in kinds if k in (StepKind.SIGN, StepKind.PAY, StepKind.SUBMIT))
    listed = " ".join(m.name.zh for m in g.materials)
    assert not [o for o in originals if o in listed], listed
    keys = {f.key for f in item.fields()}
    if "mail" in g.delivery:
        assert "mail_address" in keys  # where to post it
    if len(g.delivery) > 1:
        assert "card_delivery" in keys  # the citizen chooses
    assert all("《" in b.zh for b in g.legal_basis)  # the legal basis lines stay
