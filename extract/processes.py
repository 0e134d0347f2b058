"""Child processes that do not outlive dckg: build workers and the oxigraph server end with their parent,
even when the parent is killed with SIGKILL, which runs no clean-up of its own.

On Linux the kernel delivers a signal to a child when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere
this is a no-op and children end when they next find their pipe closed.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import sys
import tempfile
from pathlib import Path

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to send SIGTERM to this process when its parent dies (call it in the child)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temporary_folder(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder named with this process's id; folders of the same prefix left by dead processes
    (killed before they could remove them) are removed first."""
    root = Path(tempfile.gettempdir())
    stale = re.compile(rf"^{re.escape(prefix)}(?P<pid>[0-9]+)-")
    with contextlib.suppress(OSError):
        for entry in root.iterdir():
            m = stale.match(entry.name)
            if m and entry.is_dir() and not alive(int(m.group("pid"))):
                shutil.rmtree(entry, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-")
