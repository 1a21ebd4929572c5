"""The bundle redactor: each declared personal pattern is replaced, ordinary log lines are not."""

from __future__ import annotations

import pytest

from kiosk.diagnostics.redact import REDACTED, redact


@pytest.mark.parametrize("text, secret", [
    ("reader returned 11010519491231002X for the case", "11010519491231002X"),
    ("lower case x: 11010519491231002x.", "11010519491231002x"),
    ("联系电话13912345678请回电", "13912345678"),
    ("mobile +86 139-1234-5678 given", "139-1234-5678"),
    ("phone: 139 1234 5678, later", "139 1234 5678"),
    ("name=张三丰 chose wallet", "张三丰"),
    ('{"name": "Zhang San Feng", "item": "wallet"}', "Zhang San Feng"),
    ('{"english_name": "O\'Brien \\"Jr\\"", "x": 1}', "O'Brien"),
    ("姓名：欧阳娜娜，性别女", "欧阳娜娜"),
    ("address=某地某处 ok", "某地某处"),
    ("lived at 北京市东城区景山前街4号院2号楼301室 before", "景山前街4号"),
    ("住址：广东省广州市越秀区测试街（东）５号", "越秀区测试街"),
])
def test_declared_personal_data_is_replaced(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out and REDACTED in out


@pytest.mark.parametrize("text", [
    "2026-11-23 10:00:01 INFO kiosk.core: kiosk demo-kiosk-01 ready: catalog 2026.11.1 with 40 items",
    "devices.manager: printer unavailable: online, media=empty, paper_empty: paper end (status 0x6c)",
    "record 123456789012345678 acknowledged",  # 18 digits, wrong check digit: a number, not an ID
    "case K01-20261123-0007 committed kind=case",
    "示例市公安局政务服务大厅",  # the kiosk's own location is not an address of a person
    "outcome=wrong count=3",
    "screen_name=form seq=12",
])
def test_ordinary_lines_stay_readable(text: str) -> None:
    assert redact(text) == text
