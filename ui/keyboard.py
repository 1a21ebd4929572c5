"""The on-screen keyboard: Qt Virtual Keyboard (pinyin and English) embedded in the window
through a QQuickWidget, docked above the bottom bar so it never covers the focused field.

Requires ``QT_IM_MODULE=qtvirtualkeyboard`` and ``QT_VIRTUALKEYBOARD_DESKTOP_DISABLE=1`` before the
QApplication exists (see :func:`prepare_environment`). The pinyin engine learns words into a user
dictionary; one citizen's name must never be suggested to the next, so the dictionary lives in a
private folder that is wiped at the end of every session.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Q_ARG, QMetaObject, Qt, QUrl
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


def prepare_environment() -> None:
    """Call before creating the QApplication."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")


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
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        qml_file = self.user_data.parent / f"{self.user_data.name}.qml"
        qml_file.write_bytes(QML)
        self.setSource(QUrl.fromLocalFile(str(qml_file)))
        qml_file.unlink()
        if self.status() == QQuickWidget.Status.Error:
            log.error("virtual keyboard failed to load: %s", "; ".join(e.toString() for e in self.errors()))
        root = self.rootObject()
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
