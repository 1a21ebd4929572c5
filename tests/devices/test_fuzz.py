"""Every parser of external bytes, fuzzed: random bytes and mutated real frames. Only the
documented error may escape, and nothing hangs (pytest-timeout bounds the whole module)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.card_reader import protocol as p
from devices.card_reader.driver import parse_base_message
from devices.card_reader.identity import CardType
from devices.card_reader.simulator import fake_wlt
from devices.card_reader.textblock import build_text_block, parse_text_block
from devices.payment import mispos as m
from devices.printer.escpos_out import write_receipt
from devices.printer.interpret import EscPosInterpreter, interpret, printed_text
from devices.printer.receipt import Receipt
from devices.printer.status import StatusError, check_status_byte, parse_status
from devices.scanner.assembler import LineSplitter, WedgeAssembler
from devices.scanner.codes import classify_code

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

TEXT = build_text_block(CardType.RESIDENT, {"name": "测试甲", "gender": "1", "nation": "01", "birth": "19900307",
                                            "address": "北京市", "id_number": "110105199003071239", "issuer": "北京",
                                            "valid_from": "20150610", "valid_until": "长期"})
BASE_ANSWER = p.build_response(0, 0, 0x90, b"\x01\x00\x04\x00" + TEXT + fake_wlt("x"))
REAL_FRAMES = [BASE_ANSWER, p.build_response(0, 0, 0x9F, b"\x00" * 4), p.build_request(p.FIND_CARD)]


def mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    buf = bytearray(data)
    for pos, value in edits:
        if buf:
            buf[pos % len(buf)] = value
    return bytes(buf)


edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8)


@FUZZ
@given(st.binary(max_size=2000))
def test_card_frame_parsers_random(data: bytes) -> None:
    for parse in (p.parse_response, p.parse_request):
        try:
            parse(data)
        except p.ProtocolError:
            pass
    try:
        parse_base_message(data)
    except p.ProtocolError:
        pass


@FUZZ
@given(st.sampled_from(REAL_FRAMES), edits, st.integers(0, 1400))
def test_card_mutated_frames_and_assembler(frame: bytes, changes: list[tuple[int, int]], cut: int) -> None:
    mutated = mutate(frame, changes)
    try:
        resp = p.parse_response(mutated)
        if resp.ok and len(resp.data) > 4:
            text, _ = parse_base_message(resp.data)
            parse_text_block(text)
    except p.ProtocolError:
        pass
    asm = p.FrameAssembler()
    out = asm.feed(mutated[:cut]) + asm.feed(mutated[cut:]) + asm.feed(frame)
    frames = [f for f in out if isinstance(f, bytes)]
    assert frame in frames  # an intact frame after noise is always found (resynchronisation)


@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_text_block_random(block: bytes) -> None:
    try:
        record = parse_text_block(block)
        assert record.card_type in CardType
    except p.ProtocolError:
        pass


@FUZZ
@given(edits)
def test_text_block_mutated(changes: list[tuple[int, int]]) -> None:
    try:
        parse_text_block(mutate(TEXT, changes))
    except p.ProtocolError:
        pass


def _receipt_bytes() -> bytes:
    from escpos.printer import Dummy

    d = Dummy()
    write_receipt(d, Receipt(58).title("回执").text("测试䶮（）").qr("https://e.cn/1").barcode("R1").cut())
    return bytes(d.output)


RECEIPT = _receipt_bytes()


@FUZZ
@given(st.binary(max_size=3000))
def test_escpos_interpreter_random(data: bytes) -> None:
    ops = interpret(data)
    printed_text(ops)


@FUZZ
@given(edits, st.lists(st.integers(1, 64), max_size=20))
def test_escpos_interpreter_mutated_and_chunked(changes: list[tuple[int, int]], chunks: list[int]) -> None:
    data = mutate(RECEIPT, changes)
    machine = EscPosInterpreter()
    pos = 0
    for size in chunks:
        machine.feed(data[pos:pos + size])
        pos += size
    machine.feed(data[pos:])
    printed_text(machine.ops)


def test_escpos_chunking_does_not_change_the_result() -> None:
    machine = EscPosInterpreter()
    for i in range(len(RECEIPT)):
        machine.feed(RECEIPT[i:i + 1])
    assert printed_text(machine.ops) == printed_text(interpret(RECEIPT))


@FUZZ
@given(st.dictionaries(st.sampled_from([1, 2, 3, 4]), st.binary(max_size=2), min_size=4))
def test_printer_status_parser(answers: dict[int, bytes]) -> None:
    try:
        parse_status(answers)
    except StatusError:
        pass
    for value in answers.values():
        try:
            check_status_byte(value)
        except StatusError:
            pass


@FUZZ
@given(st.binary(max_size=400), edits)
def test_mispos_parsers(data: bytes, changes: list[tuple[int, int]]) -> None:
    real = m.build_response(m.MisPosResponse("00", card="622202******1234", amount_fen=100, message="交易成功"))
    for candidate in (data, mutate(real, changes)):
        for check in (True, False):
            try:
                m.parse_response(candidate, check_lrc=check)
            except m.MisPosError:
                pass
            try:
                m.parse_request(candidate, check_lrc=check)
            except m.MisPosError:
                pass


@FUZZ
@given(st.lists(st.binary(max_size=80), max_size=10))
def test_scanner_line_splitter(chunks: list[bytes]) -> None:
    splitter = LineSplitter(max_len=64)
    for i, chunk in enumerate(chunks):
        assert splitter.feed(chunk, float(i)) == []
        for line in splitter.idle(i + 0.5 * (i % 2)):  # every other read ends a burst
            assert "\r" not in line and "\n" not in line and len(line) <= 64
            classify_code(line)


@FUZZ
@given(st.lists(st.tuples(st.one_of(st.text(max_size=1), st.sampled_from(["Enter", "Shift", "Return"])),
                          st.floats(0, 0.2)), max_size=60))
def test_wedge_assembler(events: list[tuple[str, float]]) -> None:
    w = WedgeAssembler(max_len=32)
    t = 0.0
    for key, gap in events:
        t += gap
        code = w.feed(key, t)
        assert code is None or 4 <= len(code) <= 32
