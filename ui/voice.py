"""Voice guidance: each screen's prompt and every error spoken in the citizen's language, through
Qt TextToSpeech. Speech stops as soon as the person touches the screen; "repeat" says it again;
the volume goes back to the configured level after every session.

Recorded prompts win where present: a phrase is looked up as
``assets/sounds/prompts/<zh_CN|en>/<key>.wav``, the key being a stable hash of the phrase in that
language (:func:`prompt_key`). ``kiosk voice prompts-list`` (app/prompts.py) lists every phrase the
kiosk says with the file name a studio recording must have. Phrases with personal or changing
content (a name, a case number) have no recording and are spoken by the speech engine."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import unicodedata
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QUrl, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.config import VoiceSettings
from ui import speechd

log = logging.getLogger("ui.voice")

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "prompts"

# The voices wanted, best first, by the name the engine gives them (docs/voice.md). espeak-ng's
# Mandarin voices reach Qt through speech-dispatcher under the language code "cmn", which QLocale
# does not know: they are filed under the C locale, so asking for zh_CN found nothing and Chinese
# text went to whatever voice came first (Bishnupriya Manipuri). "latin as Pinyin" first: in
# Debian 12's espeak-ng 1.51 the plain "cmn" voice ("latin as English") turns each character into
# pinyin with a tone digit and then reads that as English ("qing3" → "king three").
PREFERRED_VOICES = {
    "zh": ("Chinese (Mandarin, latin as Pinyin)", "Chinese (Mandarin, latin as English)"),
    "en": ("English (America)", "English (Great Britain)"),
}


def prompt_key(text: str) -> str:
    """The file name stem for a phrase: SHA-1 of the text (NFC, runs of white space made one
    space, trimmed), first 16 hex digits. Stable across releases as long as the words are."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def prompt_language(language: str) -> str:
    return "zh_CN" if language.startswith("zh") else "en"


def prompt_file(text: str, language: str, root: Path = PROMPTS_DIR) -> Path:
    """Where the recording of this phrase in this language is (whether or not it exists)."""
    return root / prompt_language(language) / f"{prompt_key(text)}.wav"


class Voice(QObject):
    recording_played = Signal(str)  # the file of a recorded prompt that started (tests, logs)
    available_changed = Signal(bool)  # the speech engine came up late (speechd) or not at all
    # From the dispatcher-check thread; queued to the UI thread, where the engine is created.
    _dispatcher_checked = Signal(str)  # "" when it answered, else why not

    def __init__(self, settings: VoiceSettings, parent: QObject | None = None, prompts_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.last = ""  # what "repeat" says again
        self.locale = QLocale("zh_CN")  # the language last asked for
        self.prompts_dir = prompts_dir if prompts_dir is not None else PROMPTS_DIR
        self.recording: Path | None = None  # the recorded prompt playing now
        self._effect: object | None = None  # QSoundEffect, made on the first recording played
        self._missing: set[str] = set()
        self._engine_language = ""  # "zh" or "en": the language the engine's voice is set for
        self._has_recordings = settings.enabled and any(self.prompts_dir.glob("*/*.wav"))
        self.engine: QTextToSpeech | None = None
        self.loading = False  # speechd: waiting for speech-dispatcher (ui/speechd.py)
        self._pending: tuple[str, str] | None = None  # asked while loading: said once the engine is up
        if settings.enabled:
            if settings.engine not in QTextToSpeech.availableEngines():
                log.warning("speech engine %r not available (have: %s): no voice guidance",
                            settings.engine, ", ".join(QTextToSpeech.availableEngines()) or "none")
            elif settings.engine == "speechd" and (where := speechd.address()) is not None:
                # The plug-in's constructor waits for speech-dispatcher (seconds at boot, minutes
                # when it is stuck) holding the GIL: wait for it here, off the UI thread, first.
                self.loading = True
                self._dispatcher_checked.connect(self._dispatcher_answered)
                threading.Thread(target=self._check_dispatcher, args=(where,), name="speechd-check",
                                 daemon=True).start()
            else:
                self._create_engine()
        self.reset_volume()

    def _check_dispatcher(self, where: speechd.Address) -> None:
        started = time.monotonic()
        try:
            voices = speechd.wait_until_ready(where)
            log.info("speech-dispatcher at %s answered after %.1f s (%d voices)", where,
                     time.monotonic() - started, voices)
            problem = ""
        except speechd.NotAnswering as exc:
            problem = str(exc)
        try:
            self._dispatcher_checked.emit(problem)
        except RuntimeError:  # the Voice was deleted meanwhile (a kiosk that closed)
            pass

    def _dispatcher_answered(self, problem: str) -> None:
        self.loading = False
        if problem:
            log.warning("speech engine %r not started: %s: no voice guidance", self.settings.engine, problem)
        else:
            self._create_engine()
            self.reset_volume()
        self.available_changed.emit(self.available)
        pending, self._pending = self._pending, None
        if pending is not None and self.engine is not None:
            self.say(*pending)  # the prompt of the screen shown while the engine was starting

    def _create_engine(self) -> None:
        started = time.perf_counter()
        engine = QTextToSpeech(self.settings.engine, self)
        if engine.state() == QTextToSpeech.State.Error:
            # e.g. speechd without the speech-dispatcher service: say so once, stay silent.
            log.warning("speech engine %r failed: %s", self.settings.engine, engine.errorString())
            engine.deleteLater()
            return
        self.engine = engine
        log.info("speech engine %r ready in %.0f ms", self.settings.engine, (time.perf_counter() - started) * 1000)

    @property
    def available(self) -> bool:
        """Something can speak, or will once speech-dispatcher answers."""
        return self.engine is not None or self.loading or self._has_recordings

    def say(self, text: str, language: str) -> None:
        if not text:
            return
        self.last = text
        if not self.settings.enabled:
            return
        self.stop()
        recorded = prompt_file(text, language, self.prompts_dir) if self._has_recordings else None
        if recorded is not None and recorded.is_file() and self._play(recorded):
            return
        if self.engine is None:
            if self.loading:
                self._pending = (text, language)
            return
        wanted = QLocale("zh_CN") if language.startswith("zh") else QLocale("en_US")
        self.locale = wanted
        short = "zh" if language.startswith("zh") else "en"
        if self._engine_language != short:
            if self._use_voice(self.engine, wanted, short):
                self._engine_language = short
            elif wanted.name() not in self._missing:
                self._missing.add(wanted.name())  # a technician installs the voice (docs/voice.md)
                log.warning("speech engine has no %s voice", wanted.name())
        self.engine.say(text)

    @staticmethod
    def _use_voice(engine: QTextToSpeech, wanted: QLocale, short: str) -> bool:
        """Set the engine to the best voice for the language; False if it has none."""
        locales = [loc for loc in engine.availableLocales() if loc.language() == wanted.language()]
        if locales:
            engine.setLocale(wanted if wanted in locales else locales[0])
        # Voices filed under a language QLocale does not know (espeak-ng's "cmn") are under C.
        places = locales + [loc for loc in engine.availableLocales() if loc.language() == QLocale.Language.C]
        for name in PREFERRED_VOICES[short]:
            for loc in places:
                if engine.locale() != loc:
                    engine.setLocale(loc)
                voice = next((v for v in engine.availableVoices() if v.name() == name), None)
                if voice is not None:
                    engine.setVoice(voice)
                    log.info("speech voice for %s: %s", short, name)
                    return True
        if locales:
            engine.setLocale(wanted if wanted in locales else locales[0])  # its default voice
            return True
        return False

    def _play(self, path: Path) -> bool:
        effect = self._sound_effect()
        if effect is None:
            return False
        effect.setSource(QUrl.fromLocalFile(str(path)))  # type: ignore[attr-defined]
        effect.setVolume(self.settings.volume)  # type: ignore[attr-defined]
        effect.play()  # type: ignore[attr-defined]
        self.recording = path
        self.recording_played.emit(str(path))
        return True

    def _sound_effect(self) -> object | None:
        if self._effect is None:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError:  # pragma: no cover - multimedia missing in a stripped build
                log.warning("QtMultimedia unavailable: recorded prompts are not played")
                self._has_recordings = False
                return None
            effect = QSoundEffect(self)
            effect.playingChanged.connect(self._playing_changed)
            self._effect = effect
        return self._effect

    def _playing_changed(self) -> None:
        effect = self._effect
        if effect is not None and not effect.isPlaying() and effect.status() != effect.Status.Loading:  # type: ignore[attr-defined]
            self.recording = None  # played to the end

    def repeat(self, language: str) -> None:
        self.say(self.last, language)

    def stop(self) -> None:
        self._pending = None  # the person acted: what was waiting for the engine is not said late
        if self.engine is not None and self.engine.state() == QTextToSpeech.State.Speaking:
            self.engine.stop()
        if self.recording is not None:
            self.recording = None
            if self._effect is not None:
                self._effect.stop()  # type: ignore[attr-defined]

    def reset_volume(self) -> None:
        if self.engine is not None:
            self.engine.setVolume(self.settings.volume)
        if self._effect is not None:
            self._effect.setVolume(self.settings.volume)  # type: ignore[attr-defined]

    def speaking(self) -> bool:
        engine = self.engine is not None and self.engine.state() == QTextToSpeech.State.Speaking
        return engine or self.recording is not None
