"""The staff console in a real browser (Debian chromium, headless, driven over W3C WebDriver by
tests/server/webdriver.py) against a real uvicorn: a kiosk's help call (the kiosk's own signed
HTTP client) appears in the open console within 3 s without a reload (server-sent events);
staff acknowledge it and the kiosk's watch (kiosk/helpcall.py) sees it; a case is searched,
moved along with a reason, and its history shows it. Screenshots (zh and en, desktop and tablet)
go to out/console/ (KIOSK_CONSOLE_SHOTS to change) for a person to look at.

Skipped only when chromium is missing and this is not CI; on CI (``CI`` set, or
KIOSK_REQUIRE_BROWSER as .ci/run sets it) it must run."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.helpcall import CallState, HelpCallWatch
from kiosk.sync.client import ServerClient
from tests.server import webdriver
from tests.server.conftest import KIOSK, OPERATOR, LiveServer
from tests.server.webdriver import Browser

REPO = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("KIOSK_CONSOLE_SHOTS", REPO / "out" / "console"))
WITHIN_S = 3.0
HALL = {"zh": "示例市公安局政务服务大厅", "en": "Example City Police Service Hall"}

if not webdriver.available() and not (os.environ.get("CI") or os.environ.get("KIOSK_REQUIRE_BROWSER")):
    pytest.skip("chromium / chromedriver not installed (run.sh installs them; CI must have them)",
                allow_module_level=True)


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """One database is enough here: the SQL is covered by test_operator.py on both."""
    return sqlite_url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with Browser(1280, 1000) as b:
        yield b


@pytest.fixture
def client(live: tuple[LiveServer, str]) -> Iterator[ServerClient]:
    server, secret = live
    c = ServerClient(server.url, KIOSK, secret, timeout=(5.0, 10.0))
    yield c
    c.close()


def sign_in(b: Browser, url: str) -> None:
    b.go(f"{url}/login")
    b.type(b.find("input[name=token]"), OPERATOR)
    b.click(b.find("button.primary"))
    # The script opened the event stream: the page says it is live.
    deadline = time.monotonic() + 15
    while "实时更新中" not in b.text_of("#live"):
        assert time.monotonic() < deadline, "the console never went live"
        time.sleep(0.05)


def heartbeat(client: ServerClient) -> None:
    client.heartbeat({"kiosk_id": KIOSK, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                      "versions": {"kiosk": "test"},
                      "devices": {"printer": {"usable": False, "summary": "paper out"},
                                  "card_reader": {"usable": True, "summary": "ok"}},
                      "outbox": {"depth": 0, "oldest_age_s": 0.0, "parked": 0},
                      "hall": HALL, "paused": ["HZ-0101"]})


def test_a_help_call_reaches_the_console_live_and_the_kiosk_hears_back(
    live: tuple[LiveServer, str], client: ServerClient, browser: Browser
) -> None:
    server, _secret = live
    heartbeat(client)
    sign_in(browser, server.url)
    assert "当前没有求助呼叫" in browser.page_text()

    posted = time.monotonic()
    call_id = client.help_call("identify", "zh_CN")
    browser.wait_for(f"[data-call='{call_id}']", timeout=10)
    seen_after = time.monotonic() - posted
    print(f"help call visible in the console {seen_after:.2f} s after the kiosk posted it")
    assert seen_after < WITHIN_S
    text = browser.text_of(f"[data-call='{call_id}']")
    assert KIOSK in text and "示例市公安局政务服务大厅" in text and "身份核验" in text and "新呼叫" in text
    assert browser.title.startswith("(1) ")  # the tab says a call waits, even when in the background
    # How long the citizen has waited keeps counting on screen between events.
    waited = browser.text_of(f"[data-call='{call_id}'] [data-since]")
    time.sleep(1.6)
    assert browser.text_of(f"[data-call='{call_id}'] [data-since]") != waited
    browser.screenshot(SHOTS / "calls-zh-desktop.png")

    acknowledged = threading.Event()
    watch = HelpCallWatch(call_id, client.help_call_state, acknowledged.set, poll_s=0.2).start()
    browser.click_on(f"[data-call='{call_id}'] button.primary")
    assert acknowledged.wait(10), "the kiosk never heard that staff are coming"
    assert watch.state is CallState.ACKNOWLEDGED
    assert "已认领，正在赶去" in browser.text_of(f"[data-call='{call_id}'].acked")

    browser.click(browser.find("header button[lang=en]"))
    browser.wait_for("html[lang=en]")
    assert "Identity check" in browser.text_of(f"[data-call='{call_id}']")
    assert "Receipt printer not working: paper out" in browser.page_text()
    browser.screenshot(SHOTS / "calls-en-desktop.png")
    browser.size(800, 1280)  # a tablet, portrait
    browser.screenshot(SHOTS / "calls-en-tablet.png")
    browser.click(browser.find("header button[lang=zh]"))
    browser.wait_for("html[lang=zh-CN]")
    browser.wait_for(f"[data-call='{call_id}']")
    browser.screenshot(SHOTS / "calls-zh-tablet.png")


def test_a_case_is_found_moved_with_a_reason_and_its_history_shows_it(
    live: tuple[LiveServer, str], client: ServerClient, browser: Browser
) -> None:
    server, _secret = live
    heartbeat(client)
    sign_in(browser, server.url)
    browser.click(browser.find("nav a[href='/cases']"))
    browser.wait_for("#case-search")
    browser.type(browser.find("input[name=q]"), "20261115-0003")
    browser.click(browser.find("#case-search button"))
    # the unfiltered list shows the case too: wait for the search's own page before clicking
    # (a loaded machine clicked the old page's link as it was replaced: stale element)
    browser.wait_for_url("q=20261115-0003")
    browser.click_on("#cases a[href='/cases/K01-20261115-0003']")
    browser.wait_for_url("/cases/K01-20261115-0003")
    browser.click(browser.find("#move-case select option[value=need_materials]"))
    browser.type(browser.find("#move-case input[name=reason]"), "照片不合格，请重新拍照")
    browser.click(browser.find("#move-case button"))
    browser.wait_for("p.ok")
    assert "状态已变更为“待补材料”" in browser.page_text()
    assert "待补材料" in browser.text(browser.find("#case-status"))
    history = browser.text(browser.find("#history"))
    assert "需要补充材料（原因：照片不合格，请重新拍照）" in history
    browser.screenshot(SHOTS / "case-zh-desktop.png")
    browser.size(800, 1280)
    browser.screenshot(SHOTS / "case-zh-tablet.png")
    browser.click(browser.find("header button[lang=en]"))
    browser.wait_for("html[lang=en]")
    assert "More documents are needed (reason: 照片不合格，请重新拍照)" in browser.text(browser.find("#history"))
    browser.screenshot(SHOTS / "case-en-tablet.png")
    browser.click(browser.find("nav a[href='/cases']"))
    browser.click(browser.find("#case-search select[name=status] option[value=need_materials]"))
    browser.click(browser.find("#case-search button"))
    browser.wait_for("#case-search option[value=need_materials][selected]")
    assert "K01-20261115-0003" in browser.page_text() and "Documents needed" in browser.page_text()
    browser.size(1280, 1000)
    browser.screenshot(SHOTS / "cases-en-desktop.png")
