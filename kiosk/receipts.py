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
from kiosk.fees import Quote
from kiosk.fields import has_no_phone
from kiosk.lang import lang_key
from kiosk.money import fen_to_yuan
from kiosk.session import Session

# What the receipt's QR code carries: the progress query reads it back from the scanner.
CASE_QR_PREFIX = "KIOSK-CASE:"

WORDS = {
    "zh": {"receipt": "受理回执", "slip": "预约单", "case": "受理编号", "item": "办理事项", "time": "受理时间",
           "kiosk": "受理地点", "id": "身份号码", "delivery": "领取方式", "promised": "预计办结",
           "later": "需后补材料", "scan": "扫码或凭受理编号查询办理进度", "rate": "欢迎对本次服务进行评价（好差评）",
           "booking": "预约号", "visit": "预约时间", "where": "办理地点", "bring": "请携带",
           "pickup": "窗口领取", "mail": "免费邮寄", "instant": "当场办结", "electronic": "电子证照",
           "paid": "已缴费用", ":": "：", "(": "（", ")": "）",
           "voucher": "缴费凭证", "fee": "收费项目", "waived": "免收", "total": "合计", "method": "支付方式",
           "card": "银行卡", "code": "付款码", "qr": "扫码支付", "ref": "交易参考号", "vno": "凭证号",
           "order": "订单号", "cardno": "卡号", "yuan": "元", "chosen": "领取方式",
           "not_invoice": "本凭证不作报销凭据；缴款票据由受理单位依规开具。",
           "no_phone": "您未留手机号码，不发送短信通知。请凭本回执扫码或凭受理编号查询进度，到窗口领取结果。",
           "no_phone_slip": "您未留手机号码，不发送确认短信。请保管好本预约单，按时到窗口办理。",
           "fingers_counter": "指纹未在本机采集：请持本回执和身份证到窗口补采指纹，补采后方可制证。"},
    "en": {"receipt": "Acceptance receipt", "slip": "Appointment slip", "case": "Case number", "item": "Service",
           "time": "Received", "kiosk": "Kiosk", "id": "ID number", "delivery": "Result by",
           "promised": "Expected by", "later": "Bring later", "scan": "Scan or use the case number to check progress",
           "rate": "Please rate our service", "booking": "Booking number", "visit": "Time",
           "where": "Where", "bring": "Bring", "pickup": "pick-up at the counter", "mail": "free mail",
           "instant": "finished here", "electronic": "electronic certificate", "paid": "Paid", ":": ": ", "(": " (", ")": ")",
           "voucher": "Payment voucher", "fee": "Fee", "waived": "waived", "total": "Total", "method": "Paid by",
           "card": "bank card", "code": "payment code", "qr": "QR code", "ref": "Reference", "vno": "Voucher no.",
           "order": "Order no.", "cardno": "Card", "yuan": "yuan", "chosen": "Result by",
           "not_invoice": "Not a tax invoice: the official receipt is issued by the office handling your case.",
           "no_phone": "No mobile number given: no SMS will be sent. Check progress with this receipt's QR code or "
                       "case number, and collect the result at the counter.",
           "no_phone_slip": "No mobile number given: no confirmation SMS. Keep this slip and come to the counter "
                            "at the time booked.",
           "fingers_counter": "Fingerprints were not taken here: bring this receipt and your ID to the counter to "
                              "have them taken; the document is made after that."},
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
        chosen = session.answers.get("delivery_method")
        options = [chosen] if chosen in item.guide.delivery else list(item.guide.delivery)
        delivery = ("、" if lang == "zh" else ", ").join(w[d] for d in options)
        receipt.text(f"{w['delivery']}{w[':']}{delivery}")
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
        receipt.text(f"{w['later']}{w[':']}", bold=True)
        for name in session.deferred:
            receipt.text("· " + name)
    if session.fingerprints == "counter":
        receipt.text(w["fingers_counter"], bold=True)  # the one visit this case still needs
    if has_no_phone(session.answers):
        receipt.text(w["no_phone"], bold=True)  # the receipt is the notice: no SMS will come
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
    if has_no_phone(session.answers):
        receipt.text(w["no_phone_slip"], bold=True)
    receipt.text(f"{w['kiosk']}{w[':']}{place.location}").feed(2).cut()


def fill_voucher(receipt: Receipt, session: Session, items: list[Item], fee_quote: Quote, place: Place,
                 now: datetime) -> None:
    """缴费凭证: what was charged for what, exemptions, how it was paid and the references to
    find it with the bank or gateway. Card numbers arrive masked from the terminal."""
    w = WORDS[lang_key(session.language)]
    lang = lang_key(session.language)
    receipt.title(w["voucher"]).separator()
    for number, item in zip(session.case_numbers, items):
        receipt.pair(w["case"], number)
        receipt.text(f"{w['item']}{w[':']}{item.name.get(lang)}")
    receipt.separator()
    for line in fee_quote.lines:
        if line.waived_by is not None:
            receipt.text(f"{line.name.get(lang)}")
            receipt.pair(f"  {w['waived']}{w['(']}{line.waived_by.description.get(lang)}{w[')']}", "¥0.00")
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
    receipt.text(f"{w['kiosk']}{w[':']}{place.location}{w['(']}{place.kiosk_id}{w[')']}")
    receipt.text(w["not_invoice"]).feed(2).cut()


def receipt_lines(session: Session, items: list[Item]) -> list[str]:
    """The essentials shown on screen when paper fails (the citizen can photograph them)."""
    w = WORDS[lang_key(session.language)]
    lang = lang_key(session.language)
    lines = [f"{w['case']}{w[':']}{n} — {item.name.get(lang)}" for n, item in zip(session.case_numbers, items)]
    lines += [f"{w['booking']}{w[':']}{b['booking_number']}  {show_time(b['start'])}" for b in session.bookings]
    for paid in session.payments:
        lines.append(f"{w['paid']}{w[':']}¥{fen_to_yuan(paid['amount_fen'])}  {w['ref']}{w[':']}"
                     f"{paid['reference'] or paid['order_id']}")
    if session.deferred:
        lines.append(f"{w['later']}{w[':']}" + "、".join(session.deferred))
    if session.fingerprints == "counter":
        lines.append(w["fingers_counter"])
    if has_no_phone(session.answers):
        lines.append(w["no_phone"])
    return lines
