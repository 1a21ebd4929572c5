"""How the result reaches the citizen (送达方式), said the same way on the done screen, the receipt
and in the case the centre gets: the citizen's choice where the item offers one, else the item's
only way. Items without a counter visit (guide.visits = 0) say plainly what happens next, also to
a citizen who gave no mobile number (我没有手机): no SMS will come, but the result still does."""

from __future__ import annotations

from kiosk.catalog import DeliveryKind, Item
from kiosk.fields import has_no_phone
from kiosk.messages import translate
from kiosk.registry import Role
from kiosk.session import Session

Bilingual = dict[str, str]


NEXT: dict[str, Bilingual] = {
    "mail": translate("Delivery", "When it is ready it is posted free of charge to the address you gave; look "
                                  "out for an SMS."),
    "dispenser": translate("Delivery", "When it is ready it is placed in this kiosk: after the SMS, collect "
                                       "it here with your ID card and a face check (Collect a finished card)."),
}
NEXT_NO_PHONE: dict[str, Bilingual] = {
    "mail": translate("Delivery", "No mobile number given, so no SMS: when it is ready it is posted free of "
                                  "charge to the address you gave; check progress with the case number."),
    "dispenser": translate("Delivery", "No mobile number given, so no SMS: check progress with the case "
                                       "number; once it says ready, collect it here with your ID card and a "
                                       "face check."),
}


def chosen_delivery(item: Item, session: Session) -> DeliveryKind | None:
    """The way this item's result reaches the citizen: its own field in role ``delivery_method``
    (a combined session may ask two such questions, one per item); None when the item offers
    several and the citizen chose none (the receipt then lists them all)."""
    for f in item.fields():
        if f.role is Role.DELIVERY_METHOD:
            value = session.answers.get(f.key)
            if value in item.guide.delivery:
                return value  # type: ignore[return-value]
    return item.guide.delivery[0] if len(item.guide.delivery) == 1 else None


def next_step(item: Item, session: Session, lang: str) -> str | None:
    """What happens next for a result that comes without a counter visit; None otherwise (the
    done screen's other lines say it: pick-up, finished here)."""
    way = chosen_delivery(item, session)
    if item.guide.visits != 0 or way not in NEXT:
        return None
    texts = NEXT_NO_PHONE if has_no_phone(session) else NEXT
    return texts[way]["zh" if lang.startswith("zh") else "en"]
