"""Touch inputs for form fields that are not plain text: choices, vehicle plates and addresses.
No drop-down lists and no tiny spinners: every choice is a large button (reference/ux.md).
Each input has value(), set_value() and clear(); value() is "" until the answer is complete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.catalog import FormField
from kiosk.fields import PLATE_PROVINCES
from kiosk.regions import Regions, join_address
from ui.camera_view import CameraView
from ui.widgets import button, clear_layout, label


def _toggle(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setCheckable(True)
    b.setProperty("role", "secondary")
    b.setObjectName(name)
    b.setAccessibleName(text)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return b


def sensitive_line_edit(name: str, accessible: str, personal: bool) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    if personal:
        # Keeps the keyboard from learning this value into its user dictionary.
        edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    return edit


class ChoiceInput(QWidget):
    """Large toggle buttons for a choice field."""

    changed = Signal()  # the citizen picked a choice (not emitted by set_value or clear)

    def __init__(self, field: FormField, lang: str, columns: int) -> None:
        super().__init__()
        self.setObjectName(f"field_{field.key}")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonClicked.connect(lambda _button: self.changed.emit())
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for index, choice in enumerate(field.choices):
            b = _toggle(choice.label.get(lang), f"choice_{field.key}_{choice.value}")
            self.group.addButton(b)
            self.buttons[choice.value] = b
            grid.addWidget(b, index // columns, index % columns)

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)

    def clear(self) -> None:
        self.group.setExclusive(False)
        for b in self.buttons.values():
            b.setChecked(False)
        self.group.setExclusive(True)


class PickGrid(QWidget):
    """A grid of large buttons to pick one word from (provinces, cities, districts)."""

    picked = Signal(str)

    def __init__(self, name: str, columns: int) -> None:
        super().__init__()
        self.setObjectName(name)
        self.columns = columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)

    def show_options(self, options: list[str]) -> None:
        clear_layout(self.grid)
        for index, text in enumerate(options):
            b = button(text, lambda t=text: self.picked.emit(t), f"{self.objectName()}_{text}", "secondary")
            self.grid.addWidget(b, index // self.columns, index % self.columns)
        self.setVisible(bool(options))


class PlateInput(QWidget):
    """Vehicle plate: the province character from a grid, then letters and digits typed."""

    def __init__(self, field: FormField, lang: str, columns: int) -> None:
        super().__init__()
        self.setObjectName(f"field_{field.key}")
        self.province = button("京", self._open_grid, f"field_{field.key}_province", "secondary")
        self._name_province()
        self.rest = QLineEdit()
        self.rest.setObjectName(f"field_{field.key}_number")
        self.rest.setAccessibleName(field.label.get(lang))
        self.rest.setMaxLength(7)
        self.rest.setPlaceholderText("A12345")
        self.rest.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
                                      | Qt.InputMethodHint.ImhLatinOnly)
        self.grid = PickGrid(f"field_{field.key}_provinces", columns)
        self.grid.picked.connect(self._pick)
        self.grid.hide()
        row = QHBoxLayout()
        row.addWidget(self.province)
        row.addWidget(self.rest, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.grid)

    def _open_grid(self) -> None:
        self.grid.show_options(list(PLATE_PROVINCES))

    def _name_province(self) -> None:
        # Read out in the screen's language, with the character chosen (a bare "京" says little).
        self.province.setAccessibleName(self.tr("Plate province: %1").replace("%1", self.province.text()))

    def _pick(self, province: str) -> None:
        self.province.setText(province)
        self._name_province()
        self.grid.hide()
        self.rest.setFocus()

    def value(self) -> str:
        rest = self.rest.text().strip().upper().replace(" ", "")
        return self.province.text() + rest if rest else ""

    def set_value(self, value: str) -> None:
        if value and value[0] in PLATE_PROVINCES:
            self.province.setText(value[0])
            self._name_province()
            self.rest.setText(value[1:])

    def clear(self) -> None:
        # setText, not QLineEdit.clear(): clear() is undoable, so the plate would stay in the
        # field's undo history while the form waits for the next citizen (forms are reused).
        self.rest.setText("")
        self.province.setText("京")
        self._name_province()
        self.grid.hide()


class AddressInput(QWidget):
    """Province → city → district from grids (a municipality skips the city), then the street
    and number typed. value() is the address on one line once all four parts are there."""

    def __init__(self, field: FormField, lang: str, columns: int, regions: Regions) -> None:
        super().__init__()
        self.setObjectName(f"field_{field.key}")
        self.regions = regions
        self.parts: list[str] = []  # province, city, district as chosen so far
        self.path = button("", self._restart, f"field_{field.key}_path", "secondary")
        self.prompt = label("", "small", name=f"field_{field.key}_prompt")
        self.grid = PickGrid(f"field_{field.key}_pick", columns)
        self.grid.picked.connect(self._pick)
        self.detail = sensitive_line_edit(f"field_{field.key}_detail", field.label.get(lang), field.personal)
        self.detail.setMaxLength(field.max_length)
        self.lang = lang
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.path, self.prompt, self.grid, self.detail):
            column.addWidget(widget)
        self._refresh()

    def _words(self) -> tuple[str, str, str, str]:
        if self.lang.startswith("zh"):
            return "请选择省份", "请选择城市", "请选择区县", "请输入街道、门牌号"
        return ("Choose the province", "Choose the city", "Choose the district",
                "Enter the street and number")

    def _options(self) -> list[str]:
        if not self.parts:
            return self.regions.provinces()
        if len(self.parts) == 1:
            return self.regions.cities(self.parts[0])
        if len(self.parts) == 2:
            return self.regions.districts(self.parts[0], self.parts[1])
        return []

    def _pick(self, word: str) -> None:
        self.parts.append(word)
        if len(self.parts) == 1 and self.regions.cities(word) == [word]:
            self.parts.append(word)  # 直辖市: the city is the province
        self._refresh()
        if len(self.parts) == 3:
            self.detail.setFocus()

    def _restart(self) -> None:
        self.parts.clear()
        self._refresh()

    def _refresh(self) -> None:
        choose_province, choose_city, choose_district, enter_detail = self._words()
        step = len(self.parts)
        self.prompt.setText([choose_province, choose_city, choose_district, enter_detail][min(step, 3)])
        shown = [p for i, p in enumerate(self.parts) if not (i == 1 and p == self.parts[0])]
        self.path.setText(" › ".join(shown) + ("  ✕" if shown else ""))
        self.path.setVisible(bool(shown))
        self.grid.show_options(self._options())
        self.detail.setVisible(step == 3)

    def value(self) -> str:
        detail = self.detail.text().strip()
        if len(self.parts) < 3 or not detail:
            return ""
        return join_address(self.parts[0], self.parts[1], self.parts[2], detail)

    def set_value(self, value: str) -> None:
        """Restore a complete address typed earlier in this session (back from review)."""
        for province in self.regions.provinces():
            for city in self.regions.cities(province):
                for district in self.regions.districts(province, city):
                    head = join_address(province, city, district, "")
                    if value.startswith(head) and len(value) > len(head):
                        self.parts = [province, city, district]
                        self.detail.setText(value[len(head):])
                        self._refresh()
                        return

    def clear(self) -> None:
        self.detail.setText("")  # not clear(): no undo history of the address (forms are reused)
        self._restart()


class DocumentPhotoInput(QWidget):
    """高拍仪: the document camera shows the page live; "Take photo" keeps the newest frame as a
    JPEG, shown small with "Retake". The picture goes into the session's attachments (encrypted
    in the outbox), never to disk here. value() is a short note once a photo exists."""

    def __init__(self, field: FormField, lang: str, camera: Callable[[], Any],
                 existing: bytearray | None = None) -> None:
        super().__init__()
        self.setObjectName(f"field_{field.key}")
        self.key = field.key
        self.lang = lang
        self.camera = camera  # returns the camera device or None
        self.photo: bytearray | None = existing  # taken earlier in this session (back from review)
        self.view = CameraView(f"field_{field.key}_view", mirror=False)
        self.view.setMinimumHeight(360)
        self.note = label("", "small", name=f"field_{field.key}_note")
        self.take = button("", self._take, f"field_{field.key}_take")
        self.retake = button("", self._retake, f"field_{field.key}_retake", "secondary")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.retake)
        row.addStretch(1)
        row.addWidget(self.take)
        column.addWidget(self.view)
        column.addWidget(self.note)
        column.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(100)  # 10 fps is plenty to aim a page
        self.timer.timeout.connect(self._refresh)
        self._show_state()

    def _words(self) -> dict[str, str]:
        if self.lang.startswith("zh"):
            return {"take": "拍照", "retake": "重拍", "aim": "请将材料平放在拍摄区，看到清晰画面后按“拍照”。",
                    "taken": "已拍摄", "none": "拍摄设备暂不可用，请将原件带到窗口。"}
        return {"take": "Take photo", "retake": "Retake",
                "aim": "Lay the document flat under the camera; when the picture is sharp, press Take photo.",
                "taken": "Photo taken", "none": "The document camera is not available: please bring the original to the counter."}

    def _device(self) -> Any:
        device = self.camera()
        return device if device is not None and hasattr(device, "latest_frame") else None

    def _refresh(self) -> None:
        device = self._device()
        frame = device.latest_frame() if device is not None else None
        if frame is None:
            self.view.clear()
            self.note.setText(self._words()["none"])
            return
        self.view.show_frame(frame.image)

    def _take(self) -> None:
        import cv2  # only when a photo is taken: keeps OpenCV out of the kiosk's start-up

        device = self._device()
        frame = device.latest_frame() if device is not None else None
        if frame is None:
            self.note.setText(self._words()["none"])
            return
        ok, jpeg = cv2.imencode(".jpg", frame.image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        if not ok:
            return
        self.photo = bytearray(jpeg.tobytes())
        self.view.show_frame(frame.image)
        self._show_state()

    def _retake(self) -> None:
        self._wipe()
        self._show_state()

    def _show_state(self) -> None:
        words = self._words()
        taken = self.photo is not None
        self.take.setText(words["take"])
        self.retake.setText(words["retake"])
        for b in (self.take, self.retake):
            b.setAccessibleName(b.text())
        self.take.setVisible(not taken)
        self.retake.setVisible(taken)
        self.note.setText(f"{words['taken']} ({len(self.photo) // 1024} KB)" if taken else words["aim"])
        if taken:
            self.timer.stop()
        else:
            self.timer.start()

    def value(self) -> str:
        return f"{self._words()['taken']} ({len(self.photo) // 1024} KB)" if self.photo is not None else ""

    def attachment(self) -> tuple[str, bytearray] | None:
        return (f"{self.key}.jpg", self.photo) if self.photo is not None else None

    def set_value(self, value: str) -> None:
        """A photo survives going back through the form only inside the session's attachments."""

    def _wipe(self) -> None:
        if self.photo is not None:
            self.photo[:] = b"\0" * len(self.photo)
        self.photo = None
        self.view.clear()

    def clear(self) -> None:
        self.timer.stop()
        self._wipe()
