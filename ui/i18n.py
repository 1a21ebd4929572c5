"""Interface language: Qt translations (.ts → .qm) in assets/translations. Source strings are
English; zh_CN has a translation file. Switching installs the translator and screens re-render."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger("ui.i18n")

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "assets" / "translations"


class Translations:
    def __init__(self, directory: Path = TRANSLATIONS_DIR) -> None:
        self.directory = directory
        self.language = "en"
        self._translator: QTranslator | None = None

    def use(self, language: str) -> None:
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        self.language = language
        if language.startswith("en"):
            return
        translator = QTranslator()
        path = self.directory / f"kiosk_{language}.qm"
        if not translator.load(str(path)):
            log.error("translation file missing or unreadable: %s", path.name)
            return
        QCoreApplication.installTranslator(translator)
        self._translator = translator
