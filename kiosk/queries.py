"""The `query` step: ask the central server and turn its answer into result entries the
`result` step shows. Every text is bilingual ({"zh", "en"}, from the message catalog
kiosk/messages.py or as the centre sent it) so a language switch re-renders.

Services a catalog item may name (step `service`):
  case_progress / id_card_progress   case number + last 4 characters of the ID number
  lost_and_found                     item_category (+ lost_date as "since")
  traffic_violations                 plate_number (+ the ID number from the card or form, if any)
  household_record                   the identified citizen's own register entry (ZM-0202)
  exit_entry_records                 the identified citizen's own exits and entries (CRJ-0301)
  vehicle_inspection_status          plate_number of the identified owner's car (JG-0301)
Answers are read by role (Session.answer); kiosk/registry.py QUERIES lists these services with the
roles each needs, and the catalog loader refuses an item naming any other."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.appointments import show_time
from kiosk.messages import Bilingual, fill, translate
from kiosk.money import fen_to_yuan
from kiosk.registry import Role
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import RateLimited


@dataclass(frozen=True)
class ResultEntry:
    title: Bilingual
    lines: list[Bilingual] = field(default_factory=list)
    attention: bool = False  # e.g. an unpaid fine, a case that needs materials
    ref: str = ""  # the server's id of what was found (a violation id)
    due_fen: int = 0  # money still owed for it (an unpaid fine): the pay step charges it


@dataclass(frozen=True)
class QueryResult:
    entries: list[ResultEntry]
    empty_message: Bilingual  # shown when entries is empty


class QueryInputError(ValueError):
    """The answers cannot form a query (the screen sends the citizen back to the form)."""

    def __init__(self, message: Bilingual) -> None:
        super().__init__(message["en"])
        self.message = message


CASE_STATUS: dict[str, Bilingual] = {
    "received": translate("Queries", "Received"),
    "in_review": translate("Queries", "Being reviewed"),
    "approved": translate("Queries", "Approved, being produced"),
    "rejected": translate("Queries", "Not approved: please ask at the counter"),
    "ready_for_pickup": translate("Queries", "Ready for pick-up"),
    "mailed": translate("Queries", "Mailed"),
    "completed": translate("Queries", "Completed"),
    "need_materials": translate("Queries", "More documents needed"),
}


def _same(text: str) -> Bilingual:
    """A value the centre sent in one form only (an unknown status code): shown as it is."""
    return {"zh": text, "en": text}


def _wait_message(exc: RateLimited) -> Bilingual:
    """What the citizen reads when the server refuses a case query for a while (429)."""
    minutes = max(1, math.ceil(exc.retry_after_s / 60))
    if exc.error == "case_locked":
        return fill(translate("Queries", "To protect the applicant's information, this case number is paused after "
                                         "too many wrong ID digits. Please try again in about {minutes} minute(s), "
                                         "or ask at the counter with your ID card."), minutes=minutes)
    return fill(translate("Queries", "This kiosk has made too many searches. Please try again in about {minutes} "
                                     "minute(s), or ask at the counter."), minutes=minutes)


def case_progress(client: ServerClient, session: Session) -> QueryResult:
    number = session.answer(Role.CASE_NUMBER).strip().upper()
    last4 = session.answer(Role.ID_LAST4).strip().upper()
    if len(last4) != 4:
        raise QueryInputError(translate("Queries", "Please enter the last 4 characters of the ID number."))
    try:
        answer = client.query_case(number, last4)
    except RateLimited as exc:
        return QueryResult([], _wait_message(exc))
    empty = translate("Queries", "No application matches this case number and these ID digits. Please check them, "
                                 "or ask at the counter.")
    if answer is None:
        return QueryResult([], empty)
    status = CASE_STATUS.get(answer["status"], _same(answer["status"]))
    lines = []
    for event in answer.get("history", []):
        name = CASE_STATUS.get(event["status"], _same(event["status"]))
        lines.append(fill(translate("Queries", "{when}  {status}"), when=show_time(event["at"]), status=name))
    title = fill(translate("Queries", "{case}: {status}"), case=answer["case_number"], status=status)
    return QueryResult([ResultEntry(title, lines, attention=answer["status"] in ("need_materials", "rejected"))], empty)


def lost_and_found(client: ServerClient, session: Session) -> QueryResult:
    items = client.lost_found(session.answer(Role.ITEM_CATEGORY) or None, session.answer(Role.LOST_DATE) or None)
    entries = []
    for it in items:
        found = show_time(str(it["found_at"]))[:10] if it.get("found_at") else ""
        entries.append(ResultEntry(
            title=dict(it["description"]),
            lines=[fill(translate("Queries", "Found on {date}"), date=found),
                   fill(translate("Queries", "Found at: {place}"), place=it.get("place", "")),
                   fill(translate("Queries", "Kept at: {station}"), station=it["station"])]))
    empty = translate("Queries", "Nothing matching yet. Items are added as they are handed in: search again later, "
                                 "or report your lost item (ZA-0101).")
    return QueryResult(entries, empty)


def traffic_violations(client: ServerClient, session: Session) -> QueryResult:
    plate = session.answer(Role.PLATE_NUMBER)
    id_number = session.answer(Role.ID_NUMBER) or str(getattr(session.card, "id_number", "") or "")
    found = client.violations(plate, id_number)
    entries = []
    for v in found:
        fine = fen_to_yuan(int(v.get("fine_fen", 0)))
        points = int(v.get("points", 0))
        paid = bool(v.get("paid"))
        when = show_time(str(v["time"])) if v.get("time") else ""
        entries.append(ResultEntry(
            title=dict(v["description"]),
            lines=[fill(translate("Queries", "When: {when}"), when=when),
                   fill(translate("Queries", "Where: {place}"), place=v.get("place", "")),
                   fill(translate("Queries", "Fine ¥{fine}, {points} points"), fine=fine, points=points),
                   translate("Queries", "Paid") if paid else translate("Queries", "Not paid yet")],
            attention=not paid, ref=str(v.get("id", "")), due_fen=0 if paid else int(v.get("fine_fen", 0))))
    empty = fill(translate("Queries", "No open traffic violations for plate {plate}."), plate=plate)
    return QueryResult(entries, empty)


def _own_id_number(session: Session) -> str:
    """Own-record queries ask for the identified citizen: the number read from the ID card."""
    number = str(getattr(session.card, "id_number", "") or session.answer(Role.ID_NUMBER)).strip().upper()
    if not number:
        raise QueryInputError(translate("Queries", "Your own records are looked up with your ID card read here. "
                                                   "Without the card, please ask at the counter."))
    return number


def household_record(client: ServerClient, session: Session) -> QueryResult:
    fields = client.household_record(_own_id_number(session))
    empty = translate("Queries", "No permanent household registration was found for you in this province (city). "
                                 "Please ask at the household registration counter of the police station where you "
                                 "are registered.")
    if not fields:
        return QueryResult([], empty)
    lines = [fill(translate("Queries", "{label}: {value}"), label=f["label"], value=f["value"]) for f in fields]
    title = translate("Queries", "Your household registration (please check it; errors are corrected at the counter)")
    return QueryResult([ResultEntry(title, lines)], empty)


def exit_entry_records(client: ServerClient, session: Session) -> QueryResult:
    records = client.exit_entry_records(_own_id_number(session))
    entries = []
    for r in records:
        direction = translate("Queries", "Exit") if r.get("direction") == "exit" else translate("Queries", "Entry")
        entries.append(ResultEntry(
            title=fill(translate("Queries", "{when}  {status}"), when=show_time(str(r["at"])), status=direction),
            lines=[fill(translate("Queries", "Port: {port}"), port=r["port"]),
                   fill(translate("Queries", "Document: {document}"), document=r["document"])]))
    empty = translate("Queries", "No exit or entry records were found for you.")
    return QueryResult(entries, empty)


def vehicle_inspection_status(client: ServerClient, session: Session) -> QueryResult:
    plate = session.answer(Role.PLATE_NUMBER).strip().upper()
    if not plate:
        raise QueryInputError(translate("Queries", "Please enter the plate number."))
    answer = client.vehicle_inspection(plate, _own_id_number(session))
    empty = fill(translate("Queries", "No vehicle with plate {plate} is registered to you. Please check the plate, "
                                      "or go to the vehicle counter."), plate=plate)
    if not answer.get("found"):
        return QueryResult([], empty)
    due = str(answer.get("due_on", ""))
    if answer.get("exempt"):
        entry = ResultEntry(fill(translate("Queries", "{plate}: exempt from the test, the mark can be issued"),
                                 plate=plate),
                            [fill(translate("Queries", "Inspection date: {due} (year {year} after registration)"),
                                  due=due, year=str(answer.get("year")))])
    else:
        entry = ResultEntry(fill(translate("Queries", "{plate}: the mark cannot be issued here"), plate=plate),
                            [dict(r) for r in answer.get("reasons", [])], attention=True)
    return QueryResult([entry], empty)


QUERY_SERVICES: dict[str, Callable[[ServerClient, Session], QueryResult]] = {
    "household_record": household_record,
    "exit_entry_records": exit_entry_records,
    "vehicle_inspection_status": vehicle_inspection_status,
    "case_progress": case_progress,
    "id_card_progress": case_progress,
    "lost_and_found": lost_and_found,
    "traffic_violations": traffic_violations,
}
