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
from kiosk.delivery import chosen_delivery, next_step
from kiosk.fees import Quote
from kiosk.fields import has_no_phone
from kiosk.lang import lang_key
from kiosk.messages import Bilingual, translate
from kiosk.money import fen_to_yuan
from kiosk.registry import Role
from kiosk.session import Session

# What the receipt's QR code carries: the progress query reads it back from the scanner.
CASE_QR_PREFIX = "KIOSK-CASE:"

# Every printed word, from the message catalog (kiosk/messages.py); a line that joins a label and a
# value is one message, so each language keeps its own punctuation (办理事项：…（…）). Words a screen
# shows too are that screen's messages (DoneScreen, PaymentNoticeScreen, GuideScreen): one entry each.
WORDS: dict[str, Bilingual] = {
    "receipt": translate("Receipt", "Acceptance receipt"),
    "slip": translate("Receipt", "Appointment slip"),
    "voucher": translate("Receipt", "Payment voucher"),
    "case": translate("DoneScreen", "Case number"),
    "case_line": translate("Receipt", "Case number: {case} — {name}"),
    "item_code": translate("Receipt", "Service: {name} ({code})"),
    "item": translate("Receipt", "Service: {name}"),
    "time": translate("Receipt", "Received"),
    "kiosk_id": translate("Receipt", "Kiosk: {location} ({kiosk_id})"),
    "kiosk": translate("Receipt", "Kiosk: {location}"),
    "id": translate("Receipt", "ID number"),
    "delivery": translate("Receipt", "Result by: {how}"),
    "promised": translate("Receipt", "Expected by"),
    "later": translate("Receipt", "Bring later:"),
    "later_line": translate("Receipt", "Bring later: {materials}"),
    "scan": translate("Receipt", "Scan or use the case number to check progress"),
    "rate": translate("Receipt", "Please rate our service"),
    "booking": translate("DoneScreen", "Booking number"),
    "booking_line": translate("Receipt", "Booking number: {number}  {time}"),
    "visit": translate("Receipt", "Time"),
    "where": translate("Receipt", "Where: {counter}"),
    "bring": translate("Receipt", "Bring:"),
    "pickup": translate("Receipt", "pick-up at the counter"),
    "mail": translate("Receipt", "free mail"),
    "dispenser": translate("Receipt", "collect at this kiosk"),
    "instant": translate("Receipt", "finished here"),
    "electronic": translate("GuideScreen", "electronic certificate"),
    "paid": translate("Receipt", "Paid"),
    "paid_line": translate("Receipt", "Paid: ¥{amount}  Reference: {reference}"),
    "fee": translate("Receipt", "Fee"),
    "waived": translate("Receipt", "waived ({reason})"),
    "total": translate("Receipt", "Total"),
    "method": translate("Receipt", "Paid by"),
    "card": translate("PaymentNoticeScreen", "bank card"),
    "code": translate("PaymentNoticeScreen", "payment code"),
    "qr": translate("PaymentNoticeScreen", "QR code"),
    "ref": translate("Receipt", "Reference"),
    "vno": translate("Receipt", "Voucher no."),
    "order": translate("Receipt", "Order no."),
    "cardno": translate("Receipt", "Card"),
    "not_invoice": translate("Receipt", "Not a tax invoice: the official receipt is issued by the office "
                                        "handling your case."),
    "no_phone": translate("Receipt", "No mobile number given: no SMS will be sent. Check progress with this "
                                     "receipt's QR code or case number, and collect the result at the counter."),
    "fingers_counter": translate("Receipt", "Fingerprints were not taken here: bring this receipt and your ID "
                                            "to the counter to have them taken; the document is made after that."),
    "no_phone_slip": translate("Receipt", "No mobile number given: no confirmation SMS. Keep this slip and come "
                                          "to the counter at the time booked."),
}


def words(language: str) -> dict[str, str]:
    """The receipt's words in one interface language."""
    lang = lang_key(language)
    return {key: message[lang] for key, message in WORDS.items()}


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
    number = session.answer(Role.ID_NUMBER) or str(getattr(session.card, "id_number", "") or "")
    return mask_id_number(number) if number else ""


def fill_acceptance(receipt: Receipt, session: Session, items: list[Item], place: Place, now: datetime) -> None:
    w = words(session.language)
    lang = lang_key(session.language)
    receipt.title(w["receipt"]).separator()
    for number, item in zip(session.case_numbers, items):
        receipt.pair(w["case"], number)
        receipt.text(w["item_code"].format(name=item.name.get(lang), code=item.code))
        chosen = chosen_delivery(item, session)
        options = [chosen] if chosen is not None else list(item.guide.delivery)
        delivery = ("、" if lang == "zh" else ", ").join(w[d] for d in options)
        receipt.text(w["delivery"].format(how=delivery))
        after = next_step(item, session, lang)
        if after:
            receipt.text(after)  # what happens next, without a counter (no-phone wording included)
        days = item.guide.promised_time_limit_days
        if days:
            receipt.pair(w["promised"], add_working_days(now.date(), days).isoformat())
        receipt.qr(CASE_QR_PREFIX + number)
        receipt.separator()
    identity = masked_id(session)
    if identity:
        receipt.pair(w["id"], identity)
    for paid in session.payments:
        receipt.pair(w["paid"], f"¥{fen_to_yuan(paid['amount_fen'])}")
        receipt.pair(w["method"], w[paid["method"]])
        receipt.pair(w["ref"], paid["reference"] or paid["order_id"])  # never wrapped: staff type it in
    if session.deferred:
        receipt.text(w["later"], bold=True)
        for name in session.deferred:
            receipt.text("· " + name)
    if session.fingerprints == "counter":
        receipt.text(w["fingers_counter"], bold=True)  # the one visit this case still needs
    if has_no_phone(session) and not all(next_step(i, session, lang) for i in items):
        receipt.text(w["no_phone"], bold=True)  # the receipt is the notice: no SMS will come
    receipt.pair(w["time"], now.strftime("%Y-%m-%d %H:%M"))
    receipt.text(w["kiosk_id"].format(location=place.location, kiosk_id=place.kiosk_id))
    receipt.text(w["scan"]).text(w["rate"]).feed(2).cut()


def fill_appointment(receipt: Receipt, session: Session, item: Item, place: Place) -> None:
    w = words(session.language)
    lang = lang_key(session.language)
    receipt.title(w["slip"]).separator()
    for booking in session.bookings:
        receipt.pair(w["booking"], booking["booking_number"])
        receipt.pair(w["visit"], show_time(booking["start"]))
    receipt.text(w["item"].format(name=item.name.get(lang)))
    receipt.text(w["where"].format(counter=item.guide.counter.get(lang) or place.counter))
    if item.guide.materials:
        receipt.text(w["bring"], bold=True)
        for m in item.guide.materials:
            receipt.text("· " + m.name.get(lang))
    if has_no_phone(session):
        receipt.text(w["no_phone_slip"], bold=True)
    receipt.text(w["kiosk"].format(location=place.location)).feed(2).cut()


def fill_voucher(receipt: Receipt, session: Session, items: list[Item], fee_quote: Quote, place: Place,
                 now: datetime) -> None:
    """缴费凭证: what was charged for what, exemptions, how it was paid and the references to
    find it with the bank or gateway. Card numbers arrive masked from the terminal."""
    w = words(session.language)
    lang = lang_key(session.language)
    receipt.title(w["voucher"]).separator()
    for number, item in zip(session.case_numbers, items):
        receipt.pair(w["case"], number)
        receipt.text(w["item"].format(name=item.name.get(lang)))
    receipt.separator()
    for line in fee_quote.lines:
        if line.waived_by is not None:
            receipt.text(f"{line.name.get(lang)}")
            receipt.pair("  " + w["waived"].format(reason=line.waived_by.description.get(lang)), "¥0.00")
        else:
            receipt.pair(line.name.get(lang), f"¥{fen_to_yuan(line.due_fen)}")
    receipt.separator()
    receipt.pair(w["total"], f"¥{fen_to_yuan(fee_quote.total_fen)}", )
    for paid in session.payments:
        receipt.pair(w["method"], w[paid["method"]])
        if paid.get("card"):
            receipt.pair(w["cardno"], paid["card"])
        if paid.get("voucher"):
            receipt.pair(w["vno"], paid["voucher"])
        if paid.get("reference"):
            receipt.pair(w["ref"], paid["reference"])
        receipt.pair(w["order"], paid["order_id"])
    receipt.pair(w["time"], now.strftime("%Y-%m-%d %H:%M"))
    receipt.text(w["kiosk_id"].format(location=place.location, kiosk_id=place.kiosk_id))
    receipt.text(w["not_invoice"]).feed(2).cut()


def receipt_lines(session: Session, items: list[Item]) -> list[str]:
    """The essentials shown on screen when paper fails (the citizen can photograph them)."""
    w = words(session.language)
    lang = lang_key(session.language)
    lines = [w["case_line"].format(case=n, name=item.name.get(lang)) for n, item in zip(session.case_numbers, items)]
    lines += [w["booking_line"].format(number=b["booking_number"], time=show_time(b["start"])) for b in session.bookings]
    for paid in session.payments:
        lines.append(w["paid_line"].format(amount=fen_to_yuan(paid["amount_fen"]),
                                           reference=paid["reference"] or paid["order_id"]))
    if session.deferred:
        lines.append(w["later_line"].format(materials="、".join(session.deferred)))
    if session.fingerprints == "counter":
        lines.append(w["fingers_counter"])
    lines += [t for t in (next_step(i, session, lang) for i in items) if t]
    if has_no_phone(session) and not all(next_step(i, session, lang) for i in items):
        lines.append(w["no_phone"])
    return lines
