"""Plate, address and ID number fields as a citizen fills them by touch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from tests.ui.helpers import find, open_item, running_kiosk, tap, type_into
from ui.shell import Shell

CATALOG = Path(__file__).parent / "data" / "catalog_fields.toml"
VALID_ID = "11010519491231002X"


@pytest.fixture()
def shell(qtbot: QtBot, settings: Settings) -> Iterator[Shell]:
    with running_kiosk(qtbot, settings, CATALOG, devices=False) as (shell, _core):
        yield shell


def open_form(qtbot: QtBot, shell: Shell) -> None:
    for name in ("attract_start", "area_public_order", "item_ZA-0102", "guide_start"):
        tap(qtbot, shell, name)
    assert shell.current.name == "form"


def test_incomplete_answers_get_errors_next_to_the_fields(qtbot: QtBot, shell: Shell) -> None:
    open_form(qtbot, shell)
    type_into(qtbot, shell, "field_plate_number", "I0000")  # I is never used on plates
    type_into(qtbot, shell, "field_id_number", "110105194912310021")  # wrong check digit
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "form"
    assert "京A12345" in find(shell, "error_plate").text()  # the error shows the expected form
    assert find(shell, "error_home_address").isVisible()
    assert find(shell, "error_id_number").isVisible()


def test_plate_address_and_id_by_touch_then_a_timeout_wipes_them(qtbot: QtBot, shell: Shell) -> None:
    open_form(qtbot, shell)
    tap(qtbot, shell, "field_plate_province")
    tap(qtbot, shell, "field_plate_provinces_粤")
    assert find(shell, "field_plate_province").text() == "粤"
    type_into(qtbot, shell, "field_plate_number", "b12345")
    tap(qtbot, shell, "field_home_address_pick_北京市")  # a municipality: no city step
    tap(qtbot, shell, "field_home_address_pick_东城区")
    assert "北京市 › 东城区" in find(shell, "field_home_address_path").text()
    type_into(qtbot, shell, "field_home_address_detail", "No.1")
    type_into(qtbot, shell, "field_id_number", VALID_ID.lower())
    tap(qtbot, shell, "form_next")
    session = shell.sessions.current
    assert session is not None
    assert session.answers["plate"] == "粤B12345"
    assert session.answers["home_address"] == "北京市东城区No.1"
    assert session.answers["id_number"] == VALID_ID

    shell.timeout()
    assert session.answers == {}
    assert all(not w.text() for w in shell.findChildren(QLineEdit))


def fill_first_form(qtbot: QtBot, shell: Shell) -> None:
    tap(qtbot, shell, "field_plate_province")
    tap(qtbot, shell, "field_plate_provinces_京")
    type_into(qtbot, shell, "field_plate_number", "A12345")
    tap(qtbot, shell, "field_home_address_pick_上海市")
    tap(qtbot, shell, "field_home_address_pick_浦东新区")
    type_into(qtbot, shell, "field_home_address_detail", "Road 8")
    type_into(qtbot, shell, "field_id_number", VALID_ID)
    tap(qtbot, shell, "form_next")


def test_the_postal_address_is_asked_only_after_choosing_free_mail(qtbot: QtBot, shell: Shell) -> None:
    open_form(qtbot, shell)
    fill_first_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", "Li Si")
    type_into(qtbot, shell, "field_phone", "13912345678")
    address = ("label_mail_address", "field_mail_address")
    assert not any(find(shell, name).isVisible() for name in address)  # nobody is asked for it up front

    tap(qtbot, shell, "choice_delivery_method_mail")
    assert all(find(shell, name).isVisible() for name in address)
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "form" and find(shell, "error_mail_address").isVisible()  # mail needs it

    tap(qtbot, shell, "field_mail_address_pick_北京市")
    tap(qtbot, shell, "field_mail_address_pick_东城区")
    type_into(qtbot, shell, "field_mail_address_detail", "No.1")
    tap(qtbot, shell, "choice_delivery_method_pickup")  # changed their mind: collect at the counter
    assert not any(find(shell, name).isVisible() for name in (*address, "error_mail_address"))
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "review"
    session = shell.sessions.current
    assert session is not None
    assert session.answers["delivery_method"] == "pickup" and "mail_address" not in session.answers


def test_signature_is_required_and_travels_as_an_image(qtbot: QtBot, shell: Shell) -> None:
    open_form(qtbot, shell)
    fill_first_form(qtbot, shell)
    type_into(qtbot, shell, "field_name", "Li Si")
    type_into(qtbot, shell, "field_phone", "13912345678")
    tap(qtbot, shell, "form_next")
    assert shell.current.name == "review"
    assert find(shell, "review_plate").text() == "京A12345"
    # signed on the review screen, under what was checked (no sign screen of its own)
    assert find(shell, "review_title").text() == "请核对并签名"
    assert find(shell, "review_confirm").text() == "签名确认"
    tap(qtbot, shell, "review_confirm")  # nothing drawn yet
    assert shell.current.name == "review" and find(shell, "review_sign_error").text() == "请先在框内签名。"
    session = shell.sessions.current
    assert session is not None and "signature.png" not in session.attachments

    pad = find(shell, "review_signature_pad")
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(40, 400, 20):
        qtbot.mouseMove(pad, QPoint(x, 60 + (x % 60)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, 80))
    tap(qtbot, shell, "review_confirm")
    png = bytes(session.attachments["signature.png"])
    image = QImage.fromData(png)
    assert png.startswith(b"\x89PNG") and image.width() > 300
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 20  # the strokes are in the picture, not an empty box
    qtbot.waitUntil(lambda: shell.current.name == "done", timeout=3000)  # committed to the outbox


def test_document_photo_from_the_camera_goes_into_the_case_and_is_wiped(qtbot: QtBot, settings: Settings) -> None:
    with running_kiosk(qtbot, settings, Path(__file__).parent / "data" / "catalog_document.toml") as (shell, _core):
        open_item(qtbot, shell, "public_order", "ZA-0103", "guide_start")
        tap(qtbot, shell, "form_next")  # no photo yet
        assert find(shell, "error_receipt_scan").isVisible()
        qtbot.waitUntil(lambda: find(shell, "field_receipt_scan_view").has_frame(), timeout=3000)  # live picture
        tap(qtbot, shell, "field_receipt_scan_take")
        assert find(shell, "field_receipt_scan_retake").isVisible()
        tap(qtbot, shell, "form_next")
        session = shell.sessions.current
        assert session is not None
        photo = session.attachments["receipt_scan.jpg"]
        assert bytes(photo[:3]) == b"\xff\xd8\xff" and len(photo) > 5000  # a real JPEG of the frame
        type_into(qtbot, shell, "field_name", "Li")
        type_into(qtbot, shell, "field_phone", "13912345678")
        tap(qtbot, shell, "form_next")
        assert shell.current.name == "review"
        assert "KB" in find(shell, "review_receipt_scan").text()

        shell.timeout()
        assert session.attachments == {} and set(photo) == {0}  # the buffer itself was zeroed
