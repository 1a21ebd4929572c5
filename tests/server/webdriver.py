"""A small W3C WebDriver client (https://www.w3.org/TR/webdriver2/) over httpx, driving Debian's
chromium through Debian's chromedriver: the console is tested in a real browser without adding a
browser-automation dependency. Only the commands the console tests need."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

CHROMIUM = os.environ.get("KIOSK_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KIOSK_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C element reference key
# As root on this kind of machine (/work/.library/env/machines/python.md): no sandbox, and no
# background networking (the closed network refuses it, many connections at a time).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--lang=zh-CN"]


def available() -> bool:
    return Path(CHROMIUM).exists() and (Path(CHROMEDRIVER).exists() or shutil.which("chromedriver") is not None)


class WebDriverError(RuntimeError):
    pass


class Browser:
    def __init__(self, width: int = 1280, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="console-chromium-")  # a fresh profile every run
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.http.get("/status").json()["value"]["ready"]:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.driver.kill()
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.1)
        caps = {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": [*FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}"]}}
        self.session = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]
        # A find right after a click that loads a page waits for the new page's element (a busy
        # machine may not have started the navigation when the click returns).
        self.cmd("POST", "/timeouts", {"implicit": 10_000})

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        resp = self.http.request(method, path, json=body if body is not None else ({} if method == "POST" else None))
        value = resp.json().get("value")
        if resp.status_code >= 400:
            raise WebDriverError(f"{method} {path}: {value}")
        return value

    def cmd(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self._call(method, f"/session/{self.session}{path}", body)

    # -- navigation and elements -------------------------------------------------------------
    def go(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    @property
    def url(self) -> str:
        return str(self.cmd("GET", "/url"))

    @property
    def title(self) -> str:
        return str(self.cmd("GET", "/title"))

    def find_all(self, css: str, within: str | None = None) -> list[str]:
        path = f"/element/{within}/elements" if within else "/elements"
        return [e[ELEMENT] for e in self.cmd("POST", path, {"using": "css selector", "value": css})]

    def find(self, css: str, within: str | None = None) -> str:
        found = self.find_all(css, within)
        if not found:
            raise WebDriverError(f"no element {css}")
        return found[0]

    def wait_for(self, css: str, timeout: float = 10.0, poll: float = 0.02) -> str:
        deadline = time.monotonic() + timeout
        while True:
            found = self.find_all(css)
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise WebDriverError(f"{css} did not appear within {timeout} s")
            time.sleep(poll)

    def wait_for_url(self, part: str, timeout: float = 15.0, poll: float = 0.02) -> None:
        """Until the page at ``part`` is the one shown: an element found before that may belong
        to the page being left (and go stale under the click)."""
        deadline = time.monotonic() + timeout
        while part not in self.url:
            if time.monotonic() > deadline:
                raise WebDriverError(f"{part} not reached within {timeout} s (at {self.url})")
            time.sleep(poll)

    def text(self, element: str) -> str:
        return str(self.cmd("GET", f"/element/{element}/text"))

    def page_text(self) -> str:
        return self.text(self.find("body"))

    def click(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/click")

    def type(self, element: str, text: str) -> None:
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def clear(self, element: str) -> None:
        self.cmd("POST", f"/element/{element}/clear")

    # The live list is replaced when a call changes: look an element up again if it went stale.
    def _fresh(self, css: str, action: str) -> Any:
        for _attempt in range(5):
            try:
                element = self.wait_for(css, timeout=15)
                return self.click(element) if action == "click" else self.text(element)
            except WebDriverError as exc:
                if "stale element" not in str(exc):
                    raise
        raise WebDriverError(f"{css} kept going stale")

    def text_of(self, css: str) -> str:
        return str(self._fresh(css, "text"))

    def click_on(self, css: str) -> None:
        self._fresh(css, "click")

    def size(self, width: int, height: int) -> None:
        self.cmd("POST", "/window/rect", {"width": width, "height": height})

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(self.cmd("GET", "/screenshot")))

    def close(self) -> None:
        try:
            self.cmd("DELETE", "")
        except (WebDriverError, httpx.HTTPError):
            pass
        self.http.close()
        self.driver.terminate()
        try:
            self.driver.wait(10)
        except subprocess.TimeoutExpired:
            self.driver.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
