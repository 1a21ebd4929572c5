"""Voice guidance: each screen's prompt and every error spoken in the citizen's language, through
Qt TextToSpeech. Speech stops as soon as the person touches the screen; "repeat" says it again;
the volume goes back to the configured level after every session."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.config import VoiceSettings

log = logging.getLogger("ui.voice")


class Voice(QObject):
    def __init__(self, settings: VoiceSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.last = ""  # what "repeat" says again
        self.locale = QLocale("zh_CN")  # the language last asked for
        self._missing: set[str] = set()
        self.engine: QTextToSpeech | None = None
        if settings.enabled:
            if settings.engine in QTextToSpeech.availableEngines():
                self.engine = QTextToSpeech(settings.engine, self)
                if self.engine.state() == QTextToSpeech.State.Error:
                    # e.g. speechd without the speech-dispatcher service: say so once, stay silent.
                    log.warning("speech engine %r failed: %s", settings.engine, self.engine.errorString())
                    self.engine = None
            else:
                log.warning("speech engine %r not available (have: %s): no voice guidance",
                            settings.engine, ", ".join(QTextToSpeech.availableEngines()) or "none")
        self.reset_volume()

    @property
    def available(self) -> bool:
        return self.engine is not None

    def say(self, text: str, language: str) -> None:
        if not text:
            return
        self.last = text
        if self.engine is None:
            return
        self.engine.stop()
        wanted = QLocale("zh_CN") if language.startswith("zh") else QLocale("en_US")
        self.locale = wanted
        if self.engine.locale().language() != wanted.language():
            if any(loc.language() == wanted.language() for loc in self.engine.availableLocales()):
                self.engine.setLocale(wanted)
            elif wanted.name() not in self._missing:
                self._missing.add(wanted.name())  # a technician installs the voice (e.g. espeak-ng zh)
                log.warning("speech engine has no %s voice", wanted.name())
        self.engine.say(text)

    def repeat(self, language: str) -> None:
        self.say(self.last, language)

    def stop(self) -> None:
        if self.engine is not None and self.engine.state() == QTextToSpeech.State.Speaking:
            self.engine.stop()

    def reset_volume(self) -> None:
        if self.engine is not None:
            self.engine.setVolume(self.settings.volume)

    def speaking(self) -> bool:
        return self.engine is not None and self.engine.state() == QTextToSpeech.State.Speaking
