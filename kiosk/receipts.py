"""Paper a citizen takes away, filled into the printer's receipt model (devices/printer/receipt.py):
the acceptance receipt (受理回执) for submitted cases and the appointment slip (预约单).
Personal data on paper is kept to what identifies the case: the ID number is masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from devices.card_reader.idnumber import mask_id_number
from devices.printer.receipt import Receipt
from kiosk.appointments import show_time
from kiosk.catalog import Item
from kiosk.lang import lang_key
from kiosk.session import Session

# What the receipt's QR code carries: the progress query reads it back from the scanner.
CASE_QR_PREFIX = "KIOSK-CASE:"

WORDS = {
    "zh": {"receipt": "受理回执", "slip": "预约单", "case": "受理编号", "item": "办理事项", "time": "受理时间",
           "kiosk": "受理地点", "id": "身份号码", "delivery": "领取方式", "promised": "预计办结",
           "later": "需后补材料", "scan": "扫码或凭受理编号查询办理进度", "rate": "欢迎对本次服务进行评价（好差评）",
           "booking": "预约号", "visit": "预约时间", "where": "办理地点", "bring": "请携带",
           "pickup": "窗口领取", "mail": "免费邮寄", "instant": "当场办结", "electronic": "电子证照",
           "paid": "已缴费用", ":": "：", "(": "（", ")": "）"},
    "en": {"receipt": "Acceptance receipt", "slip": "Appointment slip", "case": "Case number", "item": "Service",
           "time": "Received", "kiosk": "Kiosk", "id": "ID number", "delivery": "Result by",
           "promised": "Expected by", "later": "Bring later", "scan": "Scan or use the case number to check progress",
           "rate": "Please rate our service", "booking": "Booking number", "visit": "Time",
           "where": "Where", "bring": "Bring", "pickup": "pick-up at the counter", "mail": "free mail",
           "instant": "finished here", "electronic": "electronic certificate", "paid": "Paid", ":": ": ", "(": " (", ")": ")"},
}


@dataclass(frozen=True)
class Place:
    kiosk_id: str
    location: str
    counter: str


def add_working_days(start: date, days: int) -> date:
    """Weekends skipped; public holidays are local and not known here (the date says 预计)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def masked_id(session: Session) -> str:
    number = session.answers.get("id_number") or str(getattr(session.card, "id_number", "") or "")
    return mask_id_number(number) if number else ""


def fill_acceptance(receipt: Receipt, session: Session, items: list[Item], place: Place, now: datetime) -> None:
    w = WORDS[lang_key(session.language)]
    lang = lang_key(session.language)
    receipt.title(w["receipt"]).separator()
    for number, item in zip(session.case_numbers, items):
        receipt.pair(w["case"], number)
        receipt.text(f"{w['item']}{w[':']}{item.name.get(lang)}{w['(']}{item.code}{w[')']}")
        delivery = "、".join(w[d] for d in item.guide.delivery) if lang == "zh" else ", ".join(w[d] for d in item.guide.delivery)
        receipt.text(f"{w['delivery']}{w[':']}{delivery}")
        days = item.guide.promised_time_limit_days
        if days:
            receipt.pair(w["promised"], add_working_days(now.date(), days).isoformat())
        receipt.qr(CASE_QR_PREFIX + number)
        receipt.separator()
    identity = masked_id(session)
    if identity:
        receipt.pair(w["id"], identity)
    if session.payment_refs:
        receipt.text(f"{w['paid']}{w[':']}" + ", ".join(session.payment_refs))
    if session.deferred:
        receipt.text(f"{w['later']}{w[':']}", bold=True)
        for name in session.deferred:
            receipt.text("· " + name)
    receipt.pair(w["time"], now.strftime("%Y-%m-%d %H:%M"))
    receipt.text(f"{w['kiosk']}{w[':']}{place.location}{w['(']}{place.kiosk_id}{w[')']}")
    receipt.text(w["scan"]).text(w["rate"]).feed(2).cut()


def fill_appointment(receipt: Receipt, session: Session, item: Item, place: Place) -> None:
    w = WORDS[lang_key(session.language)]
    lang = lang_key(session.language)
    receipt.title(w["slip"]).separator()
    for booking in session.bookings:
        receipt.pair(w["booking"], booking["booking_number"])
        receipt.pair(w["visit"], show_time(booking["start"]))
    receipt.text(f"{w['item']}{w[':']}{item.name.get(lang)}")
    receipt.text(f"{w['where']}{w[':']}{item.guide.counter.get(lang) or place.counter}")
    if item.guide.materials:
        receipt.text(f"{w['bring']}{w[':']}", bold=True)
        for m in item.guide.materials:
            receipt.text("· " + m.name.get(lang))
    receipt.text(f"{w['kiosk']}{w[':']}{place.location}").feed(2).cut()


def receipt_lines(session: Session, items: list[Item]) -> list[str]:
    """The essentials shown on screen when paper fails (the citizen can photograph them)."""
    w = WORDS[lang_key(session.language)]
    lang = lang_key(session.language)
    lines = [f"{w['case']}{w[':']}{n} — {item.name.get(lang)}" for n, item in zip(session.case_numbers, items)]
    lines += [f"{w['booking']}{w[':']}{b['booking_number']}  {show_time(b['start'])}" for b in session.bookings]
    if session.deferred:
        lines.append(f"{w['later']}{w[':']}" + "、".join(session.deferred))
    return lines
