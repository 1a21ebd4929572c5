"""Fees as a citizen sees them on the pay screen: the amounts of the catalog, summed for combined
items, waived with the reason when a rule applies, and "ask at the counter" when only staff can tell."""

from datetime import date

from kiosk.catalog import Answered, Exemption, Text, default_catalog_dir, load_catalog
from kiosk.fees import applies, birth_date, in_windows, quote
from kiosk.queries import QueryResult, ResultEntry
from kiosk.session import Session

CATALOG = load_catalog(default_catalog_dir())
TODAY = date(2026, 11, 23)


def _session(**answers: str) -> Session:
    session = Session()
    session.answers.update(answers)
    return session


def test_combined_items_are_summed_in_fen() -> None:
    permit, endorsement = CATALOG.item("CRJ-0101"), CATALOG.item("CRJ-0102")
    q = quote([permit, endorsement], _session(), TODAY)
    # CRJ-0101: permit 60 yuan + endorsement 15 yuan; CRJ-0102: endorsement 15 yuan.
    assert q.total_fen == 6000 + 1500 + 1500
    assert all(isinstance(line.due_fen, int) for line in q.lines)


def test_disaster_exemption_is_applied_from_the_answer_with_its_reason() -> None:
    item = CATALOG.item("HZ-0102")
    lost = quote([item], _session(id_replace_reason="lost"), TODAY)
    assert lost.total_fen == 4000
    disaster = quote([item], _session(id_replace_reason="disaster"), TODAY)
    assert disaster.total_fen == 0
    assert disaster.waived[0].waived_by is not None
    assert "自然灾害" in disaster.waived[0].waived_by.description.zh


def test_a_rule_the_kiosk_cannot_check_sends_the_citizen_to_the_counter_and_is_not_applied() -> None:
    # HZ-0101's student_holiday rule has no answer that claims it on the form.
    q = quote([CATALOG.item("HZ-0101")], _session(), date(2026, 7, 15))
    assert q.total_fen == 2000
    assert [e.rule for e in q.ask_staff] == ["student_holiday"]


def test_birth_date_comes_from_the_id_number_when_there_is_no_card() -> None:
    # A fictitious, well-formed number: born 1950-03-07.
    assert birth_date(_session(id_number="11010519500307001X")) == date(1950, 3, 7)
    assert birth_date(_session(id_number="not a number")) is None


def test_holiday_windows_may_run_over_the_new_year() -> None:
    windows = [("12-20", "02-28")]
    assert in_windows(date(2026, 12, 31), windows)
    assert in_windows(date(2027, 1, 5), windows)
    assert not in_windows(date(2026, 11, 23), windows)


def test_unpaid_fines_found_by_a_query_are_charged() -> None:
    session = _session()
    session.query_results.append(QueryResult(
        [ResultEntry({"zh": "违停", "en": "Parking"}, ref="V1", due_fen=20000),
         ResultEntry({"zh": "已缴", "en": "Paid"}, ref="V2", due_fen=0)], {"zh": "", "en": ""}))
    q = quote([CATALOG.item("JG-0101")], session, TODAY)
    assert q.total_fen == 20000
    assert [line.violation for line in q.lines] == ["V1"]


def test_a_pupil_is_waived_only_inside_a_school_holiday() -> None:
    pupil = Exemption(rule="student_holiday", description=Text(zh="假期学生免费", en="Pupils free in holidays"),
                      when=Answered(key="is_pupil", equals="yes"))
    holidays = [("07-01", "08-31")]
    assert applies(pupil, _session(is_pupil="yes"), date(2026, 7, 15), holidays) is True
    assert applies(pupil, _session(is_pupil="yes"), date(2026, 11, 23), holidays) is False
    assert applies(pupil, _session(is_pupil="no"), date(2026, 7, 15), holidays) is False


def test_age_rules_are_decided_from_the_birth_date_and_left_to_staff_without_one() -> None:
    elder = Exemption(rule="age_over_70", description=Text(zh="70 周岁以上", en="70 and over"))
    child = Exemption(rule="age_under_16", description=Text(zh="未满 16 周岁", en="Under 16"))
    born_1950 = _session(id_number="11010519500307001X")  # fictitious, well-formed
    assert applies(elder, born_1950, date(2020, 3, 6), []) is False  # one day before the 70th birthday
    assert applies(elder, born_1950, date(2020, 3, 7), []) is True
    born_2012 = _session(birth_date="2012-06-01")
    assert applies(child, born_2012, date(2028, 5, 31), []) is True
    assert applies(child, born_2012, date(2028, 6, 1), []) is False
    assert applies(elder, _session(), TODAY, []) is None  # no birth date known: ask at the counter
