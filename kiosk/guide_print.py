"""The 一次性告知 of an item as a printed slip, so a citizen can take the list of materials home."""

from __future__ import annotations

from datetime import datetime

from devices.printer.receipt import Receipt
from kiosk.catalog import Item
from kiosk.eligibility import describe
from kiosk.lang import lang_key
from kiosk.messages import Bilingual, translate
from kiosk.money import fen_to_yuan
from kiosk.on_behalf import describe as describe_agent

# The slip's words, from the message catalog (kiosk/messages.py). Words the guide screen shows too
# are its messages (context GuideScreen): screen and paper say the same, from one entry.
WORDS: dict[str, Bilingual] = {
    "notice": translate("GuideSlip", "One-time notice"),
    "conditions": translate("GuideScreen", "Conditions"),
    "eligibility": translate("GuideScreen", "Who can apply"),
    "materials": translate("GuideScreen", "What to bring"),
    "none": translate("GuideSlip", "Nothing"),
    "original": translate("GuideScreen", "original"),
    "copy": translate("GuideScreen", "copy"),
    "copies": translate("GuideSlip", "{n} copies"),
    "later": translate("GuideScreen", "may be brought later"),
    "fees": translate("GuideScreen", "Fees"),
    "free": translate("GuideSlip", "Free of charge"),
    "exempt": translate("GuideSlip", "Exempt: {reason}"),
    "limits": translate("GuideScreen", "Time limits"),
    "legal": translate("GuideSlip", "legal limit {n} working days"),
    "promised": translate("GuideSlip", "promised {n} working days"),
    "visits": translate("GuideSlip", "Visits needed: {n}"),
    "basis": translate("GuideScreen", "Legal basis"),
    "counter": translate("GuideSlip", "Counter: {counter}"),
    "example": translate("GuideSlip", "Values marked as examples are local."),
    "printed": translate("GuideSlip", "Printed: {time}"),
}


def fill_guide(receipt: Receipt, item: Item, language: str, kiosk_location: str, now: datetime) -> None:
    lang = lang_key(language)
    w = {key: message[lang] for key, message in WORDS.items()}
    g = item.guide
    receipt.text(w["notice"], "center", bold=True)
    receipt.title(item.name.get(lang)).text(item.code, "center").separator()

    def section(heading: str, lines: list[str]) -> None:
        receipt.text(heading, bold=True)
        for line in lines or [w["none"]]:
            receipt.text("· " + line)

    section(w["conditions"], [t.get(lang) for t in g.conditions])
    section(w["eligibility"], [t.get(lang) for t in g.eligibility] + [describe(r, lang) for r in item.eligibility]
            + ([describe_agent(item.agent, lang)] if item.agent is not None else []))
    materials = []
    for m in g.materials:
        parts = [m.name.get(lang), w["original"] if m.original else w["copy"]]
        if m.copies:
            parts.append(w["copies"].format(n=m.copies))
        if m.deferrable:
            parts.append(w["later"])
        materials.append(", ".join(parts))
    section(w["materials"], materials)
    fees = [f"{f.name.get(lang)}: ¥{fen_to_yuan(f.amount_fen)}" for f in g.fees] or [w["free"]]
    fees += [w["exempt"].format(reason=e.description.get(lang)) for f in g.fees for e in f.exemptions]
    section(w["fees"], fees)
    limits = []
    if g.legal_time_limit_days:
        limits.append(w["legal"].format(n=g.legal_time_limit_days))
    if g.promised_time_limit_days:
        limits.append(w["promised"].format(n=g.promised_time_limit_days))
    limits.append(w["visits"].format(n=g.visits))
    section(w["limits"], limits)
    section(w["basis"], [t.get(lang) for t in g.legal_basis])
    receipt.text(w["counter"].format(counter=g.counter.get(lang)))
    if g.examples:
        receipt.text(w["example"])
    printed = w["printed"].format(time=now.strftime("%Y-%m-%d %H:%M"))
    receipt.separator().text(kiosk_location).text(printed).feed(2).cut()
