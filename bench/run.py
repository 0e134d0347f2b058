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
7. the real collection: every document of ../shared/corpus in one build (time, peak tree memory), every
   named query on its graph in a loaded store (goal: < 50 ms), then the corpus three times over under
   distinct names in one build: the 500-PDF goal (< 3 min, < 2 GB) measured at its size.

Results go to bench/results.json (git-ignored). Exit status 0, or 1 with ``--strict`` when a goal fails.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/run.py`: make `extract` and `bench` importable
    sys.path.insert(0, str(ROOT))

from bench import batch, cold, corpus, formats, quality, queries, stages  # noqa: E402
from bench.measure import Stat  # noqa: E402
from bench.present import heading, say, table, verdict  # noqa: E402
from bench.session import Bench, Goal  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
STEPS: dict[str, Callable[[Bench], None]] = {
    "cold": cold.figure,
    "queries": queries.figure,
    "batch": batch.figure,
    "formats": formats.figure,
    "quality": quality.figure,
    "stages": stages.figure,
    "corpus": corpus.figure,
}
"""The figures in the order they run: later ones reuse what earlier ones made (the seed graph, the floor,
the batch outputs)."""
FIGURES = tuple(STEPS)


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
        stages.child_stages(args.child_stages, args.child_out, args.jobs)
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
    try:
        _run_figures(bench)
    except KeyboardInterrupt:
        say("interrupted: writing what was measured")
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    _write_results(bench, meta, started)
    return 1 if args.strict and any(g.ok is False for g in bench.goals) else 0


def _run_figures(bench: Bench) -> None:
    """The chosen figures in the order of STEPS; a figure that breaks becomes a failed goal, the others run."""
    for name in FIGURES:
        if name in bench.args.only:
            try:
                STEPS[name](bench)
            except Exception as exc:  # one broken figure must not lose the others
                print(f"  figure {name} failed: {type(exc).__name__}: {exc}", flush=True)
                bench.results.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"
                bench.goals.append(Goal(name, f"figure {name}", "failed", False, str(exc).splitlines()[0]))


def _write_results(bench: Bench, meta: dict[str, Any], started: float) -> None:
    """The goals table, and every figure's results with the metadata in the results file."""
    args = bench.args
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
