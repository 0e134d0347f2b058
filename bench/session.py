"""What the figures of one benchmark run share: its options, temporary folder, results and goals, and the
things several figures need and that are made once (the generated plans, the seed graph, the floor)."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import PYTHON, ROOT, check, dckg, run_process
from bench.present import say, seconds, verdict


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
            say(f"  wrote {n} plans in {seconds(time.perf_counter() - start)}")
            self.plan_dirs[n] = folder
        return self.plan_dirs[n]

    def seed_graph(self) -> Path:
        """graph.ttl of the seed: the one the cold figure wrote, or built now."""
        if self.seed_ttl is None or not self.seed_ttl.exists():
            out = self.tmp / "seed-out"
            check(run_process(dckg("build", "seeds", "--out", str(out), "--quiet", "--jobs", "1")), "dckg build")
            self.seed_ttl = out / "graph.ttl"
        return self.seed_ttl

    def floor_command(self) -> list[str]:
        """``python -c "import <the build's third-party packages>; tokenizer()"`` (found once per benchmark)."""
        if self.floor_code is None:
            packages = third_party_imports(self.tmp / "importtime-out")
            self.floor_code = f"import {', '.join(packages)}; from extract.parse.segment import tokenizer; tokenizer()"
            self.results.setdefault("floor", {})["packages"] = packages
        return [PYTHON, "-c", self.floor_code]


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
