"""One message catalog (docs/i18n.md): every interface text is in assets/translations/kiosk_zh_CN.ts
once, screens and Qt-free code read it from there, and what the citizen reads on screen and on
paper is the catalog's Chinese."""

from __future__ import annotations

import ast
import logging
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from devices.printer.receipt import Receipt
from kiosk.catalog import default_catalog_dir, load_catalog
from kiosk.guide_print import fill_guide
from kiosk.messages import CATALOG, fill, translate
from kiosk.receipts import Place, fill_acceptance
from kiosk.session import Session

REPO = Path(__file__).resolve().parents[2]
# The kiosk's code. (app/ is the composition root and tools: its screenshot tour sets sample
# answers of the centre, which are content in both languages, not messages.)
CODE = sorted([*REPO.glob("kiosk/**/*.py"), *REPO.glob("ui/**/*.py")])
# Where a text in both languages may be written as a dict: the catalog reader builds them, and the
# site settings' defaults are the hall's own name and counter (content the operator configures).
ALLOWED = {REPO / "kiosk" / "messages.py", REPO / "kiosk" / "config.py"}


def _is_text(node: ast.expr | None) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def bilingual_literals(path: Path) -> list[str]:
    """`{"zh": "…", "en": "…"}` written in code: a message kept outside the catalog."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            texts = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                     if isinstance(k, ast.Constant) and k.value in ("zh", "en")}
            if len(texts) == 2 and all(_is_text(v) for v in texts.values()):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def translate_calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "translate"]


def catalog_xml() -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(CATALOG).getroot()
    return {(c.findtext("name") or "", m.findtext("source") or ""): m
            for c in root.iter("context") for m in c.iter("message")}


def test_no_message_is_written_in_code_in_both_languages() -> None:
    found = [where for path in CODE if path not in ALLOWED for where in bilingual_literals(path)]
    assert found == [], "move these texts into the catalog (docs/i18n.md): " + ", ".join(found)


def test_every_marked_message_is_a_literal_the_extractor_can_read() -> None:
    # lupdate takes an f-string's text with its {braces} as the source: the lookup would never match.
    bad = [f"{path.relative_to(REPO)}:{call.lineno}" for path in CODE for call in translate_calls(path)
           if len(call.args) != 2 or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                             for a in call.args)]
    assert bad == []


def test_every_kiosk_message_reads_the_chinese_the_catalog_file_holds() -> None:
    xml = catalog_xml()
    calls = [(c.args[0].value, c.args[1].value) for path in CODE for c in translate_calls(path)  # type: ignore[attr-defined]
             if len(c.args) == 2]
    assert len(calls) > 100  # the controllers, receipts, guide slip, queries and device names
    for context, source in calls:
        entry = xml.get((context, source))
        assert entry is not None, f"not in the catalog: {context}: {source!r}"
        translation = entry.find("translation")
        assert translation is not None and not translation.get("type"), f"unfinished: {source!r}"
        assert translate(context, source) == {"zh": translation.text, "en": source}


def test_a_text_missing_from_the_catalog_shows_in_english_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.messages"):
        message = translate("Nowhere", "A text nobody extracted")
    assert message == {"zh": "A text nobody extracted", "en": "A text nobody extracted"}
    assert "update.sh" in caplog.text


def test_filling_a_message_gives_each_language_its_own_words() -> None:
    paused = fill(translate("Hardware", "The {device} is not working; services that need it are paused, "
                                        "everything else works."),
                  device=translate("Hardware", "printer"))
    assert paused == {"zh": "打印机暂不可用，需要它的业务暂停办理，其他业务照常。",
                      "en": "The printer is not working; services that need it are paused, everything else works."}


def _printed(receipt: Receipt) -> list[str]:
    return [getattr(i, "text", "") for i in receipt.items if getattr(i, "text", "")]


def test_the_acceptance_receipt_prints_the_chinese_of_the_official_receipt() -> None:
    """Wording and full-width punctuation as the receipt printed before the catalog existed."""
    item = load_catalog(default_catalog_dir()).item("ZA-0101")
    session = Session(language="zh_CN", case_numbers=["K01-20261124-0001"], deferred=["户口簿"],
                      payments=[{"order_id": "O1", "method": "card", "amount_fen": 2000, "reference": "R1"}])
    receipt = Receipt(paper_mm=80)
    fill_acceptance(receipt, session, [item], Place("demo-kiosk-01", "示例市公安局政务服务大厅", "一楼窗口"),
                    datetime(2026, 11, 24, 10, 30))
    lines = _printed(receipt)
    assert lines[0] == "受理回执"
    assert "办理事项：遗失物品登记（ZA-0101）" in lines
    assert "领取方式：当场办结" in lines
    assert "需后补材料：" in lines
    assert any(line.startswith("支付方式") and line.endswith("银行卡") for line in lines)
    assert "受理地点：示例市公安局政务服务大厅（demo-kiosk-01）" in lines
    assert lines[-2:] == ["扫码或凭受理编号查询办理进度", "欢迎对本次服务进行评价（好差评）"]


def test_the_guide_slip_prints_the_chinese_one_time_notice() -> None:
    item = load_catalog(default_catalog_dir()).item("ZA-0101")
    receipt = Receipt(paper_mm=80)
    fill_guide(receipt, item, "zh_CN", "示例市公安局政务服务大厅", datetime(2026, 11, 24, 10, 30))
    lines = _printed(receipt)
    assert lines[0] == "一次性告知单"
    for heading in ("办理条件", "申请对象", "所需材料", "收费标准", "办理时限", "设定依据"):
        assert heading in lines
    assert "· 免费" in lines and "· 无" in lines  # no fee, nothing to bring
    assert "办理地点：派出所户政/治安综合窗口" in lines
    assert f"· 跑动次数：{item.guide.visits}次" in lines
    assert lines[-1] == "打印时间：2026-11-24 10:30"
