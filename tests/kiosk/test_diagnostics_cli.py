"""`kiosk technician hash-pin`: the printed hash verifies the PIN typed, mistakes are refused."""

from __future__ import annotations

import io
from collections.abc import Iterator

from kiosk.config import parse_settings
from app.technician import command, hash_pin_command
from kiosk.diagnostics.pin import verify_pin


def answers(*typed: str) -> Iterator[str]:
    yield from typed


def test_hash_pin_prints_a_configuration_snippet_that_verifies() -> None:
    out = io.StringIO()
    typed = answers("482913", "482913")
    assert hash_pin_command(out, lambda _prompt: next(typed)) == 0
    text = out.getvalue()
    assert "482913" not in text
    pin_hash = text.split('pin_hash = "')[1].split('"')[0]
    assert verify_pin("482913", pin_hash) and not verify_pin("482914", pin_hash)
    assert parse_settings({"technician": {"pin_hash": pin_hash}}).technician.pin_hash == pin_hash


def test_hash_pin_refuses_mismatches_and_non_digits() -> None:
    for typed in (("482913", "482914"), ("12ab", "12ab"), ("123", "123")):
        it = answers(*typed)
        out = io.StringIO()
        assert hash_pin_command(out, lambda _prompt: next(it)) == 1
        assert "pin_hash" not in out.getvalue()


def test_usage_errors_exit_2() -> None:
    assert command(["nonsense"], parse_settings({}), io.StringIO()) == 2
