"""The 一次性告知 of an item as a printed slip, so a citizen can take the list of materials home."""

from __future__ import annotations

from datetime import datetime

from devices.printer.receipt import Receipt
from kiosk.catalog import Item
from kiosk.eligibility import describe
from kiosk.lang import lang_key
from kiosk.money import fen_to_yuan
from kiosk.on_behalf import describe as describe_agent

WORDS = {
    "zh": {"conditions": "办理条件", "eligibility": "申请对象", "materials": "所需材料", "none": "无",
           "original": "原件", "copy": "复印件", "copies": "{n}份", "later": "可容缺后补",
           "fees": "收费标准", "free": "免费", "exempt": "减免：", "limits": "办理时限",
           "legal": "法定{n}个工作日", "promised": "承诺{n}个工作日", "visits": "跑动次数：{n}次",
           "basis": "设定依据", "counter": "办理地点：", "example": "标注为示例的数值以当地为准。",
           "printed": "打印时间：", "notice": "一次性告知单"},
    "en": {"conditions": "Conditions", "eligibility": "Who can apply", "materials": "What to bring",
           "none": "Nothing", "original": "original", "copy": "copy", "copies": "{n} copies",
           "later": "may be brought later", "fees": "Fees", "free": "Free of charge",
           "exempt": "Exempt: ", "limits": "Time limits", "legal": "legal limit {n} working days",
           "promised": "promised {n} working days", "visits": "Visits needed: {n}",
           "basis": "Legal basis", "counter": "Counter: ", "example": "Values marked as examples are local.",
           "printed": "Printed: ", "notice": "One-time notice"},
}


def fill_guide(receipt: Receipt, item: Item, language: str, kiosk_location: str, now: datetime) -> None:
    lang = lang_key(language)
    w = WORDS[lang]
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
    fees += [w["exempt"] + e.description.get(lang) for f in g.fees for e in f.exemptions]
    section(w["fees"], fees)
    limits = []
    if g.legal_time_limit_days:
        limits.append(w["legal"].format(n=g.legal_time_limit_days))
    if g.promised_time_limit_days:
        limits.append(w["promised"].format(n=g.promised_time_limit_days))
    limits.append(w["visits"].format(n=g.visits))
    section(w["limits"], limits)
    section(w["basis"], [t.get(lang) for t in g.legal_basis])
    receipt.text(w["counter"] + g.counter.get(lang))
    if g.examples:
        receipt.text(w["example"])
    receipt.separator().text(kiosk_location).text(w["printed"] + now.strftime("%Y-%m-%d %H:%M")).feed(2).cut()
