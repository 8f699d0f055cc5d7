"""A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
separated by NUL bytes on file descriptors 3 and 4), with nothing beyond the standard library.

`Browser.open` loads one page and returns what a person debugging it would look at: a screenshot, every
console error and warning, uncaught exceptions, errors the browser logged itself (a resource that failed
to load is one), and every URL the page requested.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    given = os.environ.get("CHROMIUM_BIN")
    if given:
        return given
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclasses.dataclass
class PageResult:
    url: str
    screenshot: bytes
    console_errors: list[str]
    console_warnings: list[str]
    exceptions: list[str]
    log_errors: list[str]
    requests: list[str]
    failed_loads: list[str]
    probe: dict

    def problems(self) -> list[str]:
        """Everything that makes the page not clean: console errors, exceptions, browser-logged errors."""
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"uncaught exception: {m}" for m in self.exceptions]
                + [f"browser error: {m}" for m in self.log_errors]
                + [f"failed load: {m}" for m in self.failed_loads])


class Browser:
    def __init__(self, binary: str, profile: Path, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds() -> None:  # runs in the child before exec: our pipe ends become its fds 3 and 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--remote-debugging-pipe", f"--user-data-dir={profile}",
                # Nothing may come from the network: any host name resolves to nothing.
                "--host-resolver-rules=MAP * ~NOTFOUND", "about:blank"]
        profile.mkdir(parents=True, exist_ok=True)
        self.log_path = profile / "chromium.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            preexec_fn=child_fds, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

    # ------------------------------------------------------------------ protocol

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_chrome], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def command(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        msg: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, session: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for e in self.events:
                if e.get("method") == method and e.get("sessionId") == session and not e.get("_seen"):
                    e["_seen"] = True
                    return e
            reply = self._read_message(deadline)
            if "method" in reply:
                self.events.append(reply)

    # ------------------------------------------------------------------ pages

    def open(self, url: str, width: int = 1200, height: int = 900, probe_js: str | None = None) -> PageResult:
        target = self.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.command("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Runtime", "Log", "Page", "Network"):
                self.command(f"{domain}.enable", session=session)
            self.command("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
            first = len(self.events)
            nav = self.command("Page.navigate", {"url": url}, session)
            if nav.get("errorText"):
                raise RuntimeError(f"navigating to {url}: {nav['errorText']}")
            self.wait_event("Page.loadEventFired", session)
            # Two animation frames: everything loaded has been laid out and painted.
            self.command("Runtime.evaluate", {"expression": "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))",
                                              "awaitPromise": True}, session)
            probe = {}
            if probe_js:
                got = self.command("Runtime.evaluate", {"expression": probe_js, "awaitPromise": True, "returnByValue": True},
                                   session)
                if "exceptionDetails" in got:
                    raise RuntimeError(f"probe failed: {got['exceptionDetails']}")
                probe = got["result"].get("value") or {}
            metrics = self.command("Page.getLayoutMetrics", session=session)
            content = metrics.get("cssContentSize") or metrics["contentSize"]
            shot = self.command("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": max(height, int(content["height"])), "scale": 1}}, session)
            screenshot = base64.b64decode(shot["data"])
            events = [e for e in self.events[first:] if e.get("sessionId") == session]
        finally:
            self.command("Target.closeTarget", {"targetId": target})

        def console_text(p: dict) -> str:
            return " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))

        by = lambda m: [e["params"] for e in events if e.get("method") == m]  # noqa: E731
        return PageResult(
            url=url,
            screenshot=screenshot,
            console_errors=[console_text(p) for p in by("Runtime.consoleAPICalled") if p["type"] in ("error", "assert")],
            console_warnings=[console_text(p) for p in by("Runtime.consoleAPICalled") if p["type"] == "warning"],
            exceptions=[p["exceptionDetails"].get("exception", {}).get("description") or p["exceptionDetails"].get("text", "")
                        for p in by("Runtime.exceptionThrown")],
            log_errors=[f"{p['entry'].get('text')} ({p['entry'].get('url', '')})" for p in by("Log.entryAdded")
                        if p["entry"].get("level") == "error"],
            requests=[p["request"]["url"] for p in by("Network.requestWillBeSent")],
            failed_loads=[f"{p.get('errorText')}" for p in by("Network.loadingFailed")],
            probe=probe,
        )

    def printed(self, url: str, width: int) -> tuple[bytes, dict]:
        """The page printed to PDF (its own @page size and print CSS), and how wide its print layout is in a
        viewport `width` CSS px wide: {"scrollWidth", "widestFigure"} (px)."""
        target = self.command("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.command("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.command("Page.enable", session=session)
            self.command("Emulation.setEmulatedMedia", {"media": "print"}, session)
            self.command("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session)
            self.command("Page.navigate", {"url": url}, session)
            self.wait_event("Page.loadEventFired", session)
            layout = self.command("Runtime.evaluate", {"returnByValue": True, "expression": """({
                scrollWidth: document.documentElement.scrollWidth,
                widestFigure: Math.max(0, ...[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().right))
            })"""}, session)["result"]["value"]
            pdf = base64.b64decode(self.command("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                                                session)["data"])
        finally:
            self.command("Target.closeTarget", {"targetId": target})
        return pdf, layout

    def close(self) -> None:
        try:
            self.command("Browser.close")
        except (EOFError, TimeoutError, OSError, RuntimeError):
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
