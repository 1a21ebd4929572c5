"""The kiosk's one message catalog, read without Qt.

Every interface text lives once, in assets/translations/kiosk_zh_CN.ts (Qt's translation source;
see docs/i18n.md). Screens translate with it through Qt (self.tr); Qt-free code (controllers, the
receipt and guide printers) marks its texts with `translate("Context", "English source")`, which
pyside6-lupdate extracts into the same file (assets/translations/update.sh scans kiosk/ too) and
which returns the text in both interface languages, read here from that file's XML. English is the
source text itself (kiosk_en.ts holds only plural forms).

Only literal strings can be extracted: write `translate("Receipt", "Case number")`, never a
variable or an f-string; values go in {placeholders} filled by `fill()` after the lookup."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from kiosk.lang import lang_key

log = logging.getLogger("kiosk.messages")

CATALOG = Path(__file__).resolve().parent.parent / "assets" / "translations" / "kiosk_zh_CN.ts"

# A text in both interface languages, keyed as catalog content is ("zh", "en"): what a Qt-free view
# carries so that the screen shows it in whichever language is current, even after a switch.
Bilingual = dict[str, str]


@cache
def _chinese(path: Path = CATALOG) -> dict[tuple[str, str], str]:
    """(context, English source) → Chinese, for every finished, singular message in the .ts."""
    found: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or message.get("numerus") == "yes":
                continue
            if (translation.get("type") or "") in ("unfinished", "vanished", "obsolete") or not translation.text:
                continue
            found[(name, message.findtext("source") or "")] = translation.text
    return found


def translate(context: str, source: str) -> Bilingual:
    """The message `source` (English, as written in the code) of `context`, in both languages.
    A message the catalog does not have yet shows in English in both, and is logged:
    tests/ui/test_i18n.py fails on it before it can ship."""
    chinese = _chinese().get((context, source))
    if chinese is None:
        log.warning("message not in the catalog, run assets/translations/update.sh: %s: %r", context, source)
        chinese = source
    return {"zh": chinese, "en": source}


def fill(message: Mapping[str, str], **values: Mapping[str, str] | str | int) -> Bilingual:
    """`message` with its {placeholders} filled per language; a bilingual value gives each
    language its own text (a device name, a status), any other value is the same in both."""
    return {lang: text.format(**{k: (v[lang] if isinstance(v, Mapping) else v) for k, v in values.items()})
            for lang, text in message.items()}


def text(message: Mapping[str, str], language: str) -> str:
    """`message` in the interface language `language` ("zh_CN", "en")."""
    return message[lang_key(language)]
