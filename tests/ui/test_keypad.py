"""The keyboard follows the field (issue #16 item 6): digits and X for the ID number, digits for a
phone number, the plain English keyboard (no pinyin) in the English UI, and key labels a citizen
can read: measured from the rendered pad, not read from the theme's constants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Settings
from tests.ui.helpers import find, running_kiosk, tap, type_into
from tests.ui.test_form_inputs import CATALOG, VALID_ID
from ui.shell import Shell


@pytest.fixture()
def shell(qtbot: QtBot, settings: Settings) -> Iterator[Shell]:
    with running_kiosk(qtbot, settings, CATALOG, devices=False, keyboard=True) as (shell, _core):
        yield shell
        assert shell.keyboard is not None
        shell.keyboard.close_down()


def focus(qtbot: QtBot, shell: Shell, name: str) -> QLineEdit:
    field = find(shell, name)
    assert isinstance(field, QLineEdit)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    return field


def first_form(qtbot: QtBot, shell: Shell) -> None:
    for name in ("attract_start", "area_public_order", "item_ZA-0102", "guide_start"):
        tap(qtbot, shell, name)
    assert shell.current.name == "form"


def test_id_number_opens_digits_and_x_and_takes_a_whole_number(qtbot: QtBot, shell: Shell) -> None:
    first_form(qtbot, shell)
    field = focus(qtbot, shell, "field_id_number")
    assert shell.keyboard is not None and not shell.keyboard.isVisible(), "the QWERTY/pinyin keyboard opened"
    for key in VALID_ID:
        tap(qtbot, shell, f"keypad_{key}")
    assert field.text() == VALID_ID
    tap(qtbot, shell, "keypad_delete")
    tap(qtbot, shell, "keypad_X")
    assert field.text() == VALID_ID
    tap(qtbot, shell, "keypad_1")  # a 19th character has no place
    assert field.text() == VALID_ID


def test_phone_opens_digits_only_and_text_brings_the_keyboard_back(qtbot: QtBot, shell: Shell) -> None:
    first_form(qtbot, shell)
    tap(qtbot, shell, "field_plate_province")
    tap(qtbot, shell, "field_plate_provinces_粤")
    type_into(qtbot, shell, "field_plate_number", "B12345")
    tap(qtbot, shell, "field_home_address_pick_北京市")
    tap(qtbot, shell, "field_home_address_pick_东城区")
    type_into(qtbot, shell, "field_home_address_detail", "No.1")
    focus(qtbot, shell, "field_id_number")
    for key in VALID_ID:
        tap(qtbot, shell, f"keypad_{key}")
    tap(qtbot, shell, "form_next")
    phone = focus(qtbot, shell, "field_phone")
    assert find(shell, "keypad").isVisible()
    assert not find(shell, "keypad_X").isVisible(), "a phone number has no X"
    assert shell.keyboard is not None and not shell.keyboard.isVisible()
    for key in "13800000000":
        tap(qtbot, shell, f"keypad_{key}")
    assert phone.text() == "13800000000"
    focus(qtbot, shell, "field_name")  # a name is text: the keyboard, not the pad
    assert not find(shell, "keypad").isVisible()
    assert shell.keyboard.isVisible()


def keyboard_keys(shell: Shell) -> list[QQuickItem]:
    assert shell.keyboard is not None
    root = shell.keyboard.rootObject()
    assert root is not None
    return [i for i in root.findChildren(QQuickItem) if i.property("key") is not None and i.property("text")]


def press_virtual(qtbot: QtBot, shell: Shell, text: str) -> None:
    """Tap the on-screen key labelled ``text`` (case-insensitive) where it is drawn."""
    assert shell.keyboard is not None
    key = next(k for k in keyboard_keys(shell) if str(k.property("text")).lower() == text and k.isVisible())
    centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).toPoint()
    qtbot.mouseClick(shell.keyboard, Qt.MouseButton.LeftButton, pos=centre)
    QApplication.processEvents()


def test_english_ui_types_english_without_pinyin(qtbot: QtBot, shell: Shell) -> None:
    tap(qtbot, shell, "frame_language")
    first_form(qtbot, shell)
    tap(qtbot, shell, "field_home_address_pick_北京市")
    tap(qtbot, shell, "field_home_address_pick_东城区")
    field = focus(qtbot, shell, "field_home_address_detail")  # the street: free text
    assert field.hasFocus()
    qtbot.waitUntil(lambda: bool(keyboard_keys(shell)), timeout=3000)
    press_virtual(qtbot, shell, "n")
    # Pinyin holds "n" as a syllable being composed and offers 你/能/…; English puts it in the field.
    assert field.text().lower() == "n"


def colour_runs(image: QImage) -> Counter[int]:
    return Counter(image.pixel(x, y) for y in range(image.height()) for x in range(image.width()))


def contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("elder", [False, True])
def test_pad_labels_are_large_upper_case_and_7_to_1(qtbot: QtBot, shell: Shell, elder: bool) -> None:
    if elder:
        tap(qtbot, shell, "frame_elder")
    first_form(qtbot, shell)
    focus(qtbot, shell, "field_id_number")
    for name in ("keypad_1", "keypad_X", "keypad_delete"):
        key = find(shell, name)
        image = key.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        inner = image.copy(6, 6, image.width() - 12, image.height() - 12)  # the key face, not its border
        counts = colour_runs(inner)
        face = QColor.fromRgb(counts.most_common(1)[0][0])
        ink = max((QColor.fromRgb(p) for p in counts), key=lambda c: contrast(c, face))
        assert contrast(ink, face) >= 7.0, f"{name}: label {ink.name()} on {face.name()}"
        if name == "keypad_X":
            assert find(shell, name).property("text") == "X"  # upper case, as printed on the card
            rows = [y for y in range(inner.height())
                    if any(contrast(QColor.fromRgb(inner.pixel(x, y)), face) > 3 for x in range(inner.width()))]
            cap_mm = (rows[-1] - rows[0] + 1) / (shell.theme.mm(100) / 100)
            assert cap_mm >= 7.3 * shell.theme.scale * 0.95, f"X is {cap_mm:.1f} mm tall"


def test_pad_follows_focus_away_to_a_non_digit_widget(qtbot: QtBot, shell: Shell) -> None:
    first_form(qtbot, shell)
    focus(qtbot, shell, "field_id_number")
    assert isinstance(QApplication.focusWidget(), QWidget)
    tap(qtbot, shell, "frame_home")
    assert not find(shell, "keypad").isVisible()


def test_date_digits_fill_in_the_yyyy_mm_dd_shape(qtbot: QtBot) -> None:
    from kiosk.catalog import FieldKind
    from ui.keypad import Keypad, mark

    host = QWidget()
    qtbot.addWidget(host)
    field = QLineEdit(host)
    mark(field, FieldKind.DATE)
    pad = Keypad(host)
    pad.attach(field)
    assert pad.isVisibleTo(host) and not pad.keys["X"].isVisibleTo(host)
    for key in "1949123":
        pad.press(key)
    assert field.text() == "1949-12-3"
    pad.press("1")
    assert field.text() == "1949-12-31"
    pad.press("9")  # a ninth digit has no place
    assert field.text() == "1949-12-31"
    for _ in range(3):
        pad.press("")  # delete takes digits, the dashes follow
    assert field.text() == "1949-1"


def label_on_face(image: QImage) -> tuple[QColor, QColor, int]:
    """The key face (the commonest colour), the label colour (the one most unlike it) and the
    label's ink height in pixels."""
    counts = colour_runs(image)
    face = QColor.fromRgb(counts.most_common(1)[0][0])
    ink = max((QColor.fromRgb(p) for p in counts), key=lambda c: contrast(c, face))
    rows = [y for y in range(image.height())
            if any(contrast(QColor.fromRgb(image.pixel(x, y)), face) > 3 for x in range(image.width()))]
    return face, ink, (rows[-1] - rows[0] + 1) if rows else 0


KEY_CLASSES = ("ShiftKey", "SpaceKey", "SymbolModeKey", "BackspaceKey", "EnterKey")


@pytest.mark.parametrize(("english", "elder"), [(False, False), (True, False), (False, True)])
def test_keyboard_labels_capitals_at_body_size_and_7_to_1(qtbot: QtBot, shell: Shell, english: bool,
                                                           elder: bool) -> None:
    if english:
        tap(qtbot, shell, "frame_language")
    if elder:
        tap(qtbot, shell, "frame_elder")
    first_form(qtbot, shell)
    tap(qtbot, shell, "field_home_address_pick_北京市")
    tap(qtbot, shell, "field_home_address_pick_东城区")
    focus(qtbot, shell, "field_home_address_detail")
    assert shell.keyboard is not None
    root = shell.keyboard.rootObject()
    assert root is not None
    qtbot.waitUntil(lambda: bool(keyboard_keys(shell)), timeout=3000)
    qtbot.wait(1500)  # the space bar's language name fades a second after it appears
    image = shell.keyboard.grabFramebuffer().convertToFormat(QImage.Format.Format_RGB32)
    seen = set()
    for item in root.findChildren(QQuickItem):
        kind = item.metaObject().className().split("_")[0]
        name = "x" if kind == "Key" and item.property("key") == Qt.Key.Key_X.value else kind
        if name not in ("x", *KEY_CLASSES) or not item.isVisible() or item.width() < 10 or name in seen:
            continue
        seen.add(name)
        corner = item.mapToScene(QPointF(0, 0)).toPoint()
        inset = round(item.height() * 0.15)  # inside the key's rounded face
        face_image = image.copy(corner.x() + inset, corner.y() + inset,
                                round(item.width()) - 2 * inset, round(item.height()) - 2 * inset)
        face, ink, height = label_on_face(face_image)
        assert contrast(ink, face) >= 7.0, f"{name}: label {ink.name()} on {face.name()}"
        if name == "x":
            cap_mm = height / (shell.theme.mm(100) / 100)
            # A lower-case x is about 70 % of a capital: this fails for small or lower-case labels.
            assert cap_mm >= 7.3 * shell.theme.scale * 0.9, f"the X key's label is {cap_mm:.1f} mm tall"
    assert {"x", "SpaceKey", "BackspaceKey"} <= seen
    if english:
        assert "ShiftKey" in seen
