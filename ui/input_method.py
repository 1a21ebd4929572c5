"""The input method environment, set before the QApplication is made. Its own module so the
kiosk's start need not import ui/keyboard.py (QtQuick, QML, the keyboard style's patterns),
which is built after the attract screen's first frame (issue #16)."""

from __future__ import annotations

import os


def prepare_environment() -> None:
    """Call before creating the QApplication: Qt's virtual keyboard as the input method, without
    its own desktop panel (the kiosk embeds it, ui/keyboard.py)."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
