"""(6) Where the time goes: the real ``build()`` run in a fresh interpreter (``bench/run.py --child-stages``)
with timers around its stages, printed as a tree of exclusive and total time per stage."""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.formats import FORMATS_N
from bench.measure import PYTHON, check, run_process
from bench.present import heading, seconds, table
from bench.session import Bench

RUN = Path(__file__).resolve().with_name("run.py")  # the child is `python bench/run.py --child-stages …`


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


def _arg_value(args: tuple[Any, ...], kwargs: dict[str, Any], pos: int, key: str, default: str) -> str:
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
    "_write_chunks": "append a part to the (temporary) output files",
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
        clock.patch(cls, "parse", lambda *a, **k: f"rdflib parse {_arg_value(a, k, 99, 'format', '?')}")
        clock.patch(cls, "serialize", lambda *a, **k: f"rdflib serialize {_arg_value(a, k, 2, 'format', 'turtle')}")
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
    rows = [["interpreter start-up (and bench/run.py's own imports)", seconds(startup), seconds(startup),
             f"{startup / wall:.0%}", ""]]
    for module, secs in data["imports"].items():
        rows.append([f"import {module}", seconds(secs), seconds(secs), f"{secs / wall:.0%}", ""])
    stages = [(tuple(path), secs, count) for path, secs, count in data["stages"]]
    total = {p: sum(s for q, s, _ in stages if q[: len(p)] == p) for p, _, _ in stages}
    for path, secs, count in stages:
        if total[path] / wall < min_share:
            continue
        label = "  " * (len(path) - 1) + path[-1]
        rows.append([label, seconds(secs), seconds(total[path]), f"{total[path] / wall:.0%}", str(count)])
    rest = data["build_s"] - sum(s for _, s, _ in stages)
    rows.append(["rest of build() (code not in a timed function)", seconds(rest), seconds(rest),
                 f"{rest / wall:.0%}", ""])
    rows.append(["interpreter exit (freeing the graphs)", seconds(exiting), seconds(exiting), f"{exiting / wall:.0%}",
                 ""])
    rows.append(["total (wall time of the child process)", "", seconds(wall), "100%", ""])
    return rows


def run_stages(b: Bench, paths: list[str], jobs: int, tag: str) -> tuple[dict[str, Any], float]:
    out = b.tmp / f"stages-{tag}"
    run = check(run_process([PYTHON, str(RUN), "--child-stages", *paths, "--child-out", str(out),
                             "--jobs", str(jobs)]), f"stages ({tag})")
    data = json.loads(run.stdout.strip().splitlines()[-1])
    return data | {"t_spawn": run.started_at, "t_exit": run.started_at + run.seconds}, run.seconds


def figure(b: Bench) -> None:
    """The seed, 10 plans with one job and (not with --quick) the formats figure's batch with --jobs."""
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

