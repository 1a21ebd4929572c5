"""The shipped 亲属关系证明 (ZM-0301) and 单位查询犯罪记录 (ZM-0102) items at their issue step in
the citizen's shell, against the real local server (demo register) and the kiosk's IPP simulator:
what the citizen reads when the register cannot show the relation, and the organisation's
letter delivered as a QR with nothing printed. The identify step is tested elsewhere; here the
session holds what it leaves behind (a face match for an ID number) and the form's answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from pytestqt.qtbot import QtBot

from devices.document_printer.simulator import SimulatedDocumentPrinter
from devices.spec import DeviceKind
from kiosk.catalog import StepKind
from kiosk.config import Settings
from kiosk.identity import MATCH
from tests.ui.helpers import find, running_kiosk, simulated
from ui.shell import Shell

launcher = pytest.importorskip("server.launcher")

KIOSK = "hall-1-kiosk-01"
CITIZEN = "110105199003071239"  # 测试甲, 户主 in the demo register
MOTHER = "110105196202101249"  # 测试丁, heads a household of her own
HUAWEI = "914403001922038216"  # a published 统一社会信用代码


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    srv = launcher.start_local_server(tmp_path_factory.mktemp("server"), KIOSK)
    yield srv
    srv.stop()


def at_issue_step(shell: Shell, code: str, answers: dict[str, str]) -> None:
    shell.start_session()
    shell.start_workflow([shell.catalog.item(code)])
    flow = shell.workflow
    assert flow is not None
    flow.session.verification, flow.session.verified_id_number = MATCH, CITIZEN
    flow.session.answers.update(answers)
    kinds = [s.kind for s in flow.steps]
    assert kinds.index(StepKind.ISSUE) == kinds.index(StepKind.FORM) + 1
    flow.index = kinds.index(StepKind.ISSUE)  # the form was answered (session.answers)
    shell.show_step()


def test_relation_not_in_the_register_tells_where_and_why_in_zh_and_en(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        at_issue_step(shell, "ZM-0301", {"relative_id_number": MOTHER, "relationship": "parent",
                                         "relation_certificate_purpose": "inheritance"})
        assert shell.current.name == "issue"
        qtbot.waitUntil(lambda: find(shell, "issue_next").isVisible(), timeout=60_000)
        assert find(shell, "issue_title").text() == "请到窗口办理"
        body = find(shell, "issue_body").text()
        assert "户籍登记资料不能证明" in body and "户口所在地派出所户籍窗口" in body and "未出具" in body
        assert not find(shell, "issue_reprint").isVisible()  # not "try again": the answer stands
        shell.toggle_language()
        assert "cannot show this relationship" in find(shell, "issue_body").text()
        assert printer.hardware.documents() == []


def test_organisations_letter_is_a_qr_to_scan_nothing_printed(
        qtbot: QtBot, settings: Settings, server: object) -> None:
    with running_kiosk(qtbot, settings) as (shell, core):
        qtbot.waitUntil(lambda: core.hardware.manager is not None, timeout=20_000)
        core.server.link(server.url, KIOSK, server.secret)  # type: ignore[attr-defined]
        printer = simulated(core, DeviceKind.DOCUMENT_PRINTER, SimulatedDocumentPrinter)
        at_issue_step(shell, "ZM-0102", {"org_name": "示例学校", "org_credit_code": HUAWEI,
                                         "check_sector": "education", "person_name": "测试甲",
                                         "person_id_number": CITIZEN})
        qtbot.waitUntil(lambda: find(shell, "issue_next").isVisible(), timeout=60_000)
        assert find(shell, "issue_title").text() == "请扫码下载查询告知函"
        assert "本机不打印" in find(shell, "issue_body").text()
        assert find(shell, "issue_ecopy_qr").isVisible() and "查询告知函" in find(shell, "issue_ecopy_text").text()
        code = find(shell, "issue_code").text().split("：")[-1].strip()
        assert printer.hardware.documents() == []
    answer = requests.get(f"{server.url}/verify/{code}", timeout=10).json()  # type: ignore[attr-defined]
    assert answer["genuine"] is True and answer["document"]["title"] == "犯罪记录查询告知函"
