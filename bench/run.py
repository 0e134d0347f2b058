"""Speed, memory and quality benchmark of dckg: ``make bench`` (never run by ``make test``).

    .venv/bin/python bench/run.py                    # every figure, batches of 10, 100 and 1,000 plans
    .venv/bin/python bench/run.py --quick            # fewer runs, batches up to 100 plans
    .venv/bin/python bench/run.py --sizes 10,100 --only batch,formats

Every timing is given as the median and range (min–max) of several runs and as a ratio against a floor
measured in the same run, so that a noisy or slow machine still gives comparable numbers:

1. cold ``dckg build seeds --jobs 1`` as a whole process, against ``python -c "import <the third-party
   packages the build imports>; tokenizer()"`` (found with ``-X importtime``). Goal: ratio ≤ 1.5.
2. every named query on the seed graph, in process: the CLI's path (pyoxigraph, loading the file on each
   call), a preloaded pyoxigraph store, and rdflib; against a trivial query on the same path.
   Goal: every named query under 50 ms after the first call on the CLI's path.
3. batch builds of N generated plans (bench/plans.py) with ``--jobs 2``: wall time, the largest single
   process (``wait4`` rusage, as ``RUSAGE_CHILDREN`` of that one build) and the peak RSS of the whole
   process tree (sampled from /proc every 50 ms). Goals: 1,000 plans under 120 s, under 1.5 GB,
   memory above the floor growing less than linearly with N.
4. Turtle, JSON-LD and N-Triples writing and parsing at the size of the 100-plan batch graph, rdflib
   against pyoxigraph.
5. precision and recall of technology items against tests/data/gold (seed + the two test plans).
6. where the time goes: the real ``build()`` run in a fresh interpreter with timers around its stages.

Results go to bench/results.json (git-ignored). Exit status 0, or 1 with ``--strict`` when a goal fails.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import functools
import hashlib
import importlib
import importlib.util
import inspect
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/run.py`: make `extract` and `bench` importable
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
DCKG = Path(PYTHON).parent / "dckg"
SEEDS = ROOT / "seeds"
RESULTS = ROOT / "bench" / "results.json"
GOLD = ROOT / "tests" / "data" / "gold"
QUALITY_DOCS = ("seeds/*.txt", "tests/data/plans/*.txt")

COLD_RATIO_GOAL = 1.5
QUERY_GOAL_S = 0.050
BATCH_GOAL_N = 1000
BATCH_GOAL_S = 120.0
MEMORY_GOAL_B = 1.5e9
GROWTH_GOAL = 0.9  # memory ~ N**b above the floor; "less than linear" with a margin for noise
FORMATS_N = 100
SAMPLE_S = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
FIGURES = ("cold", "queries", "batch", "formats", "quality", "stages")


# -- statistics and formatting ----------------------------------------------------------------------------------


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


def _time_unit(seconds: float) -> tuple[float, str]:
    if seconds >= 1:
        return 1.0, "s"
    if seconds >= 1e-3:
        return 1e3, "ms"
    return 1e6, "µs"


def _num(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"


def ft(seconds: float) -> str:
    scale, unit = _time_unit(seconds)
    return f"{_num(seconds * scale)} {unit}"


def fts(s: Stat) -> str:
    """'2.98 s (2.95–3.05)': median and range in the median's unit."""
    scale, unit = _time_unit(s.median)
    if len(s.values) == 1:
        return f"{_num(s.median * scale)} {unit}"
    return f"{_num(s.median * scale)} {unit} ({_num(s.lo * scale)}–{_num(s.hi * scale)})"


def fb(n: float) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def fbs(s: Stat) -> str:
    if len(s.values) == 1:
        return fb(s.median)
    return f"{fb(s.median)} ({fb(s.lo).split()[0]}–{fb(s.hi)})"


def fr(s: Stat) -> str:
    if len(s.values) == 1:
        return f"×{s.median:.2f}"
    return f"×{s.median:.2f} ({s.lo:.2f}–{s.hi:.2f})"


def verdict(ok: bool | None) -> str:
    return "PASS" if ok else ("n/a" if ok is None else "FAIL")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(row, widths, strict=True)]
        lines.append(indent + "  ".join(cells).rstrip())
    lines.insert(1, indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def heading(title: str) -> None:
    print(f"\n{title}", flush=True)


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


# -- goals --------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Goal:
    figure: str
    goal: str
    value: str
    ok: bool | None
    note: str = ""


@dataclass(slots=True)
class Bench:
    args: argparse.Namespace
    tmp: Path
    results: dict[str, Any] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)
    seed_ttl: Path | None = None
    floor_rss: int | None = None
    floor_code: str | None = None
    batch_outputs: dict[int, Path] = field(default_factory=dict)
    plan_dirs: dict[int, Path] = field(default_factory=dict)

    def goal(self, figure: str, goal: str, value: str, ok: bool | None, note: str = "") -> None:
        self.goals.append(Goal(figure, goal, value, ok, note))
        print(f"  goal: {goal}: {value} → {verdict(ok)}" + (f" ({note})" if note else ""), flush=True)

    def plans(self, n: int) -> Path:
        """A folder with plans 1…n (plans are deterministic, so a larger folder's first n would do too)."""
        if n not in self.plan_dirs:
            from bench.plans import write_plans

            folder = self.tmp / f"plans-{n}"
            start = time.perf_counter()
            write_plans(folder, n)
            say(f"  wrote {n} plans in {ft(time.perf_counter() - start)}")
            self.plan_dirs[n] = folder
        return self.plan_dirs[n]


# -- (1) cold build -------------------------------------------------------------------------------------------------


def third_party_imports(out_dir: Path) -> list[str]:
    """Top-level third-party packages a cold ``dckg build`` really imports (``python -X importtime``)."""
    cmd = [PYTHON, "-X", "importtime", "-m", "extract.cli", "build", "seeds", "--out", str(out_dir), "--quiet",
           "--jobs", "1"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"importtime build failed: {done.stderr.strip().splitlines()[-1:]}")
    tops = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and " " not in name:
                tops.add(name.split(".")[0])
    site = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    found = []
    for top in sorted(tops):
        if top.startswith("_") or top == "extract":
            continue
        spec = importlib.util.find_spec(top)
        if spec is None:
            continue
        origin = spec.origin if spec.origin not in (None, "namespace") else next(
            iter(spec.submodule_search_locations or []), None)
        if origin and any(Path(origin).resolve().is_relative_to(s) for s in site):
            found.append(top)
    return found


def fig_cold(b: Bench) -> None:
    runs = 3 if b.args.quick else 5
    heading(f"(1) cold `dckg build seeds --out TMP --quiet --jobs 1`, a whole process ({runs} runs, interleaved "
            "with the floor)")
    out = b.tmp / "cold-out"
    say("  finding the packages the build imports (python -X importtime) …")
    floor_cmd = floor_command(b)
    floor_code = floor_cmd[-1]
    build_cmd = dckg("build", "seeds", "--out", str(out), "--quiet", "--jobs", "1")
    check(run_process(floor_cmd), "the floor")  # warm-up (page cache, jieba cache file)
    floors: list[ProcRun] = []
    builds: list[ProcRun] = []
    for i in range(runs):
        say(f"  run {i + 1}/{runs} …")
        floors.append(check(run_process(floor_cmd), "the floor"))
        builds.append(check(run_process(build_cmd), "dckg build"))
    floor_t = stat([r.seconds for r in floors])
    build_t = stat([r.seconds for r in builds])
    ratio = ratios(build_t.values, floor_t.values)
    floor_m = stat([r.max_rss for r in floors])
    build_m = stat([r.max_rss for r in builds])
    print(f"  floor: python -c \"{floor_code}\"")
    print(table(
        ["", "wall time", "× floor", "max RSS", "× floor"],
        [
            ["floor (imports + jieba load)", fts(floor_t), "×1.00", fbs(floor_m), "×1.00"],
            ["dckg build seeds --jobs 1", fts(build_t), fr(ratio), fbs(build_m),
             fr(ratios(build_m.values, floor_m.values))],
        ],
    ))
    b.seed_ttl = out / "graph.ttl"
    b.floor_rss = int(floor_m.median)
    b.results["cold"] = {
        "floor_command": floor_code,
        "floor_s": floor_t.as_dict(),
        "build_s": build_t.as_dict(),
        "ratio": ratio.as_dict(),
        "floor_max_rss": floor_m.as_dict(),
        "build_max_rss": build_m.as_dict(),
    }
    b.goal("1", f"cold build ≤ {COLD_RATIO_GOAL} × floor", f"×{ratio.median:.2f} ({ft(build_t.median)})",
           ratio.median <= COLD_RATIO_GOAL)


# -- (2) named queries --------------------------------------------------------------------------------------------


def seed_graph(b: Bench) -> Path:
    if b.seed_ttl is None or not b.seed_ttl.exists():
        out = b.tmp / "seed-out"
        check(run_process(dckg("build", "seeds", "--out", str(out), "--quiet", "--jobs", "1")), "dckg build")
        b.seed_ttl = out / "graph.ttl"
    return b.seed_ttl


def run_on_rdflib(query: Any, graph: Any) -> tuple[list[str], list[list[str]]]:
    """A named query through rdflib's SPARQL engine, rows as lexical forms: the engine dckg used before
    pyoxigraph, measured beside it."""
    from rdflib.plugins.sparql import prepareQuery

    from extract.rdf.vocab import PREFIXES

    result = graph.query(prepareQuery(query.text, initNs=PREFIXES))
    variables = [str(v) for v in (result.vars or [])]
    return variables, [["" if row[i] is None else str(row[i]) for i in range(len(variables))] for row in result]


def fig_queries(b: Bench) -> None:
    from rdflib import Graph

    from extract.rdf import queries
    from extract.rdf.queries import oxigraph_store
    from extract.resources import query_names

    later = 5 if b.args.quick else 10
    ttl = seed_graph(b)
    heading(f"(2) named queries on the seed graph, in process: first call, and later calls ({later} runs); "
            "× floor = against `SELECT ?s WHERE {?s ?p ?o} LIMIT 1` on the same path")
    load_store_t, store = repeat(lambda: oxigraph_store(ttl), 3)
    load_graph_t, graph = repeat(lambda: Graph().parse(ttl, format="turtle"), 3 if not b.args.quick else 1)
    print(f"  graph: {len(graph)} triples; load once: pyoxigraph store {fts(load_store_t)}, "
          f"rdflib {fts(load_graph_t)}")
    floor_q = queries.NamedQuery("floor", Path("floor.rq"), "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "floor", "",
                                 ("s",))
    paths: dict[str, Callable[[Any], tuple[list[str], list[list[str]]]]] = {
        "oxigraph, file (CLI)": lambda q: queries.run(q, ttl),
        "oxigraph, preloaded": lambda q: queries.run(q, store),
        "rdflib": lambda q: run_on_rdflib(q, graph),
    }
    names = query_names()
    data: dict[str, dict[str, Any]] = {}
    for path_name, fn in paths.items():
        say(f"  {path_name} …")
        per: dict[str, Any] = {}
        for q in [floor_q, *(queries.load(n) for n in names)]:
            first_t, (_, rows) = repeat(lambda q=q, fn=fn: fn(q), 1)
            later_t, _ = repeat(lambda q=q, fn=fn: fn(q), later)
            per[q.name] = {"first": first_t.median, "later": later_t, "rows": len(rows)}
        data[path_name] = per
    floors = {p: data[p]["floor"]["later"].values for p in paths}
    rows = []
    for name in [*names, "floor"]:
        row = [name if name != "floor" else "(floor: trivial query)"]
        for p in paths:
            d = data[p][name]
            row += [ft(d["first"]), fts(d["later"]), fr(ratios(d["later"].values, floors[p]))]
        counts = {data[p][name]["rows"] for p in paths}
        row.append(str(counts.pop()) if len(counts) == 1 else "differ!")
        rows.append(row)
    short = {"oxigraph, file (CLI)": "CLI", "oxigraph, preloaded": "preloaded", "rdflib": "rdflib"}
    headers = ["query"]
    for p in paths:
        headers += [f"{short[p]} first", f"{short[p]} later", "× floor"]
    headers.append("rows")
    print("  CLI = pyoxigraph loading the file on each call (`dckg query`); preloaded = pyoxigraph store loaded "
          "once; rdflib = the same query through rdflib's SPARQL engine on a loaded graph")
    print(table(headers, rows))
    cli = "oxigraph, file (CLI)"
    worst = max(names, key=lambda n: data[cli][n]["later"].median)
    slow = [n for n in names if data[cli][n]["later"].median >= QUERY_GOAL_S]
    b.results["queries"] = {
        "triples": len(graph),
        "load_store_s": load_store_t.as_dict(),
        "load_rdflib_s": load_graph_t.as_dict(),
        "paths": {p: {n: {"first_s": d["first"], "later_s": d["later"].as_dict(), "rows": d["rows"]}
                      for n, d in per.items()} for p, per in data.items()},
    }
    b.goal("2", f"every named query < {ft(QUERY_GOAL_S)} after the first call, CLI path",
           f"slowest {worst} {ft(data[cli][worst]['later'].median)}", not slow,
           f"over: {', '.join(slow)}" if slow else "")
    pre = "oxigraph, preloaded"
    worst_pre = max(names, key=lambda n: data[pre][n]["later"].median)
    print(f"  (preloaded store: slowest {worst_pre} {ft(data[pre][worst_pre]['later'].median)})")


# -- (3) batch builds ---------------------------------------------------------------------------------------------


def _exponent(n1: float, y1: float, n2: float, y2: float) -> float | None:
    if n1 <= 0 or n2 <= n1 or y1 <= 0 or y2 <= 0:
        return None
    return math.log(y2 / y1) / math.log(n2 / n1)


def floor_command(b: Bench) -> list[str]:
    """``python -c "import <the build's third-party packages>; tokenizer()"`` (found once per benchmark)."""
    if b.floor_code is None:
        packages = third_party_imports(b.tmp / "importtime-out")
        b.floor_code = f"import {', '.join(packages)}; from extract.parse.segment import tokenizer; tokenizer()"
        b.results.setdefault("floor", {})["packages"] = packages
    return [PYTHON, "-c", b.floor_code]


def fig_batch(b: Bench) -> None:
    from bench.plans import check_plan

    sizes = b.args.sizes
    jobs = b.args.jobs
    heading(f"(3) batch `dckg build PLANS --out TMP --quiet --jobs {jobs}` of N generated plans (bench/plans.py); "
            "each run follows a floor run (× floor)")
    floor_cmd = floor_command(b)
    first = b.plans(min(sizes))
    say("  checking a generated plan …")
    print("  " + check_plan(sorted(first.glob("*.txt"))[0]))
    records: list[dict[str, Any]] = []
    for n in sizes:
        runs = 1 if (b.args.quick or n >= 1000) else (2 if n >= 100 else 3)
        folder = b.plans(n)
        out = b.tmp / f"batch-out-{n}"
        cmd = dckg("build", str(folder), "--out", str(out), "--quiet", "--jobs", str(jobs))
        done: list[ProcRun] = []
        floors: list[ProcRun] = []
        for i in range(runs):
            say(f"  N={n}: run {i + 1}/{runs} (time limit {ft(b.args.timeout)}, memory limit {fb(b.args.max_rss)}) …")
            floors.append(check(run_process(floor_cmd), "the floor"))
            run = check(run_process(cmd, sample=True, timeout=b.args.timeout, max_rss=b.args.max_rss),
                        f"batch N={n}")
            done.append(run)
            if not run.ok:
                break
        rec: dict[str, Any] = {"n": n, "runs": [asdict(r) | {"stdout": "", "stderr": r.stderr[-2000:]} for r in done],
                               "floor_s": stat([f.seconds for f in floors]),
                               "floor_rss": stat([f.max_rss for f in floors])}
        good = [r for r in done if r.ok]
        if good:
            rec["seconds"] = stat([r.seconds for r in good])
            rec["ratio"] = ratios([r.seconds for r in good], [f.seconds for f in floors[: len(good)]])
            rec["tree_peak"] = stat([r.tree_peak for r in good])
            rec["max_rss"] = stat([r.max_rss for r in good])
            rec["output_bytes"] = {p.name: p.stat().st_size for p in sorted(out.glob("graph.*"))}
            b.batch_outputs[n] = out
        else:
            last = done[-1]
            rec["failed"] = ("time limit" if last.timed_out else "memory limit") + f" after {ft(last.seconds)}"
            rec["peak_before_stop"] = last.tree_peak
        records.append(rec)
        if not good:
            say(f"  N={n} stopped ({rec['failed']}); larger sizes skipped")
            break

    floor_rss = int(statistics.median([r["floor_rss"].median for r in records]))
    b.floor_rss = floor_rss
    rows = []
    prev: dict[str, Any] | None = None
    for rec in records:
        n = rec["n"]
        if "seconds" not in rec:
            rows.append([str(n), f"stopped: {rec['failed']}", "", "", f"≥ {fb(rec['peak_before_stop'])} (so far)",
                         "", "", "", ""])
            continue
        t, peak, single = rec["seconds"], rec["tree_peak"], rec["max_rss"]
        t_exp = m_exp = ""
        if prev is not None:
            te = _exponent(prev["n"], prev["seconds"].median, n, t.median)
            me = _memory_exponents(prev, rec, floor_rss)
            t_exp = f"{te:.2f}" if te is not None else ""
            m_exp = " / ".join("?" if x is None else f"{x:.2f}" for x in me)
        rows.append([str(n), fts(t), fr(rec["ratio"]), ft(t.median / n), fbs(peak), fbs(single), t_exp, m_exp,
                     fb(rec["output_bytes"].get("graph.ttl", 0))])
        prev = rec
    print(f"  memory floor (the floor process's max RSS): {fb(floor_rss)}; b: exponent of y ~ N^b from the previous "
          "size, memory taken above the floor (tree / one process)")
    print(table(["N", "wall time", "× floor", "per plan", "peak RSS, tree (sum)", "max RSS, one process", "time b",
                 "memory b", "graph.ttl"], rows))
    b.results["batch"] = {
        "jobs": jobs,
        "floor_rss": floor_rss,
        "sizes": [{k: (v.as_dict() if isinstance(v, Stat) else v) for k, v in rec.items()} for rec in records],
    }
    _batch_goals(b, records, floor_rss)


def _memory_exponents(a: dict[str, Any], z: dict[str, Any], floor: int) -> tuple[float | None, float | None]:
    """Growth exponents from size a to size z of the tree's peak and of the largest single process, above the
    floor (the floor is a constant every process pays; the workers' own size does not grow with N)."""
    return (
        _exponent(a["n"], a["tree_peak"].median - floor, z["n"], z["tree_peak"].median - floor),
        _exponent(a["n"], a["max_rss"].median - floor, z["n"], z["max_rss"].median - floor),
    )


def _batch_goals(b: Bench, records: list[dict[str, Any]], floor: int) -> None:
    done = [r for r in records if "seconds" in r]
    target = next((r for r in records if r["n"] == BATCH_GOAL_N), None)
    time_goal = f"{BATCH_GOAL_N} plans < {BATCH_GOAL_S:.0f} s"
    mem_goal = f"{BATCH_GOAL_N} plans peak memory (tree) < {fb(MEMORY_GOAL_B)}"
    if target is not None and "seconds" in target:
        t, mem = target["seconds"].median, target["tree_peak"].median
        b.goal("3", time_goal, ft(t), t < BATCH_GOAL_S)
        b.goal("3", mem_goal, fb(mem), mem < MEMORY_GOAL_B)
    elif target is not None:  # stopped at a limit: that goal failed; the memory reached is a lower bound
        note = f"N={BATCH_GOAL_N} stopped: {target['failed']}"
        peak = float(target["peak_before_stop"])
        by_time = "time" in target["failed"]
        b.goal("3", time_goal, f"> {ft(b.args.timeout)}" if by_time else "unknown", False if by_time else None, note)
        b.goal("3", mem_goal, f"≥ {fb(peak)} when stopped", False if peak >= MEMORY_GOAL_B else None, note)
    elif done:
        last = done[-1]
        if len(done) >= 2:  # time: affine (fixed cost + marginal cost per plan); memory: power law above the floor
            prev = done[-2]
            t_slope = max(0.0, (last["seconds"].median - prev["seconds"].median) / (last["n"] - prev["n"]))
            me = max((x for x in _memory_exponents(prev, last, floor) if x is not None), default=1.0)
            how = f"N={prev['n']}→{last['n']}: {ft(t_slope)} more per plan; memory ~ N^{me:.2f}"
        else:  # one size: proportional, an upper bound
            t_slope, me = last["seconds"].median / last["n"], 1.0
            how = f"proportional to N={last['n']}"
        t = last["seconds"].median + (BATCH_GOAL_N - last["n"]) * t_slope
        mem = floor + max(0.0, last["tree_peak"].median - floor) * (BATCH_GOAL_N / last["n"]) ** max(me, 0.0)
        note = f"extrapolated ({how})"
        b.goal("3", time_goal, ft(t), t < BATCH_GOAL_S, note)
        b.goal("3", mem_goal, fb(mem), mem < MEMORY_GOAL_B, note)
    else:
        b.goal("3", time_goal, "no batch finished", False)
    growth_goal = f"memory above the floor grows less than linearly (b ≤ {GROWTH_GOAL}, tree and one process)"
    if len(done) >= 2:
        a, z = done[-2], done[-1]
        exps = [x for x in _memory_exponents(a, z, floor) if x is not None]
        worst = max(exps) if exps else None
        b.goal("3", growth_goal,
               "n/a" if worst is None else f"b = {' / '.join(f'{x:.2f}' for x in exps)} from N={a['n']} to {z['n']}",
               None if worst is None else worst <= GROWTH_GOAL)
    else:
        b.goal("3", growth_goal, "needs two finished sizes", None)


# -- (4) serialisation formats ------------------------------------------------------------------------------------


def _replicated_graph(seed_ttl: Path, copies: int) -> bytes:
    """N-Triples of ``copies`` renamed copies of the seed graph: a merged graph of a batch's size."""
    from extract.rdf.io import load_graph

    lines = load_graph(seed_ttl).serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    doc = "sti-carbon-peaking-neutrality-2022"
    merged = {line.replace(doc, f"copy-{k:04d}") for k in range(copies) for line in lines if line.strip()}
    return ("\n".join(sorted(merged)) + "\n").encode("utf-8")


def fig_formats(b: Bench) -> None:
    import pyoxigraph as ox
    from rdflib import Graph

    from extract.rdf.vocab import PREFIXES

    runs = 1 if b.args.quick else 3
    budget = 20.0 if b.args.quick else 60.0
    n = FORMATS_N if FORMATS_N in b.batch_outputs else max((k for k in b.batch_outputs if k <= FORMATS_N), default=0)
    if n:
        source, what = b.batch_outputs[n] / "graph.ttl", f"the merged graph of the N={n} batch"
        g = Graph()
        g.parse(source, format="turtle")
    else:
        what = f"{FORMATS_N} renamed copies of the seed graph (no batch output at hand)"
        g = Graph()
        g.parse(data=_replicated_graph(seed_graph(b), FORMATS_N), format="nt")
    store = ox.Store()
    store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    triples = len(g)
    heading(f"(4) writing and parsing {triples:,} triples ({what}); up to {runs} runs; × floor = rdflib / "
            "pyoxigraph")
    formats = {"turtle": ("turtle", ox.RdfFormat.TURTLE), "json-ld": ("json-ld", ox.RdfFormat.JSON_LD),
               "n-triples": ("nt", ox.RdfFormat.N_TRIPLES)}
    rows = []
    data: dict[str, Any] = {"triples": triples, "source": what}
    for name, (rdflib_fmt, ox_fmt) in formats.items():
        say(f"  {name} …")
        prefixes = dict(PREFIXES) if ox_fmt != ox.RdfFormat.N_TRIPLES else None
        rw, payload = repeat(lambda f=rdflib_fmt: g.serialize(format=f, encoding="utf-8"), runs, budget)
        ow, ox_payload = repeat(lambda f=ox_fmt, p=prefixes: store.dump(format=f, from_graph=ox.DefaultGraph(),
                                                                         prefixes=p), runs, budget)

        def rdflib_parse(f: str = rdflib_fmt, data: bytes = payload) -> int:
            return len(Graph().parse(data=data, format=f))

        def ox_parse(f: ox.RdfFormat = ox_fmt, data: bytes = payload) -> int:
            s = ox.Store()
            s.load(data, format=f)
            return len(s)

        rp, rdflib_count = repeat(rdflib_parse, runs, budget)
        op, ox_count = repeat(ox_parse, runs, budget)
        counts = "" if rdflib_count == ox_count == triples else f"counts {rdflib_count}/{ox_count}!"
        rows.append([name, fb(len(payload)), fb(len(ox_payload)), fts(rw), fts(ow), fr(ratios(rw.values, ow.values)),
                     fts(rp), fts(op), fr(ratios(rp.values, op.values)), counts])
        data[name] = {"bytes_rdflib": len(payload), "bytes_oxigraph": len(ox_payload),
                      "write_rdflib_s": rw.as_dict(), "write_oxigraph_s": ow.as_dict(),
                      "parse_rdflib_s": rp.as_dict(), "parse_oxigraph_s": op.as_dict(),
                      "parsed_triples": [rdflib_count, ox_count]}
    print(table(["format", "size (rdflib)", "size (oxigraph)", "write rdflib", "write pyoxigraph", "× floor",
                 "parse rdflib", "parse pyoxigraph (Store.load)", "× floor", ""], rows))
    b.results["formats"] = data


# -- (5) quality ----------------------------------------------------------------------------------------------------


def fig_quality(b: Bench) -> None:
    from extract.pipeline import extract
    from extract.quality.evaluation import entry_agreement, score_items

    heading("(5) technology items against tests/data/gold/items.tsv (the seed and the two test plans)")
    paths = [p for pattern in QUALITY_DOCS for p in sorted(ROOT.glob(pattern))]
    docs = [extract(p) for p in paths]
    scores = score_items(docs, GOLD / "items.tsv")
    rows = []
    total = None
    for doc_id, s in scores.items():
        rows.append([doc_id, str(s.gold), str(s.predicted), str(s.true_positives), f"{s.precision:.2f}",
                     f"{s.recall:.2f}", f"{s.f1:.2f}"])
        total = s if total is None else total + s
    if total is not None:
        rows.append(["all", str(total.gold), str(total.predicted), str(total.true_positives),
                     f"{total.precision:.2f}", f"{total.recall:.2f}", f"{total.f1:.2f}"])
    print(table(["document", "gold", "predicted", "correct", "precision", "recall", "F1"], rows))
    agreement = entry_agreement(docs, GOLD / "entries.tsv") if (GOLD / "entries.tsv").exists() else {}
    if agreement:
        print("  entries agreeing with tests/data/gold/entries.tsv: "
              + ", ".join(f"{k} {v:.0%}" for k, v in agreement.items()))
    b.results["quality"] = {
        "items": {k: {"gold": s.gold, "predicted": s.predicted, "correct": s.true_positives,
                      "precision": s.precision, "recall": s.recall, "f1": s.f1} for k, s in scores.items()},
        "items_all": None if total is None else {"precision": total.precision, "recall": total.recall,
                                                 "f1": total.f1},
        "entries": agreement,
    }


# -- (6) where the time goes: stage timers around the real build(), in a fresh interpreter --------------------------


class StageClock:
    """Exclusive wall time per call path of the wrapped functions (a nested wrapped call is its own row)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, ...], list[float]] = {}  # path -> [exclusive seconds, calls], in order of entry
        self._stack: list[tuple[str, list[float]]] = []

    def _enter(self, name: str) -> tuple[list[float], list[float], float]:
        children = [0.0]
        self._stack.append((name, children))
        row = self.rows.setdefault(tuple(n for n, _ in self._stack), [0.0, 0])
        return row, children, time.perf_counter()

    def _leave(self, row: list[float], children: list[float], start: float) -> None:
        elapsed = time.perf_counter() - start
        self._stack.pop()
        row[0] += elapsed - children[0]
        row[1] += 1
        if self._stack:
            self._stack[-1][1][0] += elapsed

    def wrap(self, fn: Callable[..., Any], label: str | Callable[..., str]) -> Callable[..., Any]:
        if inspect.isgeneratorfunction(fn):  # time each step of the generator (e.g. results from the workers)

            @functools.wraps(fn)
            def timed_steps(*args: Any, **kwargs: Any) -> Iterator[Any]:
                name = label if isinstance(label, str) else label(*args, **kwargs)
                steps = fn(*args, **kwargs)
                while True:
                    row, children, start = self._enter(name)
                    try:
                        item = next(steps)
                    except StopIteration:
                        return
                    finally:
                        self._leave(row, children, start)
                    yield item

            return timed_steps

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            row, children, start = self._enter(label if isinstance(label, str) else label(*args, **kwargs))
            try:
                return fn(*args, **kwargs)
            finally:
                self._leave(row, children, start)

        return timed

    def patch(self, owner: Any, attr: str, label: str | Callable[..., str]) -> None:
        if attr in vars(owner):
            setattr(owner, attr, self.wrap(getattr(owner, attr), label))


def _fmt_arg(args: tuple[Any, ...], kwargs: dict[str, Any], pos: int, key: str, default: str) -> str:
    value = kwargs.get(key, args[pos] if len(args) > pos else default)
    return str(value)


STAGE_LABELS = {
    "build_one": "build_one (one document)",
    "extract": "extract (read, clean, outline, classify, items)",
    "document_triples": "records → triples",
    "sorted_lines": "triples → sorted N-Triples lines",
    "reference_ntriples": "reference data (N-Triples)",
    "reference_triples": "reference data (triples)",
    "validate_triples": "pyshacl validate (the triples shapes read)",
    "chunks": "output chunks of a document",
    "coverage": "coverage report",
    "_results": "documents (with --jobs > 1: waiting for the workers)",
}
"""Readable names of the functions of extract/build.py; any other function it defines or imports from the
project is timed under its own name, so the breakdown follows the code as it changes."""


def _stage_targets(module: Any) -> list[str]:
    """Module-level callables of ``module`` from the project (its own functions and those it imports)."""
    names = []
    for name, obj in vars(module).items():
        if name.startswith("__") or name == "build" or isinstance(obj, type) or not callable(obj):
            continue
        if str(getattr(obj, "__module__", "")).startswith("extract"):
            names.append(name)
    return names


def child_stages(paths: list[str], out: str, jobs: int) -> None:
    """(child process) Time the imports, then the real build() with timers around its stages; JSON on stdout."""
    t_main = time.time()
    imports: dict[str, float] = {}
    for module in ("click", "rdflib", "pyshacl", "jieba", "extract.cli", "extract.build"):
        start = time.perf_counter()
        importlib.import_module(module)
        imports[module] = time.perf_counter() - start
    import pyoxigraph
    import rdflib.graph as rg

    import extract.build as eb
    import extract.parse.segment as seg

    clock = StageClock()
    clock.patch(seg, "tokenizer", "jieba dictionary load")
    for name in _stage_targets(eb):
        clock.patch(eb, name, STAGE_LABELS.get(name, name))
    for cls in (rg.Graph, rg.ConjunctiveGraph, rg.Dataset):
        clock.patch(cls, "parse", lambda *a, **k: f"rdflib parse {_fmt_arg(a, k, 99, 'format', '?')}")
        clock.patch(cls, "serialize", lambda *a, **k: f"rdflib serialize {_fmt_arg(a, k, 2, 'format', 'turtle')}")
    for name in ("serialize", "parse"):
        clock.patch(pyoxigraph, name, f"pyoxigraph {name}")
    start = time.perf_counter()
    result = eb.build(tuple(paths), Path(out), jobs=jobs)
    total = time.perf_counter() - start
    print(json.dumps({
        "t_main": t_main,
        "t_done": time.time(),
        "imports": imports,
        "build_s": total,
        "documents": len(result.documents),
        "triples": result.triples,
        "conforms": result.report.conforms,
        "stages": [[list(path), secs, count] for path, (secs, count) in clock.rows.items()],
    }), flush=True)


def _stage_rows(data: dict[str, Any], wall: float, min_share: float = 0.005) -> list[list[str]]:
    """Rows of the stage tree: self and total (self + nested) time; subtrees under ``min_share`` hidden."""
    startup = data["t_main"] - data["t_spawn"]
    exiting = data["t_exit"] - data["t_done"]
    rows = [["interpreter start-up (and bench/run.py's own imports)", ft(startup), ft(startup), f"{startup / wall:.0%}",
             ""]]
    for module, secs in data["imports"].items():
        rows.append([f"import {module}", ft(secs), ft(secs), f"{secs / wall:.0%}", ""])
    stages = [(tuple(path), secs, count) for path, secs, count in data["stages"]]
    total = {p: sum(s for q, s, _ in stages if q[: len(p)] == p) for p, _, _ in stages}
    for path, secs, count in stages:
        if total[path] / wall < min_share:
            continue
        label = "  " * (len(path) - 1) + path[-1]
        rows.append([label, ft(secs), ft(total[path]), f"{total[path] / wall:.0%}", str(count)])
    rest = data["build_s"] - sum(s for _, s, _ in stages)
    rows.append(["rest of build() (code not in a timed function)", ft(rest), ft(rest),
                 f"{rest / wall:.0%}", ""])
    rows.append(["interpreter exit (freeing the graphs)", ft(exiting), ft(exiting), f"{exiting / wall:.0%}", ""])
    rows.append(["total (wall time of the child process)", "", ft(wall), "100%", ""])
    return rows


def run_stages(b: Bench, paths: list[str], jobs: int, tag: str) -> tuple[dict[str, Any], float]:
    out = b.tmp / f"stages-{tag}"
    run = check(run_process([PYTHON, str(Path(__file__).resolve()), "--child-stages", *paths, "--child-out", str(out),
                             "--jobs", str(jobs)]), f"stages ({tag})")
    data = json.loads(run.stdout.strip().splitlines()[-1])
    return data | {"t_spawn": run.started_at, "t_exit": run.started_at + run.seconds}, run.seconds


def fig_stages(b: Bench) -> None:
    heading("(6) where the time goes: the real build() in a fresh interpreter, exclusive time per stage "
            "(nested stages indented; rows under 0.5% hidden)")
    data, wall = run_stages(b, ["seeds"], 1, "seed")
    print(f"  cold build of seeds/ (--jobs 1), {data['triples']:,} triples:")
    print(table(["stage", "self", "total", "share", "calls"], _stage_rows(data, wall)))
    b.results["stages"] = {"seed": data | {"wall_s": wall}}

    sample = 10
    data, wall = run_stages(b, [str(b.plans(sample))], 1, f"plans-{sample}")
    print(f"\n  {sample} generated plans, --jobs 1 (totals for the {sample}), {data['triples']:,} triples:")
    print(table(["stage", "self", "total", "share", "calls"], _stage_rows(data, wall)))
    b.results["stages"][f"plans_{sample}_jobs1"] = data | {"wall_s": wall}

    n = max((k for k in b.args.sizes if k <= FORMATS_N), default=0)
    if b.args.quick or n <= sample:
        return
    data, wall = run_stages(b, [str(b.plans(n))], b.args.jobs, f"plans-{n}")
    print(f"\n  {n} generated plans, --jobs {b.args.jobs}: what the main process does (the workers are not timed), "
          f"{data['triples']:,} triples:")
    print(table(["stage", "self", "total", "share", "calls"], _stage_rows(data, wall)))
    b.results["stages"][f"plans_{n}_jobs{b.args.jobs}"] = data | {"wall_s": wall}


# -- main -----------------------------------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes numbers separated by commas, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("--sizes: at least one size, each ≥ 1")
    return sizes


def _figures(text: str) -> list[str]:
    chosen = [x.strip() for x in text.split(",") if x.strip()]
    unknown = [x for x in chosen if x not in FIGURES]
    if unknown:
        raise argparse.ArgumentTypeError(f"--only: unknown {unknown}; choose from {', '.join(FIGURES)}")
    return chosen


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer runs, batches of at most 100 plans")
    p.add_argument("--sizes", type=_sizes, default=None, help="batch sizes (default 10,100,1000; quick: 10,100)")
    p.add_argument("--only", type=_figures, default=list(FIGURES), help=f"figures to run ({','.join(FIGURES)})")
    p.add_argument("--jobs", type=int, default=2, help="--jobs of the batch builds (default 2)")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds before a batch build is stopped")
    p.add_argument("--max-rss", type=float, default=8e9, help="bytes of tree RSS before a batch build is stopped")
    p.add_argument("--out", type=Path, default=RESULTS, help="results file (default bench/results.json)")
    p.add_argument("--strict", action="store_true", help="exit 1 when a goal fails")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (plans, outputs)")
    p.add_argument("--child-stages", nargs="+", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.sizes is None:
        args.sizes = [10, 100] if args.quick else [10, 100, 1000]
    if args.quick:
        args.sizes = [n for n in args.sizes if n <= 100] or [10]
    return args


def _code_fingerprint() -> dict[str, Any]:
    """Which code was measured: a hash of the package, shapes and queries, and their newest change."""
    digest = hashlib.sha256()
    newest = 0.0
    for folder, pattern in (("extract", "**/*.py"), ("extract", "**/*.tsv"), ("shapes", "*.ttl"), ("queries", "*.rq"),
                            ("ontology", "*.ttl")):
        for path in sorted((ROOT / folder).glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
            newest = max(newest, path.stat().st_mtime)
    return {"sha256": digest.hexdigest()[:16],
            "newest_change": dt.datetime.fromtimestamp(newest).isoformat(timespec="seconds")}


def _meta(args: argparse.Namespace) -> dict[str, Any]:
    from extract import __version__

    return {
        "code": _code_fingerprint(),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "dckg": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_average": os.getloadavg(),
        "args": {k: v for k, v in vars(args).items() if not k.startswith("child") and k != "out"},
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child_stages:
        child_stages(args.child_stages, args.child_out, args.jobs)
        return 0
    started = time.perf_counter()
    # Byte-compile the package first, as pip does when it installs a wheel: with PYTHONDONTWRITEBYTECODE set
    # (as on this machine) an editable checkout would otherwise compile every module on every cold start.
    compileall.compile_dir(str(ROOT / "extract"), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="dckg-bench-"))
    bench = Bench(args, tmp)
    meta = _meta(args)
    print(f"dckg benchmark {meta['date']}: Python {meta['python']}, {meta['cpus']} CPUs, load "
          f"{meta['load_average'][0]:.2f}; code {meta['code']['sha256']} (changed {meta['code']['newest_change']}); "
          f"figures: {', '.join(args.only)}; batch sizes {args.sizes}")
    steps: dict[str, Callable[[Bench], None]] = {"cold": fig_cold, "queries": fig_queries, "batch": fig_batch,
                                                 "formats": fig_formats, "quality": fig_quality, "stages": fig_stages}
    try:
        for name in FIGURES:
            if name in args.only:
                try:
                    steps[name](bench)
                except Exception as exc:  # one broken figure must not lose the others
                    print(f"  figure {name} failed: {type(exc).__name__}: {exc}", flush=True)
                    bench.results.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"
                    bench.goals.append(Goal(name, f"figure {name}", "failed", False, str(exc).splitlines()[0]))
    except KeyboardInterrupt:
        say("interrupted: writing what was measured")
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    meta["load_average_end"] = os.getloadavg()
    if _code_fingerprint()["sha256"] != meta["code"]["sha256"]:
        meta["code_changed_during_run"] = True
        print("\nwarning: the code changed while the benchmark ran; figures may mix versions", flush=True)
    meta["seconds"] = round(time.perf_counter() - started, 1)
    heading(f"goals (load average at the end {meta['load_average_end'][0]:.2f}; {meta['seconds']:.0f} s in all)")
    print(table(["figure", "goal", "measured", "result", "note"],
                [[g.figure, g.goal, g.value, verdict(g.ok), g.note] for g in bench.goals]))
    payload = {"meta": meta, **bench.results, "goals": [asdict(g) for g in bench.goals]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default) + "\n",
                        encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 1 if args.strict and any(g.ok is False for g in bench.goals) else 0


def _json_default(value: Any) -> Any:
    if isinstance(value, Stat):
        return value.as_dict()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


if __name__ == "__main__":
    raise SystemExit(main())
