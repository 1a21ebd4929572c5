"""Interface language: Qt translations (.ts → .qm) in assets/translations. Source strings are
English; kiosk_zh_CN has every string, kiosk_en only the English plural forms ("1 copy").
Switching installs the translator and screens re-render. The same .ts is the catalog Qt-free code
reads (kiosk/messages.py, docs/i18n.md). To update after changing a text:
assets/translations/update.sh (lupdate, then translate in Qt Linguist or the .ts, then lrelease)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger("ui.i18n")

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "translations"


class Translations:
    # Installed translators are global to the QApplication, so the kiosk's one is tracked per
    # class: a new shell (tests, screenshots) replaces, never stacks on, the previous one.
    _installed: QTranslator | None = None

    def __init__(self, directory: Path = TRANSLATIONS_DIR) -> None:
        self.directory = directory
        self.language = "en"

    def use(self, language: str) -> None:
        if Translations._installed is not None:
            QCoreApplication.removeTranslator(Translations._installed)
            Translations._installed = None
        self.language = language
        translator = QTranslator()
        path = self.directory / f"kiosk_{language}.qm"
        if not translator.load(str(path)):
            log.error("translation file missing or unreadable: %s", path.name)
            return
        QCoreApplication.installTranslator(translator)
        Translations._installed = translator
