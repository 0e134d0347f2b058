"""What the benchmark measures with: timings as a Stat (median and range of several runs), ratios against a
floor, growth exponents, and whole processes (wall time, ``wait4`` rusage and the RSS of the process tree
sampled from /proc). Nothing here prints; ``bench/present.py`` turns these numbers into text."""

from __future__ import annotations

import contextlib
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DCKG = Path(PYTHON).parent / "dckg"
SAMPLE_S = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")


# -- statistics ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stat:
    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def lo(self) -> float:
        return min(self.values)

    @property
    def hi(self) -> float:
        return max(self.values)

    def as_dict(self) -> dict[str, Any]:
        return {"median": self.median, "min": self.lo, "max": self.hi, "runs": list(self.values)}


def stat(values: Sequence[float]) -> Stat:
    if not values:
        raise ValueError("no values")
    return Stat(tuple(values))


def ratios(values: Sequence[float], floors: Sequence[float]) -> Stat:
    """Run-by-run ratios when the runs are paired (interleaved), else against the floor's median."""
    if len(values) == len(floors):
        return stat([v / f for v, f in zip(values, floors, strict=True)])
    base = statistics.median(floors)
    return stat([v / base for v in values])


def repeat(fn: Callable[[], Any], runs: int, budget_s: float = math.inf) -> tuple[Stat, Any]:
    """Time ``fn`` up to ``runs`` times (at least once), stopping early once ``budget_s`` is spent."""
    times: list[float] = []
    result = None
    spent = 0.0
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
        if spent >= budget_s:
            break
    return stat(times), result



def exponent(n1: float, y1: float, n2: float, y2: float) -> float | None:
    """``b`` of ``y ~ N^b`` through two points; None when a point gives no logarithm."""
    if n1 <= 0 or n2 <= n1 or y1 <= 0 or y2 <= 0:
        return None
    return math.log(y2 / y1) / math.log(n2 / n1)


# -- processes: wall time, rusage, and the RSS of the whole tree ----------------------------------------------


def _ppid_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
    return children


def tree_pids(root: int) -> list[int]:
    children = _ppid_map()
    out, i = [root], 0
    while i < len(out):
        out.extend(children.get(out[i], ()))
        i += 1
    return out


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def kill_group(pgid: int) -> None:
    """SIGKILL the process group of a build this benchmark started (its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


class TreeSampler(threading.Thread):
    """Every ``interval`` s, the summed RSS of ``pid`` and its descendants; kills the group past a limit."""

    def __init__(self, pid: int, start: float, timeout: float | None, max_rss: float | None) -> None:
        super().__init__(daemon=True)
        self.pid, self.start_time, self.timeout, self.max_rss = pid, start, timeout, max_rss
        self.peak = 0
        self.samples = 0
        self.timed_out = False
        self.over_memory = False
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_S):
            total = sum(rss(p) for p in tree_pids(self.pid))
            if total == 0:  # exited between wait4 and stop()
                continue
            self.peak = max(self.peak, total)
            self.samples += 1
            if self.timeout is not None and time.perf_counter() - self.start_time > self.timeout:
                self.timed_out = True
                kill_group(self.pid)
                return
            if self.max_rss is not None and total > self.max_rss:
                self.over_memory = True
                kill_group(self.pid)
                return

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


@dataclass(slots=True)
class ProcRun:
    seconds: float
    started_at: float  # time.time() when the process was started
    returncode: int
    max_rss: int  # bytes: the largest single process of the tree (wait4 rusage: the build and its reaped workers)
    tree_peak: int  # bytes: peak of the summed RSS of the tree, sampled (0 when not sampled)
    samples: int
    timed_out: bool = False
    over_memory: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out and not self.over_memory


def run_process(cmd: Sequence[str], *, sample: bool = False, timeout: float | None = None,
                max_rss: float | None = None) -> ProcRun:
    """Run ``cmd`` in its own session; wall time, wait4 rusage and (optionally) the sampled tree RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started_at = time.time()
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        sampler = TreeSampler(proc.pid, start, timeout, max_rss) if (sample or timeout or max_rss) else None
        if sampler:
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill_group(proc.pid)
            proc.wait()
            raise
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stop()
        if proc.returncode != 0:
            kill_group(proc.pid)  # workers left behind by a killed build
        out.seek(0)
        err.seek(0)
        return ProcRun(
            seconds=seconds,
            started_at=started_at,
            returncode=proc.returncode,
            max_rss=usage.ru_maxrss * 1024,
            tree_peak=sampler.peak if sampler else 0,
            samples=sampler.samples if sampler else 0,
            timed_out=bool(sampler and sampler.timed_out),
            over_memory=bool(sampler and sampler.over_memory),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def dckg(*args: str) -> list[str]:
    if DCKG.exists():
        return [str(DCKG), *args]
    return [PYTHON, "-m", "extract.cli", *args]


def check(run: ProcRun, what: str) -> ProcRun:
    if run.returncode != 0 and not (run.timed_out or run.over_memory):
        tail = "\n".join(run.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"{what} failed with exit {run.returncode}:\n{tail}")
    return run

