"""The on-screen keyboard: Qt Virtual Keyboard (pinyin and English) embedded in the window
through a QQuickWidget, docked above the bottom bar so it never covers the focused field.

Requires ``QT_IM_MODULE=qtvirtualkeyboard`` and ``QT_VIRTUALKEYBOARD_DESKTOP_DISABLE=1`` before the
QApplication exists (see :func:`ui.input_method.prepare_environment`). The pinyin engine learns words into a user
dictionary; one citizen's name must never be suggested to the next, so the dictionary lives in a
private folder that is wiped at the end of every session.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Q_ARG, QFile, QIODevice, QMetaObject, Qt, QUrl
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger("ui.keyboard")

QML = b"""
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    implicitHeight: panel.height
    InputPanel {
        id: panel
        objectName: "inputPanel"
        width: root.width
        y: 0
    }
    // English UI: the plain English keyboard, no pinyin; Chinese UI: pinyin, English one tap away.
    function setLanguage(lang) {
        var wanted = lang === "en" ? ["en_US"] : ["zh_CN", "en_US"]
        if (VirtualKeyboardSettings.activeLocales.join() !== wanted.join()) {
            VirtualKeyboardSettings.activeLocales = wanted
            VirtualKeyboardSettings.locale = wanted[0]
        }
    }
    function useStyle(name) {
        VirtualKeyboardSettings.styleName = name
    }
    function resetUserData() {
        VirtualKeyboardSettings.userDataReset()
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.userDataPath = userDataPath
        VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
        VirtualKeyboardSettings.locale = "zh_CN"
    }
}
"""


STYLE_NAME = "kiosk"
_DEFAULT_STYLE = ":/qt-project.org/imports/QtQuick/VirtualKeyboard/Styles/Builtin/default/style.qml"
# Qt's default style, made readable (issue #16): letters labelled in capitals as on a physical
# keyboard; no label dimmed below 7:1 (disabled shift was 1.1:1, the space bar's language name
# faded to 3.1:1); labels and pinyin candidates at least the design's body size.
_STYLE_PATCHES = [
    (re.compile(r"control\.uppercased \? Font\.AllUppercase : Font\.MixedCase"), "Font.AllUppercase"),
    # Highlighted keys (the space bar, the key under the finger): white on #4F5B62 was 6.99:1.
    (re.compile(r'primaryLightColor: "#4f5b62"'), 'primaryLightColor: "#37474f"'),
    # Shift on showed a green arrow (4.5:1), caps lock a pale green one: both white now, on dark
    # blue (shift, 13:1) or blue (caps lock, 7.6:1).
    (re.compile(r'source: resourcePrefix \+ "images/shift-80c342\.svg"\n(\s*)\}'),
     'source: resourcePrefix + "images/shift-fff.svg"\n\\1}\n\\1PropertyChanges {\n\\1    target: shiftKeyBackground\n'
     '\\1    color: secondaryDarkColor\n\\1}'),
    (re.compile(r"images/shift-c5d6b6\.svg"), "images/shift-fff.svg"),
    # The space bar names the language; at elder size "American English" ran over the next key:
    # it shrinks to fit, never below Qt's own size.
    (re.compile(r"(\n\s*)text: Qt\.locale\(InputContext\.locale\)\.nativeLanguageName"),
     "\\1text: Qt.locale(InputContext.locale).nativeLanguageName\\1width: parent.width - 2 * keyBackgroundMargin"
     "\\1horizontalAlignment: Text.AlignHCenter\\1fontSizeMode: Text.HorizontalFit\\1minimumPixelSize: 60 * scaleHint"),
    (re.compile(r"inputLocaleIndicatorOpacity = 0\.5"), "inputLocaleIndicatorOpacity = 1.0"),
    # Pressed or disabled labels at 85 % white: 7.5:1 on a highlighted key, 14:1 on the others.
    (re.compile(r"opacity: 0\.(2|05|5|6)\b"), "opacity: 0.85"),
    (re.compile(r"pixelSize: ([0-9]+) \* scaleHint"), r"pixelSize: Math.max(\1 * scaleHint, keyLabelPx)"),
]


# One style folder per process: the keyboard settings (and QML's cache of where a style lives)
# are process-wide, so every keyboard panel shares it. It holds no personal data.
_STYLE_DIR = Path(tempfile.mkdtemp(prefix="kiosk-vkb-style-"))
atexit.register(shutil.rmtree, _STYLE_DIR, True)


def _write_style(folder: Path) -> bool:
    """The kiosk style under ``folder``/QtQuick/VirtualKeyboard/Styles/kiosk, or False."""
    target = folder / "QtQuick" / "VirtualKeyboard" / "Styles" / STYLE_NAME
    if (target / "style.qml").exists():
        return True
    source = QFile(_DEFAULT_STYLE)
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        log.error("virtual keyboard default style not found: keys keep Qt's look")
        return False
    text = bytes(source.readAll().data()).decode()
    for pattern, replacement in _STYLE_PATCHES:
        text, count = pattern.subn(replacement, text)
        if count == 0:
            log.error("virtual keyboard style changed upstream (%s): keys keep Qt's look", pattern.pattern)
            return False
    target.mkdir(parents=True)
    (target / "style.qml").write_text(text)
    return True




class KeyboardPanel(QQuickWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        # A tap on a key must leave the focus (and so the typed text) with the field.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("On-screen keyboard / 屏幕键盘")
        self.language = "zh"  # the QML starts with pinyin
        self.user_data = Path(tempfile.mkdtemp(prefix="kiosk-vkb-"))
        os.chmod(self.user_data, 0o700)
        self.rootContext().setContextProperty("userDataPath", str(self.user_data))
        self.engine().addImportPath(str(_STYLE_DIR))
        self._label_px = 0
        self.rootContext().setContextProperty("keyLabelPx", 0)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        qml_file = self.user_data.parent / f"{self.user_data.name}.qml"
        qml_file.write_bytes(QML)
        self.setSource(QUrl.fromLocalFile(str(qml_file)))
        qml_file.unlink()
        if self.status() == QQuickWidget.Status.Error:
            log.error("virtual keyboard failed to load: %s", "; ".join(e.toString() for e in self.errors()))
        root = self.rootObject()
        # Qt's default style is readable from its resources once the keyboard's QML has loaded.
        if root is not None and _write_style(_STYLE_DIR):
            QMetaObject.invokeMethod(root, "useStyle", Q_ARG("QVariant", STYLE_NAME))
        if root is not None:
            # The panel's height follows its width (keys plus the pinyin candidate row).
            root.implicitHeightChanged.connect(self._fit_height)
        self.setFixedHeight(max(260, parent.width() // 2))

    def _fit_height(self) -> None:
        root = self.rootObject()
        height = int(root.property("implicitHeight") or 0) if root is not None else 0
        if height > 0 and height != self.height():
            self.setFixedHeight(height)
            root.setProperty("height", height)

    def set_label_px(self, px: int) -> None:
        """Smallest key label and candidate size: the theme's body text (grows in elder mode).
        Set only when it changes: the shell asks on every screen switch, and each set re-runs the
        keyboard's QML bindings (~1 ms a switch, issue #16)."""
        if px != self._label_px:
            self._label_px = px
            self.rootContext().setContextProperty("keyLabelPx", px)

    def set_language(self, lang: str) -> None:
        """'en' or 'zh' (the UI's language)."""
        root = self.rootObject()
        if root is not None and lang != self.language:
            self.language = lang
            QMetaObject.invokeMethod(root, "setLanguage", Q_ARG("QVariant", lang))

    def reset_user_data(self) -> None:
        """Forget every learned word (end of session)."""
        root = self.rootObject()
        if root is not None:
            QMetaObject.invokeMethod(root, "resetUserData")
        for child in self.user_data.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)

    def close_down(self) -> None:
        shutil.rmtree(self.user_data, ignore_errors=True)
