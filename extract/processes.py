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
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to send SIGTERM to this process when its parent dies (call it in the child).

    A parent that died before the request took effect (killed while the child was starting) sends
    nothing: the child then finds itself adopted and ends at once. ``parent``: the parent's pid (default:
    the multiprocessing parent's, for pool workers)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):  # a child ends on them, quietly, not as dckg does
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signum, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent is None:
        import multiprocessing

        process = multiprocessing.parent_process()
        parent = process.pid if process is not None else None
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def stop_workers(pool: Any) -> None:
    """Shut a ProcessPoolExecutor down without waiting for the tasks it holds: queued ones are cancelled,
    running workers terminated (its ``__exit__`` would wait for every task of a ``map`` to finish)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, AttributeError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, AttributeError, ValueError):
            process.join(5)


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
