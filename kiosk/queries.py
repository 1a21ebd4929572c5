"""The `query` step: ask the central server and turn its answer into result entries the
`result` step shows. Every text is bilingual ({"zh", "en"}) so a language switch re-renders.

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
from kiosk.money import fen_to_yuan
from kiosk.registry import Role
from kiosk.session import Session
from kiosk.sync.client import ServerClient
from kiosk.sync.errors import RateLimited

Bilingual = dict[str, str]


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
    "received": {"zh": "已受理", "en": "Received"},
    "in_review": {"zh": "审核中", "en": "Being reviewed"},
    "approved": {"zh": "已批准，正在制证", "en": "Approved, being produced"},
    "rejected": {"zh": "未通过，请到窗口咨询", "en": "Not approved: please ask at the counter"},
    "ready_for_pickup": {"zh": "已制好，可领取", "en": "Ready for pick-up"},
    "mailed": {"zh": "已寄出", "en": "Mailed"},
    "completed": {"zh": "已办结", "en": "Completed"},
    "need_materials": {"zh": "需补充材料", "en": "More documents needed"},
}


def _bi(zh: str, en: str) -> Bilingual:
    return {"zh": zh, "en": en}


def _wait_message(exc: RateLimited) -> Bilingual:
    """What the citizen reads when the server refuses a case query for a while (429)."""
    minutes = max(1, math.ceil(exc.retry_after_s / 60))
    if exc.error == "case_locked":
        return _bi(f"为保护申请人的信息，这个受理编号输错身份号码的次数过多，查询已暂停。请约 {minutes} 分钟后再试，"
                   "或携带身份证件到窗口查询。",
                   "To protect the applicant's information, this case number is paused after too many wrong ID "
                   f"digits. Please try again in about {minutes} minute(s), or ask at the counter with your ID card.")
    return _bi(f"本机查询次数过多，请约 {minutes} 分钟后再试，或到窗口查询。",
               f"This kiosk has made too many searches. Please try again in about {minutes} minute(s), "
               "or ask at the counter.")


def case_progress(client: ServerClient, session: Session) -> QueryResult:
    number = session.answer(Role.CASE_NUMBER).strip().upper()
    last4 = session.answer(Role.ID_LAST4).strip().upper()
    if len(last4) != 4:
        raise QueryInputError(_bi("请输入身份号码的后4位。", "Please enter the last 4 characters of the ID number."))
    try:
        answer = client.query_case(number, last4)
    except RateLimited as exc:
        return QueryResult([], _wait_message(exc))
    empty = _bi("没有找到与受理编号和身份号码后4位相符的业务。请核对后重试，或到窗口咨询。",
                "No application matches this case number and these ID digits. Please check them, or ask at the counter.")
    if answer is None:
        return QueryResult([], empty)
    status = CASE_STATUS.get(answer["status"], _bi(answer["status"], answer["status"]))
    lines = []
    for event in answer.get("history", []):
        name = CASE_STATUS.get(event["status"], _bi(event["status"], event["status"]))
        when = show_time(event["at"])
        lines.append(_bi(f"{when}  {name['zh']}", f"{when}  {name['en']}"))
    title = _bi(f"{answer['case_number']}：{status['zh']}", f"{answer['case_number']}: {status['en']}")
    return QueryResult([ResultEntry(title, lines, attention=answer["status"] in ("need_materials", "rejected"))], empty)


def lost_and_found(client: ServerClient, session: Session) -> QueryResult:
    items = client.lost_found(session.answer(Role.ITEM_CATEGORY) or None, session.answer(Role.LOST_DATE) or None)
    entries = []
    for it in items:
        found = show_time(str(it["found_at"]))[:10] if it.get("found_at") else ""
        entries.append(ResultEntry(
            title=dict(it["description"]),
            lines=[_bi(f"拾得日期：{found}", f"Found on {found}"),
                   _bi(f"拾得地点：{it.get('place', '')}", f"Found at: {it.get('place', '')}"),
                   _bi(f"保管单位：{it['station']['zh']}", f"Kept at: {it['station']['en']}")]))
    empty = _bi("暂未找到符合条件的物品。物品登记后会陆续入库，您可以稍后再查，或登记遗失物品（ZA-0101）。",
                "Nothing matching yet. Items are added as they are handed in: search again later, or report your lost item (ZA-0101).")
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
            lines=[_bi(f"时间：{when}", f"When: {when}"), _bi(f"地点：{v.get('place', '')}", f"Where: {v.get('place', '')}"),
                   _bi(f"罚款 ¥{fine}，记 {points} 分", f"Fine ¥{fine}, {points} points"),
                   _bi("已缴纳" if paid else "未缴纳", "Paid" if paid else "Not paid yet")],
            attention=not paid, ref=str(v.get("id", "")), due_fen=0 if paid else int(v.get("fine_fen", 0))))
    empty = _bi(f"号牌 {plate} 没有查到未处理的交通违法记录。", f"No open traffic violations for plate {plate}.")
    return QueryResult(entries, empty)


def _own_id_number(session: Session) -> str:
    """Own-record queries ask for the identified citizen: the number read from the ID card."""
    number = str(getattr(session.card, "id_number", "") or session.answer(Role.ID_NUMBER)).strip().upper()
    if not number:
        raise QueryInputError(_bi("查询本人信息需要在本机读取您的身份证。没有带身份证的，请到窗口查询。",
                                  "Your own records are looked up with your ID card read here. Without the card, "
                                  "please ask at the counter."))
    return number


def household_record(client: ServerClient, session: Session) -> QueryResult:
    fields = client.household_record(_own_id_number(session))
    empty = _bi("本省（市）户籍登记中没有查到您的常住户口信息。如有疑问，请到户口所在地派出所户籍窗口咨询。",
                "No permanent household registration was found for you in this province (city). Please ask at "
                "the household registration counter of the police station where you are registered.")
    if not fields:
        return QueryResult([], empty)
    lines = [_bi(f"{f['label']['zh']}：{f['value']}", f"{f['label']['en']}: {f['value']}") for f in fields]
    title = _bi("常住人口登记信息（请核对，有误请到户籍窗口更正）",
                "Your household registration (please check it; errors are corrected at the counter)")
    return QueryResult([ResultEntry(title, lines)], empty)


def exit_entry_records(client: ServerClient, session: Session) -> QueryResult:
    records = client.exit_entry_records(_own_id_number(session))
    entries = []
    for r in records:
        when = show_time(str(r["at"]))
        exit_ = r.get("direction") == "exit"
        entries.append(ResultEntry(
            title=_bi(f"{when}  {'出境' if exit_ else '入境'}", f"{when}  {'Exit' if exit_ else 'Entry'}"),
            lines=[_bi(f"口岸：{r['port']['zh']}", f"Port: {r['port']['en']}"),
                   _bi(f"证件：{r['document']['zh']}", f"Document: {r['document']['en']}")]))
    empty = _bi("没有查到您的出入境记录。", "No exit or entry records were found for you.")
    return QueryResult(entries, empty)


def vehicle_inspection_status(client: ServerClient, session: Session) -> QueryResult:
    plate = session.answer(Role.PLATE_NUMBER).strip().upper()
    if not plate:
        raise QueryInputError(_bi("请输入号牌号码。", "Please enter the plate number."))
    answer = client.vehicle_inspection(plate, _own_id_number(session))
    empty = _bi(f"没有查到登记在您名下、号牌为 {plate} 的机动车。请核对号牌，或到车管所窗口办理。",
                f"No vehicle with plate {plate} is registered to you. Please check the plate, or go to the vehicle counter.")
    if not answer.get("found"):
        return QueryResult([], empty)
    due = str(answer.get("due_on", ""))
    if answer.get("exempt"):
        entry = ResultEntry(_bi(f"{plate}：符合免检条件，可以申领检验标志", f"{plate}: exempt from the test, the mark can be issued"),
                            [_bi(f"本次检验日期：{due}（注册第 {answer.get('year')} 年）",
                                 f"Inspection date: {due} (year {answer.get('year')} after registration)")])
    else:
        entry = ResultEntry(_bi(f"{plate}：不能在本机申领免检标志", f"{plate}: the mark cannot be issued here"),
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
