"""A small headless-Chromium driver for checking pages, with no dependencies.

It speaks the DevTools protocol over ``--remote-debugging-pipe`` (JSON
messages separated by NUL bytes on file descriptors 3 and 4), so it needs
neither a websocket client nor a free port.  The browser runs offline: every
host name resolves to nothing, no proxy is used, and the page's network is
switched off through the protocol as well — while every request the page
*tries* is still logged, so a test can say "nothing was fetched".

Used by ``tests/test_browser.py`` and ``bench/viz.py``; the flags are the ones
TOOLCHAIN.md lists.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-proxy-server",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


class BrowserError(Exception):
    """The browser could not be started or stopped answering; one line."""


def find_chromium() -> str | None:
    """The Chromium to use: $GOVKG_CHROMIUM, else the first one on PATH."""
    chosen = os.environ.get("GOVKG_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() or shutil.which(chosen) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageRun:
    """What happened while a page was open."""

    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages
    exceptions: list[str] = field(default_factory=list)  # uncaught JavaScript errors
    console_errors: list[str] = field(default_factory=list)  # console.error and browser errors (CSP …)


class Chromium:
    """One headless browser with one page (tab), driven over the DevTools pipe."""

    def __init__(self, executable: str | None = None, width: int = 1400, height: int = 900) -> None:
        exe = executable or find_chromium()
        if not exe:
            raise BrowserError("no Chromium found (install Debian's chromium, or set GOVKG_CHROMIUM)")
        self._profile = tempfile.mkdtemp(prefix="govkg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        fds = (to_child_r, from_child_w)

        def plumb() -> None:  # in the child, before exec: the pipe ends become fds 3 and 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in fds]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        command = [exe, *FLAGS, f"--user-data-dir={self._profile}", f"--window-size={width},{height}"]
        try:
            # preexec_fn is unsafe in threaded parents; the callers (tests, bench) are
            # single-threaded and the pipe ends must become exactly fds 3 and 4.
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=False,  # Python's own fds are close-on-exec (PEP 446); 3 and 4 are not
                preexec_fn=plumb,  # noqa: PLW1509
            )
        except OSError as exc:
            raise BrowserError(f"cannot start {exe}: {exc.strerror or exc}") from exc
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.session: str | None = None
        self.run = PageRun()
        self.width, self.height = width, height
        self._open_page()

    # -- protocol ----------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            os.write(self._to_child, data)
        except OSError as exc:
            raise BrowserError(f"browser went away ({exc.strerror})") from exc
        return self._next_id

    def _read(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise BrowserError("browser closed the DevTools pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def call(
        self, method: str, params: dict[str, Any] | None = None, timeout: float = 30, session: bool = True
    ) -> dict[str, Any]:
        """Send one command and wait for its answer, recording events meanwhile."""
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(max(0.0, deadline - time.monotonic()))
            if message is None:
                raise BrowserError(f"{method}: no answer within {timeout:.0f} s")
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self._event(message)

    def pump(self, seconds: float) -> None:
        """Handle events for ``seconds``."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            message = self._read(left)
            if message is None:
                return
            if "method" in message:
                self._event(message)

    def _event(self, message: dict[str, Any]) -> None:
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.run.requests.append(params["request"]["url"])
        elif method == "Page.javascriptDialogOpening":
            self.run.dialogs.append(params.get("message", ""))
            self._send("Page.handleJavaScriptDialog", {"accept": False})
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.run.exceptions.append(str(text).splitlines()[0] if text else "exception")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = [str(a.get("value", a.get("description", ""))) for a in params.get("args", [])]
            self.run.console_errors.append(" ".join(args))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.run.console_errors.append(params["entry"].get("text", ""))

    def _open_page(self) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False},
        )

    # -- page ------------------------------------------------------------------------

    def open(self, path: str | Path) -> None:
        """Navigate to a local file and forget what earlier pages did."""
        self.run = PageRun()
        self.call("Page.navigate", {"url": Path(path).resolve().as_uri()})

    def evaluate(self, expression: str, timeout: float = 30) -> Any:
        """The value of a JavaScript expression (JSON-able), awaiting promises."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            timeout=timeout,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "error")
            raise BrowserError(f"evaluate: {str(text).splitlines()[0]}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 60, interval: float = 0.1) -> float:
        """Seconds until ``expression`` is truthy; BrowserError when it never is."""
        started = time.monotonic()
        while True:
            if self.evaluate(expression):
                return time.monotonic() - started
            if time.monotonic() - started > timeout:
                raise BrowserError(f"timed out after {timeout:.0f} s waiting for {expression}")
            self.pump(interval)

    def fonts_for(self, selector: str) -> list[str]:
        """The platform fonts Chromium used to draw the text of the first
        element matching ``selector`` (to tell real glyphs from missing ones)."""
        self.call("DOM.enable")
        self.call("CSS.enable")
        root = self.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.call("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            raise BrowserError(f"no element matches {selector}")
        fonts = self.call("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return [f["familyName"] for f in fonts]

    def screenshot(self, path: str | Path) -> Path:
        data = self.call("Page.captureScreenshot", {"format": "png"}, timeout=60)["data"]
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(base64.b64decode(data))
        return out

    def mouse_move(self, x: float, y: float) -> None:
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}
            )

    # -- lifetime ----------------------------------------------------------------------

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self._send("Browser.close", session=False)
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=10)
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
