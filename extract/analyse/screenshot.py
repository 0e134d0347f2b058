"""A PNG of a whole local HTML page through headless Chromium, offline (for ``dckg report --png``).

Chromium's ``--screenshot`` flag captures the window only, so a long page was cut at the window's height.
Here Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: no port, no
network): load the page, wait for its fonts, measure its height, make the viewport that tall and capture
it. Nothing is fetched; the page is a ``file://`` URL.
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
from pathlib import Path

from ..errors import InputError
from ..files import write_atomic

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MAX_HEIGHT = 30000  # px: a taller page is cut there (Chromium's own limit on one capture is near 32,767)
_MEASURE = ("document.fonts.ready.then(() => Math.ceil(Math.max(document.documentElement.scrollHeight, "
            "document.body ? document.body.scrollHeight : 0)))")


def find_chromium() -> str | None:
    """A headless-capable Chromium: $DCKG_CHROMIUM, else the first of the usual names on PATH."""
    env = os.environ.get("DCKG_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    return next((p for p in (shutil.which(n) for n in CHROMIUM_NAMES) if p), None)


class _DevTools:
    """The DevTools protocol over Chromium's pipe: NUL-terminated JSON, commands on fd 3, replies on fd 4."""

    def __init__(self, send_fd: int, recv_fd: int, deadline: float) -> None:
        self.send_fd, self.recv_fd, self.deadline = send_fd, recv_fd, deadline
        self.buffer = b""
        self.events: list[dict] = []
        self.next_id = 0

    def _message(self) -> dict:
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.recv_fd], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(self.recv_fd, 1 << 20)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params: object) -> dict:
        self.next_id += 1
        msg: dict[str, object] = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.send_fd, json.dumps(msg).encode("utf-8") + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, event: str, session: str) -> None:
        while True:
            if any(e.get("method") == event and e.get("sessionId") == session for e in self.events):
                self.events = [e for e in self.events if e.get("method") != event]
                return
            self.events.append(self._message())


def _capture(tools: _DevTools, url: str, width: int, height: int) -> bytes:
    target = tools.call("Target.createTarget", url="about:blank")["targetId"]
    session = tools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    tools.call("Page.enable", session)
    tools.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1,
               mobile=False)
    tools.call("Page.navigate", session, url=url)
    tools.wait_for("Page.loadEventFired", session)
    full = height
    for _ in range(3):  # a taller viewport can reflow the page: measure until the height holds
        measured = tools.call("Runtime.evaluate", session, expression=_MEASURE, awaitPromise=True,
                              returnByValue=True)["result"]["value"]
        wanted = min(max(int(measured), height), MAX_HEIGHT)
        if wanted == full:
            break
        full = wanted
        tools.call("Emulation.setDeviceMetricsOverride", session, width=width, height=full, deviceScaleFactor=1,
                   mobile=False)
    shot = tools.call("Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
                      clip={"x": 0, "y": 0, "width": width, "height": full, "scale": 1})
    return base64.b64decode(shot["data"])


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 900, chromium: str | None = None,
               timeout: float = 90.0) -> Path:
    """Save a PNG of the whole page `html` at `width` CSS px, as tall as the page (at least `height`)."""
    exe = chromium or find_chromium()
    if not exe:
        raise InputError("chromium not found: install it (apt-get install chromium) or set DCKG_CHROMIUM")
    url = Path(html).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="dckg-chromium-") as profile:
        errors = Path(profile) / "stderr.txt"
        cmd_read, cmd_write = os.pipe()  # we write commands, Chromium reads them on its fd 3
        reply_read, reply_write = os.pipe()  # Chromium writes replies on its fd 4, we read them
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--mute-audio", "--disable-dev-shm-usage", "--force-device-scale-factor=1",
                f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"]
        # The child's ends must be its fds 3 and 4. They are moved above fd 9 first, so that neither can
        # stand on 3 or 4 when the other is put there; every other fd of ours is non-inheritable (PEP 446),
        # so close_fds=False hands Chromium just these two (subprocess would close 3 and 4 after preexec_fn).
        theirs = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (cmd_read, reply_write)]
        for fd in (cmd_read, reply_write):
            os.close(fd)

        def onto_3_and_4() -> None:  # in the child, before exec
            os.dup2(theirs[0], 3)
            os.dup2(theirs[1], 4)

        with errors.open("wb") as err:
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                    close_fds=False, preexec_fn=onto_3_and_4)
        for fd in theirs:
            os.close(fd)
        tools = _DevTools(cmd_write, reply_read, time.monotonic() + timeout)
        try:
            data = _capture(tools, url, width, height)
            with contextlib.suppress(OSError, EOFError, RuntimeError):
                tools.call("Browser.close")
        except TimeoutError:
            raise InputError(f"chromium took longer than {timeout:.0f} s to render {html}") from None
        except (OSError, EOFError, RuntimeError, KeyError, ValueError) as exc:
            tail = errors.read_text("utf-8", "replace").strip().splitlines()[-1:] or [str(exc) or "no output"]
            raise InputError(f"chromium wrote no screenshot ({type(exc).__name__}: {tail[0]})") from None
        finally:
            os.close(cmd_write)
            os.close(reply_read)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    write_atomic(Path(png), data)
    return Path(png)
