"""Touch inputs for form fields that are not plain text: choices, vehicle plates and addresses.
No drop-down lists and no tiny spinners: every choice is a large button (reference/ux.md).
Each input has value(), set_value() and clear(); value() is "" until the answer is complete."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.catalog import FormField
from kiosk.fields import PLATE_PROVINCES
from kiosk.regions import Regions, join_address
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

    def __init__(self, field: FormField, lang: str, columns: int) -> None:
        super().__init__()
        self.setObjectName(f"field_{field.key}")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
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
        self.province.setAccessibleName("Province / 省份简称")
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

    def _pick(self, province: str) -> None:
        self.province.setText(province)
        self.grid.hide()
        self.rest.setFocus()

    def value(self) -> str:
        rest = self.rest.text().strip().upper().replace(" ", "")
        return self.province.text() + rest if rest else ""

    def set_value(self, value: str) -> None:
        if value and value[0] in PLATE_PROVINCES:
            self.province.setText(value[0])
            self.rest.setText(value[1:])

    def clear(self) -> None:
        self.rest.clear()


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
        self.detail.clear()
        self._restart()
