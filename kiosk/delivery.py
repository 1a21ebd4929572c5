"""How the result reaches the citizen (送达方式), said the same way on the done screen, the receipt
and in the case the centre gets: the citizen's choice where the item offers one, else the item's
only way. Items without a counter visit (guide.visits = 0) say plainly what happens next, also to
a citizen who gave no mobile number (我没有手机): no SMS will come, but the result still does."""

from __future__ import annotations

from kiosk.catalog import DeliveryKind, Item
from kiosk.fields import has_no_phone

Bilingual = dict[str, str]

# the form fields where a citizen chooses (delivery_method: pickup | mail; card_delivery: mail | dispenser)
CHOICE_KEYS = ("delivery_method", "card_delivery")

NEXT: dict[str, Bilingual] = {
    "mail": {"zh": "制证完成后免费邮寄到您填写的地址，请注意查收短信。",
             "en": "When it is ready it is posted free of charge to the address you gave; look out for an SMS."},
    "dispenser": {"zh": "制证完成后放入本机自助取证，收到短信后到本机刷身份证、刷脸领取（自助取证）。",
                  "en": "When it is ready it is placed in this kiosk: after the SMS, collect it here with your "
                        "ID card and a face check (Collect a finished card)."},
}
NEXT_NO_PHONE: dict[str, Bilingual] = {
    "mail": {"zh": "您未留手机号码，不发送短信：制证完成后免费邮寄到您填写的地址，可凭受理编号查询进度。",
             "en": "No mobile number given, so no SMS: when it is ready it is posted free of charge to the "
                   "address you gave; check progress with the case number."},
    "dispenser": {"zh": "您未留手机号码，不发送短信：请凭受理编号查询进度，显示待领取后到本机刷身份证、刷脸领取。",
                  "en": "No mobile number given, so no SMS: check progress with the case number; once it says "
                        "ready, collect it here with your ID card and a face check."},
}


def chosen_delivery(item: Item, answers: dict[str, str]) -> DeliveryKind | None:
    """The way this item's result reaches the citizen; None when the item offers several and the
    citizen chose none (the receipt then lists them all)."""
    for key in CHOICE_KEYS:
        value = answers.get(key)
        if value in item.guide.delivery:
            return value  # type: ignore[return-value]
    return item.guide.delivery[0] if len(item.guide.delivery) == 1 else None


def next_step(item: Item, answers: dict[str, str], lang: str) -> str | None:
    """What happens next for a result that comes without a counter visit; None otherwise (the
    done screen's other lines say it: pick-up, finished here)."""
    way = chosen_delivery(item, answers)
    if item.guide.visits != 0 or way not in NEXT:
        return None
    texts = NEXT_NO_PHONE if has_no_phone(answers) else NEXT
    return texts[way]["zh" if lang.startswith("zh") else "en"]
