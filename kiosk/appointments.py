"""The `book` step: free slots from the central server, a slot held while the citizen confirms,
then a booking number. The calendar names (step `service`) are the server's."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from kiosk.registry import Role
from kiosk.session import Session

DAYS_AHEAD = 7
# The server speaks UTC; citizens read Beijing time (China has one time zone, no DST).
BEIJING = timezone(timedelta(hours=8), "CST")


def beijing_today() -> date:
    return datetime.now(BEIJING).date()


def bookable_days(today: date) -> list[date]:
    """Tomorrow and the following days (a same-day visit needs no booking). `today` is the
    Beijing date: the kiosk's clock may run in UTC."""
    return [today + timedelta(days=n) for n in range(1, DAYS_AHEAD + 1)]


def contact_of(session: Session) -> dict[str, str] | None:
    """Name and phone for the booking, from the form (or the ID card for the name); None when the
    item's workflow asked for neither — a catalog error the screen reports to staff."""
    name = session.answer(Role.NAME) or str(getattr(session.card, "name", "") or "")
    phone = session.answer(Role.PHONE)
    if not name or not phone:
        return None
    return {"name": name, "phone": phone}


def local_time(iso: str) -> datetime:
    """A server timestamp ("…Z" or with an offset) as Beijing time."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(BEIJING)


def show_time(iso: str) -> str:
    """'2026-11-24 09:30' in Beijing time."""
    return local_time(iso).strftime("%Y-%m-%d %H:%M")
