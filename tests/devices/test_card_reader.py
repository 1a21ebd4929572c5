"""The real SerialCardReader driver against the SAM simulator on a pseudo-terminal."""

from __future__ import annotations

import json
from pathlib import Path
import time
from datetime import date

import pytest

from devices.card_reader import protocol as p
from devices.card_reader.identity import CardType
from devices.card_reader.idnumber import check_digit, is_valid_id_number, mask_id_number
from devices.card_reader.simulator import FAULTS, SimulatedCardReader
from devices.manager import DeviceManager
from devices.spec import DEMO_DIR, DeviceKind
from devices.status import Availability, DeviceFailure


def test_resident_card_read_end_to_end(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("resident")
    record = card_reader.read_card()
    assert record is not None
    assert record.card_type is CardType.RESIDENT
    assert record.name == "测试甲"
    assert record.gender_text == "女"
    assert record.nation == "01"
    assert record.birth_date == date(1990, 3, 7)
    assert record.address == "北京市朝阳区示例路1号院2号楼3单元401室"
    assert record.id_number == "110105199003071239" and is_valid_id_number(record.id_number)
    assert record.issuer == "北京市公安局朝阳分局"
    assert (record.valid_from, record.valid_until) == (date(2015, 6, 10), date(2035, 6, 10))
    assert record.photo.image is not None and record.photo.image.shape == (126, 102, 3)
    assert "测试甲" not in repr(record)  # no personal data through repr() into logs


def test_rare_character_name_and_no_expiry(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("rare_name")
    record = card_reader.read_card()
    assert record is not None
    assert record.name == "测试䶮"
    assert record.valid_until is None  # 长期
    assert record.address == "广东省广州市越秀区测试街（东）５号"


def test_hmt_residence_permit(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("hmt")
    record = card_reader.read_card()
    assert record is not None
    assert record.card_type is CardType.HMT_RESIDENCE
    assert record.id_number.startswith("810000")
    assert record.extra["pass_number"] == "H12345678"
    assert record.extra["issue_count"] == "01"


def test_foreigner_permanent_residence_old(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("foreigner_old")
    record = card_reader.read_card()
    assert record is not None
    assert record.card_type is CardType.FOREIGNER_OLD
    assert record.name == "测试丙"
    assert record.extra["english_name"] == "TEST, SAMPLE ALPHA"
    assert record.id_number == "USA110075062312"
    assert record.nation == "USA"
    assert record.birth_date == date(1975, 6, 23)
    assert record.gender_text == "女"


def test_foreigner_permanent_residence_2023(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("foreigner_2023")
    record = card_reader.read_card()
    assert record is not None
    assert record.card_type is CardType.FOREIGNER_2023
    assert record.name == "测试丁"
    # the English name continues from part 1 (35 characters) into part 2
    assert record.extra["english_name"] == "TESTPERSON-LONGSURNAME, SAMPLE ALPHA BRAVO"
    assert record.id_number.startswith("9") and is_valid_id_number(record.id_number)
    assert record.valid_until == date(2034, 1, 15)


def _y_card_block(english_name: str) -> bytes:
    """A 2023 foreigner permanent-residence (Y) card text block built straight from the published
    layout (reference/devices.md §1: UCS-2 LE, space padded; English name part 1 at bytes 52–121,
    35 characters, continued in part 2 at 220–241, 11 characters; flag Y at 248), not from the
    product's own layout table."""
    block = bytearray(" ".encode("utf-16-le") * 128)

    def put(start: int, end: int, text: str) -> None:
        raw = text.encode("utf-16-le")
        assert len(raw) <= end - start
        block[start:start + len(raw)] = raw

    put(0, 30, "测试戊")
    put(30, 32, "2")
    put(32, 36, "00")
    put(36, 52, "19800102")
    put(52, 122, english_name[:35])
    put(122, 158, "911840198001020019")
    put(188, 204, "20240115")
    put(204, 220, "20340115")
    put(220, 242, english_name[35:])
    put(242, 248, "GBR")
    put(248, 250, "Y")
    return bytes(block)


@pytest.mark.parametrize("english_name", [
    "TESTPERSON-LONGSURNAME, SAMPLE ALPH BRAVO",   # the space is the first character of part 2
    "TESTPERSON-LONGSURNAME, SAMPLE ALP BRAVOX",   # the space is the last character of part 1
    "TESTPERSON-LONGSURNAME, SAMPLE ALPHA",        # 36 characters: one spills into part 2
    "TESTPERSON-LONGSURNAME, SAMPLE AL",            # fits in part 1
])
def test_y_card_english_name_split_over_two_fields_keeps_its_spaces(
        card_reader: SimulatedCardReader, english_name: str) -> None:
    from devices.card_reader.samples import SampleCard

    assert is_valid_id_number("911840198001020019")
    card_reader.sam.cards["y_split"] = SampleCard("y_split", CardType.FOREIGNER_2023,
                                                  _y_card_block(english_name), None, None)
    card_reader.present_card("y_split")
    record = card_reader.read_card()  # through the real driver and the pty
    assert record is not None and record.card_type is CardType.FOREIGNER_2023
    assert record.extra["english_name"] == english_name
    assert record.name == "测试戊" and record.nation == "GBR"


def test_card_must_leave_the_field(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("resident")
    assert card_reader.read_card() is not None
    assert card_reader.read_card() is None  # same card still on the reader: not found again
    card_reader.remove_card()
    assert card_reader.read_card() is None
    card_reader.present_card("resident")
    assert card_reader.read_card() is not None


def test_no_card(card_reader: SimulatedCardReader) -> None:
    assert card_reader.read_card() is None
    assert card_reader.check_health().availability is Availability.ONLINE


@pytest.mark.parametrize("fault", ["split", "garbage"])
def test_recoverable_line_faults_still_read(card_reader: SimulatedCardReader, fault: str) -> None:
    card_reader.present_card("resident")
    card_reader.set_fault(fault)
    record = card_reader.read_card()
    assert record is not None and record.name == "测试甲"


def test_one_corrupted_answer_is_asked_again(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("resident")
    card_reader.set_fault("checksum", count=1)
    record = card_reader.read_card()
    assert record is not None and record.name == "测试甲"


@pytest.mark.parametrize(("fault", "code"), [
    ("checksum", "checksum"),
    ("partial", "checksum"),  # bytes arrive, never a whole answer: a damaged line, not a dead reader
    ("silence", "timeout"),
    ("sam_error", "sam_error"),
    ("pulled", "card_removed"),  # the card left mid-answer: found no more on the next pass
])
def test_faults_give_a_named_error_within_bounds(card_reader: SimulatedCardReader, fault: str, code: str) -> None:
    card_reader.present_card("resident")
    card_reader.set_fault(fault)
    started = time.monotonic()
    with pytest.raises(DeviceFailure) as info:
        card_reader.read_card()
    assert info.value.error.code == code
    assert time.monotonic() - started < 6.0  # every wait is bounded (2 × 2 s read timeout worst case)
    card_reader.clear_fault()
    card_reader.remove_card()
    card_reader.present_card("resident")
    assert card_reader.read_card() is not None, "the reader works again once the fault is gone"


def test_health_reflects_silence_and_sam_error(card_reader: SimulatedCardReader) -> None:
    card_reader.set_fault("silence")
    status = card_reader.check_health()
    assert status.availability is Availability.OFFLINE and status.last_error is not None
    card_reader.set_fault("sam_error")
    status = card_reader.check_health()
    assert status.availability is Availability.HARDWARE_ERROR
    assert status.last_error is not None and status.last_error.code == "sam_error"
    card_reader.clear_fault()
    healthy = card_reader.check_health()
    assert healthy.usable
    # the overview shows which security module answers (asked once, kept after a card read)
    assert healthy.info["sam_id"] == "01020000000000000000000000000001"
    card_reader.present_card("resident")
    card_reader.read_card()
    assert card_reader.status.info["sam_id"] == "01020000000000000000000000000001"


def test_unplug_and_replug(card_reader: SimulatedCardReader) -> None:
    card_reader.unplug()
    status = card_reader.check_health()
    assert status.availability is Availability.OFFLINE
    with pytest.raises(DeviceFailure):
        card_reader.open()
    card_reader.replug()
    card_reader.open()
    card_reader.present_card("hmt")
    assert card_reader.check_health().usable
    assert card_reader.read_card() is not None


def test_every_listed_fault_is_covered() -> None:
    assert set(FAULTS) == {"checksum", "split", "partial", "silence", "pulled", "sam_error", "garbage",
                           "moved", "read_failed"}


def test_sample_identities_are_valid_and_cover_all_card_types() -> None:
    doc = json.loads((DEMO_DIR / "identities.json").read_text(encoding="utf-8"))
    types = {item["card_type"] for item in doc["identities"]}
    assert types == {t.value for t in CardType}
    for item in doc["identities"]:
        assert item["fields"]["name"].startswith("测试")
        if item["card_type"] != "foreigner_permanent_old":
            assert is_valid_id_number(item["fields"]["id_number"])


@pytest.mark.parametrize(("number", "valid"), [
    ("11010519491231002X", True),  # the GB 11643 example
    ("11010519491231002x", True),
    ("110105194912310021", False),
    ("11010519491331002X", False),  # month 13
    ("1101051949123100", False),
    ("", False),
    ("１１０１０５１９４９１２３１００２Ｘ", False),  # full-width digits are not accepted as-is
])
def test_id_number_check_digit(number: str, valid: bool) -> None:
    assert is_valid_id_number(number) is valid


def test_check_digit_and_mask() -> None:
    assert check_digit("11010519491231002") == "X"
    assert mask_id_number("110105199003071234") == "110105********1234"


def test_real_driver_without_wlt_library_reports_photo_unavailable(card_reader: SimulatedCardReader) -> None:
    """The configured sam_serial driver on the simulator's port, with no vendor decoder."""
    from devices.card_reader.driver import SerialCardReader
    from devices.spec import DeviceKind, DeviceSpec

    card_reader.close()
    plain = SerialCardReader(DeviceSpec("idcard", DeviceKind.CARD_READER, "sam_serial", port=str(card_reader.sam.link)))
    plain.open()
    try:
        card_reader.present_card("resident")
        record = plain.read_card()
        assert record is not None and record.name == "测试甲"
        assert record.photo.image is None
        assert "no WLT decoder library configured" in record.photo.unavailable_reason
    finally:
        plain.close()


WLT_C = r"""
#include <string.h>
/* Stand-in vendor decoder: writes a raw bottom-up 102x126 BGR image whose rows encode their index. */
int unpack(char *src, char *dst, int bmp_save) {
    if (src[0] == 0x7f) return -2;
    for (int row = 0; row < 126; row++)
        memset(dst + row * 102 * 3, (unsigned char)row, 102 * 3);
    return 1;
}
"""


@pytest.mark.skipif(__import__("shutil").which("cc") is None, reason="needs a C compiler")
def test_vendor_wlt_decoder_through_ctypes(tmp_path: Path) -> None:
    import subprocess

    from devices.card_reader.wlt import VendorWltDecoder

    (tmp_path / "wlt.c").write_text(WLT_C)
    lib = tmp_path / "libwlt2bmp.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(tmp_path / "wlt.c")], check=True, timeout=60)
    decoder = VendorWltDecoder(str(lib))
    photo = decoder.decode(b"\x00" * 1024)
    assert photo.image is not None and photo.image.shape == (126, 102, 3)
    assert photo.image[0, 0, 0] == 125 and photo.image[125, 0, 0] == 0  # bottom-up rows flipped
    assert decoder.decode(b"\x7f" + b"\x00" * 1023).unavailable_reason == "WLT decoder returned -2"
    assert "expected 1024" in decoder.decode(b"short").unavailable_reason
    missing = VendorWltDecoder(str(tmp_path / "nope.so"))
    assert missing.decode(b"\x00" * 1024).image is None


def test_frames_match_the_published_bytes() -> None:
    """Byte sequences from reference/devices.md §1 (HslCommunication SAMSerial.cs, hev-idcard-reader)."""
    from devices.card_reader import protocol as p

    assert p.build_request(p.SAM_STATUS) == bytes.fromhex("AAAAAA9669000311FFED")
    assert p.build_request(p.FIND_CARD) == bytes.fromhex("AAAAAA96690003200122")
    assert p.build_request(p.SELECT_CARD) == bytes.fromhex("AAAAAA96690003200221")
    assert p.build_request(p.READ_BASE) == bytes.fromhex("AAAAAA96690003300132")
    assert p.build_response(0, 0, 0x9F, b"\x00" * 4) == bytes.fromhex("AAAAAA966900080000 9F00000000 97".replace(" ", ""))
    assert p.build_response(0, 0, 0x80) == bytes.fromhex("AAAAAA96690004000080 84".replace(" ", ""))
    assert p.build_response(0, 0, 0x90, b"\x00" * 8) == bytes.fromhex("AAAAAA9669000C000090" + "00" * 8 + "9C")
    base = p.build_response(0, 0, 0x90, b"\x01\x00\x04\x00" + b"\x20" * 1280)
    assert len(base) == 1295 and base[5:7] == b"\x05\x08"


# -- a noisy line (issue #14, item 3) ---------------------------------------------------------

def _ask(port: object, request_hex: str) -> bytes:
    """Send raw request bytes and return the raw answer (whole frame by its length field)."""
    import serial

    assert isinstance(port, serial.Serial)
    port.write(bytes.fromhex(request_hex))
    head = port.read(7)
    return head + port.read(int.from_bytes(head[5:7], "big"))


def test_module_refuses_a_read_without_find_and_select(card_reader: SimulatedCardReader) -> None:
    """What a real module does (the reason a corrupted READ answer cannot simply be asked for
    again): READ needs a SELECT, SELECT needs a FIND, one READ per SELECT. Raw bytes from the
    published frames (reference/devices.md §1)."""
    import serial

    card_reader.close()
    card_reader.present_card("resident")
    port = serial.Serial(str(card_reader.sam.link), 115200, timeout=1.0)
    try:
        read, find, select = "AAAAAA96690003300132", "AAAAAA96690003200122", "AAAAAA96690003200221"
        assert _ask(port, read) == bytes.fromhex("AAAAAA96690004000041 45".replace(" ", ""))  # 0x41
        assert _ask(port, select) == bytes.fromhex("AAAAAA96690004000081 85".replace(" ", ""))  # 0x81
        assert _ask(port, find) == bytes.fromhex("AAAAAA966900080000 9F00000000 97".replace(" ", ""))
        assert _ask(port, select)[7:10] == b"\x00\x00\x90"
        assert len(_ask(port, read)) == 1295
        assert _ask(port, read)[7:10] == b"\x00\x00\x41"  # the same read again: refused
        # the card still lies in the field: the ID card ignores HALT, a module finds it again
        assert _ask(port, find)[9] == 0x9F
    finally:
        port.close()


def _healthy(reader: SimulatedCardReader) -> None:
    assert reader.check_health().availability is Availability.ONLINE


def test_one_lost_find_answer_is_asked_again_and_the_reader_stays_online(card_reader: SimulatedCardReader) -> None:
    _healthy(card_reader)
    card_reader.present_card("resident")
    card_reader.set_fault("silence", count=1, on=p.FIND_CARD)
    record = card_reader.read_card()
    assert record is not None and record.name == "测试甲"
    assert card_reader.status.availability is Availability.ONLINE


def test_corrupted_read_answer_reads_again_from_find(card_reader: SimulatedCardReader) -> None:
    _healthy(card_reader)
    card_reader.present_card("resident")
    card_reader.set_fault("checksum", count=1, on=p.READ_BASE)
    seen = card_reader.sam.requests_seen
    record = card_reader.read_card()
    assert record is not None and record.name == "测试甲"
    assert card_reader.sam.requests_seen - seen == 6  # find, select, read (garbled); find, select, read
    assert card_reader.status.availability is Availability.ONLINE


def test_card_moved_between_find_and_select_is_not_a_sam_error(card_reader: SimulatedCardReader) -> None:
    _healthy(card_reader)
    card_reader.present_card("resident")
    card_reader.set_fault("moved", count=1)
    record = card_reader.read_card()
    assert record is not None  # found again and read on the next pass
    card_reader.remove_card()
    assert card_reader.read_card() is None
    card_reader.present_card("resident")
    card_reader.set_fault("moved")  # keeps moving
    with pytest.raises(DeviceFailure) as info:
        card_reader.read_card()
    assert info.value.error.code == "card_moved"
    assert card_reader.status.usable and card_reader.status.availability is Availability.ONLINE


def test_a_card_that_left_mid_read_is_reported_as_taken_away(card_reader: SimulatedCardReader) -> None:
    _healthy(card_reader)
    card_reader.present_card("resident")
    card_reader.set_fault("pulled", count=1)
    with pytest.raises(DeviceFailure) as info:
        card_reader.read_card()
    assert info.value.error.code == "card_removed"
    assert card_reader.status.availability is Availability.ONLINE


def test_a_different_card_put_down_without_a_gap_is_read(card_reader: SimulatedCardReader) -> None:
    card_reader.present_card("resident")
    assert card_reader.read_card() is not None
    card_reader.present_card("hmt")  # swapped between two polls: the reader never saw it empty
    record = card_reader.read_card()
    assert record is not None and record.card_type is CardType.HMT_RESIDENCE
    assert card_reader.read_card() is None  # still the same card: not handed out twice


def test_silent_reader_goes_offline_only_after_three_checks(card_reader: SimulatedCardReader) -> None:
    _healthy(card_reader)
    card_reader.set_fault("silence")
    assert card_reader.check_health().usable  # one check without an answer: could be the line
    assert card_reader.check_health().usable
    status = card_reader.check_health()
    assert status.availability is Availability.OFFLINE and status.last_error is not None
    card_reader.clear_fault()
    assert card_reader.check_health().usable


def _noisy_reads(reader: SimulatedCardReader, manager: DeviceManager, reads: int,
                 seed: int) -> tuple[list[float], list[str]]:
    """Reads of a card placed anew each time, 1 in 3 answers lost, garbled or cut on the wire,
    with a manager health poll after each. Returns the seconds each successful read took and
    every status seen (the reader's own, and whether the manager still counts it usable)."""
    times: list[float] = []
    statuses: list[str] = []
    reader.set_noise(1 / 3, seed=seed)
    for _ in range(reads):
        reader.remove_card()
        try:
            assert reader.read_card() is None  # the empty field
        except DeviceFailure:
            pass
        reader.present_card("resident")
        started = time.monotonic()
        try:
            record = reader.read_card()
        except DeviceFailure:
            record = None
        if record is not None and record.name == "测试甲" and record.photo.image is not None:
            times.append(time.monotonic() - started)
        statuses.append(reader.status.availability.value)
        manager.poll_once()  # the health thread's round: SAM status through the same noise
        statuses.append(reader.status.availability.value)
        statuses.append("online" if DeviceKind.CARD_READER in manager.usable_kinds() else "dropped")
    return times, statuses


def test_one_in_three_answers_damaged_still_reads_the_card(card_reader: SimulatedCardReader) -> None:
    """Issue #14 item 3's target, in small: with 1 in 3 answers lost or corrupted on the wire,
    ≥ 90 % of reads return the full card within 2 s and the reader is never offline.
    (benchmarks/bench_card_read.py --noise measures it at the baud rate with more reads.)"""
    manager = DeviceManager([card_reader.spec], devices=[card_reader])
    manager.open_all(start_health_thread=False)
    assert DeviceKind.CARD_READER in manager.usable_kinds()
    card_reader.present_card("resident")
    assert card_reader.read_card() is not None  # the module's read time is known from here on
    times, statuses = _noisy_reads(card_reader, manager, 20, seed=14)
    assert set(statuses) == {"online"}, statuses  # never offline, never dropped by the manager
    within = [t for t in times if t <= 2.0]
    assert len(within) >= 18, (len(within), times)
    assert sum(card_reader.sam.noise_seen.values()) >= 20, card_reader.sam.noise_seen  # really noisy
    assert card_reader.counters["line_errors"] >= 10  # the technician's overview shows the bad line
