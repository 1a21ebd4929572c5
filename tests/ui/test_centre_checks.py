"""Issue #17: five items that no longer end at a counter (HZ-0401 居住证, HZ-0103 临时身份证, ZA-0201
保安员证, HZ-0201 出生登记, ZA-0301 旅馆业特种行业许可证). What a counter used to check on originals the
centre now checks in its registers (server/centre_checks.py, demo data), on the review screen,
BEFORE the citizen signs, pays or submits; the result comes by post or from this kiosk's dispenser.

The real local server (uvicorn subprocess, the demo's registers), the demo's simulated devices.
The identify step is tested on its own (test_identify.py): the session is set as it leaves it
after a face match. Before this change each of these items went straight from the review to
signing/paying/submitting with nothing checked, and ended at a counter (guide.visits = 1)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.card_reader.samples import load_samples
from devices.card_reader.textblock import parse_text_block
from devices.payment.simulator import SimulatedPaymentTerminal
from devices.spec import DEMO_DIR, DeviceKind
from kiosk.catalog import StepKind
from kiosk.config import Settings
from kiosk.core import KioskCore
from kiosk.fields import NO_PHONE
from kiosk.identity import MATCH
from server.db import utcnow
from server.launcher import LocalServer, start_local_server
from tests.ui.helpers import find, running_kiosk, simulated, tap
from ui.shell import Shell

RESIDENT = "110105199003071239"  # 测试甲: registered in Beijing (the demo centre's city)
RARE = "440104195808120036"  # 测试䶮: registered in Guangzhou, already holds a Beijing residence permit
NEWCOMER = "130102199207150021"  # 测试戊: registered in Hebei, rents here since March 2025 (demo register)
BIRTH_OK, BIRTH_LATE = "Q110012345", "Q110054321"  # 测试甲's children: born 10 days ago / January 2025
HOTEL_OK, SHOP = "91110105MA01HTL7Q4", "91110105MA01RJ8KX0"  # a hotel / a shop without lodging (GB 32100)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    # a generous start-up deadline: the machine is shared, and under load uvicorn takes > 30 s to answer
    with start_local_server(tmp_path_factory.mktemp("server"), "demo-kiosk-01", startup_timeout=120) as local:
        yield local


@pytest.fixture()
def linked(qtbot: QtBot, settings: Settings, server: LocalServer) -> Iterator[tuple[Shell, KioskCore]]:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, server.kiosk_id, server.secret)
        yield shell, core


def card_of(id_number: str) -> Any:
    """The demo resident card, as read by the reader, for the person with `id_number`."""
    card = parse_text_block(load_samples(DEMO_DIR / "identities.json")["resident"].text_block)
    return dataclasses.replace(card, id_number=id_number)


def born_days_ago(days: int) -> str:
    return ((utcnow() + timedelta(hours=8)).date() - timedelta(days=days)).isoformat()


def at_review(shell: Shell, code: str, id_number: str, answers: dict[str, str]) -> None:
    """`code` as shipped, identified by a face match, its forms filled: the review screen."""
    shell.start_session()
    item = shell.catalog.item(code)
    shell.start_workflow([item])
    flow = shell.workflow
    assert flow is not None
    session = flow.session
    session.card = card_of(id_number)
    session.verification, session.verified_id_number, session.verification_reference = MATCH, id_number, "register"
    session.answers.update(answers)
    flow.index = [s.kind for s in flow.steps].index(StepKind.REVIEW)
    shell.show_step()
    assert shell.current.name == "review"


def visible(shell: Shell, name: str) -> bool:
    widget = shell.findChild(QWidget, name)
    return widget is not None and widget.isVisible()


def check_text(shell: Shell) -> str:
    return find(shell, "review_check").text()


REFUSED = [  # item, who, answers, why (zh), why (en), where (zh)
    ("HZ-0401", RESIDENT, {"residence_basis": "housing"}, "常住户口在北京市", "registered in this city",
     "户籍所在地派出所"),
    ("HZ-0401", NEWCOMER, {"residence_basis": "employment"}, "未查到您在本市的就业登记", "no employment registration",
     "居住地派出所"),
    ("HZ-0103", RARE, {}, "未查到您正在办理的居民身份证", "no ID card application", "户籍窗口"),
    ("ZA-0201", RARE, {}, "保安员考试合格记录", "no passed security guard exam", "保安管理窗口"),
    ("HZ-0201", RESIDENT, {"birth_certificate_number": BIRTH_LATE, "child_birth_date": "2025-01-15",
                           "register_with": "mother"}, "出生已超过一个月", "More than one month", "户籍窗口"),
    ("HZ-0201", RESIDENT, {"birth_certificate_number": "Q119999999", "child_birth_date": born_days_ago(10),
                           "register_with": "mother"}, "查不到", "not in the register of birth certificates",
     "户籍窗口"),
    ("ZA-0301", RESIDENT, {"credit_code": SHOP}, "不含住宿服务", "does not include lodging", "治安管理部门"),
]


@pytest.mark.parametrize(("code", "who", "answers", "why_zh", "why_en", "where_zh"), REFUSED)
def test_the_centre_refuses_on_the_review_before_anything_is_signed_paid_or_submitted(
        qtbot: QtBot, linked: tuple[Shell, KioskCore], code: str, who: str, answers: dict[str, str],
        why_zh: str, why_en: str, where_zh: str) -> None:
    shell, core = linked
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    at_review(shell, code, who, {"phone": "13800138000", **answers})
    qtbot.waitUntil(lambda: "申请未提交" in check_text(shell), timeout=20_000)
    text = check_text(shell)
    assert why_zh in text and where_zh in text, text
    # nothing to sign and no way on: only 修改 (a mistyped number is put right there) or home
    assert not visible(shell, "review_confirm")
    assert not visible(shell, "review_signature_pad")
    confirm = find(shell, "review_confirm")
    assert isinstance(confirm, QPushButton)
    confirm.click()  # even a click that reached the hidden button does nothing
    assert shell.current.name == "review"
    shell.toggle_language()
    assert why_en in check_text(shell), check_text(shell)
    assert "Nothing was submitted" in check_text(shell)
    session = shell.workflow.session  # type: ignore[union-attr]
    assert session.case_numbers == [] and session.payments == [] and "signature.png" not in session.attachments
    assert core.store is not None and core.store.outbox.depth() == 0
    assert terminal.ledger() == []


def test_centre_unreachable_says_so_and_try_again_lets_the_citizen_on(
        qtbot: QtBot, settings: Settings, server: LocalServer) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        at_review(shell, "ZA-0201", RESIDENT, {"phone": "13800138000", "mail_address": "北京市朝阳区示例路1号"})
        qtbot.waitUntil(lambda: "暂时无法连接" in check_text(shell), timeout=20_000)  # not linked: offline
        assert not visible(shell, "review_confirm") and visible(shell, "review_check_retry")
        core.server.link(server.url, server.kiosk_id, server.secret)
        tap(qtbot, shell, "review_check_retry")
        qtbot.waitUntil(lambda: visible(shell, "review_confirm"), timeout=20_000)
        assert not visible(shell, "review_check_retry")


def sign(qtbot: QtBot, shell: Shell) -> None:
    pad = find(shell, "review_signature_pad")
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(40, 400, 20):
        qtbot.mouseMove(pad, QPoint(x, 60 + (x % 60)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, 80))


ADDRESS = {"mail_address": "北京市朝阳区示例路8号院1号楼201室"}
ACCEPTED = [  # item, who, answers, status staff set, what the done screen says, the case's note
    ("HZ-0401", NEWCOMER, {"residence_address": "北京市朝阳区示例路8号院", "residence_since": "2025-03-01",
                           "residence_basis": "housing", "card_delivery": "dispenser", "phone": NO_PHONE},
     "ready_for_pickup", "到本机刷身份证、刷脸领取", "号槽位"),
    ("HZ-0103", RESIDENT, {"card_delivery": "mail", **ADDRESS, "phone": "13800138000"},
     "mailed", "免费邮寄到您填写的地址，请注意查收短信", "免费邮寄"),
    ("ZA-0201", RESIDENT, {"education": "senior", **ADDRESS, "phone": "13800138000"},
     "mailed", "免费邮寄到您填写的地址，请注意查收短信", "免费邮寄"),
    ("HZ-0201", RESIDENT, {"child_name": "测试小甲", "child_gender": "female", "child_birth_date": born_days_ago(10),
                           "birth_certificate_number": BIRTH_OK, "register_with": "mother", **ADDRESS,
                           "phone": NO_PHONE},
     "mailed", "您未留手机号码，不发送短信：制证完成后免费邮寄到您填写的地址", "免费邮寄"),
    ("ZA-0301", RESIDENT, {"hotel_name": "示例快捷酒店（朝阳店）", "credit_code": HOTEL_OK,
                           "hotel_address": "北京市朝阳区示例路20号", "rooms": "40", **ADDRESS, "phone": "13800138000"},
     "mailed", "免费邮寄到您填写的地址，请注意查收短信", "免费邮寄"),
]


@pytest.mark.parametrize(("code", "who", "answers", "status", "done_says", "case_says"), ACCEPTED)
def test_an_application_the_centre_accepts_is_recorded_with_its_delivery(
        qtbot: QtBot, linked: tuple[Shell, KioskCore], server: LocalServer, code: str, who: str,
        answers: dict[str, str], status: str, done_says: str, case_says: str) -> None:
    shell, core = linked
    terminal = simulated(core, DeviceKind.PAYMENT_TERMINAL, SimulatedPaymentTerminal)
    at_review(shell, code, who, answers)
    qtbot.waitUntil(lambda: visible(shell, "review_confirm"), timeout=20_000)
    assert not check_text(shell)  # passed: nothing in the way
    if visible(shell, "review_signature_pad"):
        sign(qtbot, shell)
    tap(qtbot, shell, "review_confirm")
    if shell.current.name == "pay":  # HZ-0103: 10 yuan, after the centre's yes
        qtbot.waitUntil(lambda: visible(shell, "pay_method_card"), timeout=20_000)
        tap(qtbot, shell, "pay_method_card")
        qtbot.waitUntil(lambda: shell.current.name != "pay", timeout=30_000)
        assert [s.amount_fen for s in terminal.ledger()] == [1000]
    session = shell.workflow.session  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bool(session.case_numbers), timeout=20_000)
    number = session.case_numbers[0]
    qtbot.waitUntil(lambda: shell.current.name in ("receipt", "done"), timeout=20_000)
    if shell.current.name == "receipt":
        qtbot.waitUntil(lambda: visible(shell, "receipt_next"), timeout=20_000)
        tap(qtbot, shell, "receipt_next")
    qtbot.waitUntil(lambda: shell.current.name == "done", timeout=20_000)
    body = find(shell, "done_body").text()
    assert done_says in body, body
    assert "窗口领取" not in body
    qtbot.waitUntil(lambda: core.store is not None and core.store.outbox.depth() == 0, timeout=20_000)

    bearer = {"Authorization": f"Bearer {server.operator_token}"}
    moved = requests.post(f"{server.url}/api/v1/cases/{number}/status", json={"status": status},
                          headers=bearer, timeout=10)
    assert moved.status_code == 200, moved.text
    notes = " ".join(h["note"]["zh"] for h in moved.json()["history"])
    assert case_says in notes, notes
    if answers.get("card_delivery") == "dispenser":
        # the finished card waits in this kiosk's dispenser for its holder (HZ-0601 自助取证)
        client = shell.services.server()
        assert client is not None
        _status, found = client.request("POST", "/api/v1/collect/lookup", endpoint="collect/lookup",
                                        json_body={"id_number": who, "verification": "match"})
        assert found["kind"] == "residence_permit" and found["title"]["zh"] == "居住证"
