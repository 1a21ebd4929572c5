from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.store.crypto import DecryptError, FieldCipher

KEY = bytes(range(32))


@given(st.binary(max_size=2000))
def test_round_trip_and_fresh_nonce(plain: bytes) -> None:
    cipher = FieldCipher(KEY)
    a = cipher.encrypt("rec-1", "personal", plain)
    b = cipher.encrypt("rec-1", "personal", plain)
    assert a != b  # fresh nonce each time
    assert cipher.decrypt("rec-1", "personal", a) == plain


def test_ciphertext_does_not_contain_plaintext() -> None:
    plain = "张三丰 110105199001011234 13800138000".encode()
    blob = FieldCipher(KEY).encrypt("rec-1", "personal", plain)
    for part in (plain, "张三丰".encode(), b"110105199001011234", "张三丰".encode("utf-16-le")):
        assert part not in blob


def test_value_cannot_move_to_another_record_or_field() -> None:
    cipher = FieldCipher(KEY)
    blob = cipher.encrypt("rec-1", "personal", b"secret")
    with pytest.raises(DecryptError):
        cipher.decrypt("rec-2", "personal", blob)
    with pytest.raises(DecryptError):
        cipher.decrypt("rec-1", "public", blob)
    with pytest.raises(DecryptError):
        FieldCipher(os.urandom(32)).decrypt("rec-1", "personal", blob)
    tampered = bytearray(blob)
    tampered[-1] ^= 1
    with pytest.raises(DecryptError):
        cipher.decrypt("rec-1", "personal", bytes(tampered))
