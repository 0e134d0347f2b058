"""Synthetic plans for the batch benchmark, recombined from the documents the project has.

The sources are ``seeds/*.txt`` and ``tests/data/plans/*.txt`` (any encoding the reader accepts: the
mini-city plan is GB18030). Each source is read with the project's reader and cleaner and cut along its
own outline into a preamble, actions (heading, narrative paragraphs, 专栏 boxes with their entries) and
closing text. A generated plan takes a new title (示范第0042号碳达峰科技方案), a period line, one source's
preamble, six to twelve actions drawn from all sources, renumbered 一、二、… with their boxes renumbered
专栏 1, 2, …, entries shuffled inside each box, and one source's closing text; a ``.toml`` metadata file
sits beside it.

Plan ``i`` depends only on ``(seed, i)``: the first ten plans of a batch of 100 are the batch of 10.

    .venv/bin/python bench/plans.py 100 --out /tmp/plans     # write 100 plans and check the first
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/plans.py` from anywhere
    sys.path.insert(0, str(ROOT))

from extract.parse.outline import outline  # noqa: E402
from extract.records import Span  # noqa: E402
from extract.text.cjk import numeral  # noqa: E402
from extract.text.clean import clean  # noqa: E402
from extract.text.read import read_text  # noqa: E402

SOURCE_GLOBS = ("seeds/*.txt", "tests/data/plans/*.txt")
MIN_ACTIONS, MAX_ACTIONS = 6, 12
PREFIX = "bench-plan-"


@dataclass(frozen=True, slots=True)
class Box:
    title: str
    entries: tuple[str, ...]  # whole paragraphs "短标题。正文…"


@dataclass(frozen=True, slots=True)
class ActionPart:
    title: str
    narrative: tuple[str, ...]
    boxes: tuple[Box, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Source:
    doc_id: str
    preamble: tuple[str, ...]
    actions: tuple[ActionPart, ...]
    closing: tuple[str, ...]
    issuers: tuple[str, ...]
    issuers_en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    number: int
    text: str
    metadata: str  # TOML
    actions: int
    boxes: int
    entries: int

    @property
    def stem(self) -> str:
        return f"{PREFIX}{self.number:04d}"


def source_paths(root: Path = ROOT) -> list[Path]:
    return [p for pattern in SOURCE_GLOBS for p in sorted(root.glob(pattern))]


def read_source(path: Path) -> Source:
    """Cut one document along its outline (clean text, so page-break splits are already joined)."""
    text = clean(read_text(path).text).text
    tree = outline(text)

    def span_text(span: Span) -> str:
        return text[span.start : span.end].strip()

    actions = tuple(
        ActionPart(
            title=a.title,
            narrative=tuple(p.text for p in a.narrative),
            boxes=tuple(Box(c.title, tuple(span_text(e.span) for e in c.entries)) for c in a.columns),
            source=path.stem,
        )
        for a in tree.actions
    )
    meta_path = path.with_suffix(".toml")
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return Source(
        doc_id=path.stem,
        preamble=tuple(p.text for p in tree.preamble),
        actions=actions,
        closing=tuple(p.text for p in tree.closing),
        issuers=tuple(meta.get("issuers", ())),
        issuers_en=tuple(meta.get("issuers_en", ())),
    )


@cache
def sources(root: Path = ROOT) -> tuple[Source, ...]:
    found = tuple(read_source(p) for p in source_paths(root))
    if not found:
        raise FileNotFoundError(f"no source documents under {root} ({', '.join(SOURCE_GLOBS)})")
    return found


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99: the action numbers a plan can have)."""
    if not 1 <= n <= 99:
        raise ValueError(f"action number out of range: {n}")
    return numeral(n)


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_toml_str(v) for v in values) + "]"


def make_plan(number: int, seed: int = 0, root: Path = ROOT) -> Plan:
    """Plan ``number`` (1-based) of the series ``seed``: deterministic, valid, renumbered."""
    rng = random.Random(f"dckg-bench:{seed}:{number}")
    srcs = sources(root)
    pool = [a for s in srcs for a in s.actions]
    chosen = rng.sample(pool, min(len(pool), rng.randint(MIN_ACTIONS, MAX_ACTIONS)))
    if not any(a.boxes for a in chosen):  # at least one box, so the plan has entries
        chosen[0] = rng.choice([a for a in pool if a.boxes])
    start = rng.randint(2021, 2025)
    title = f"示范第{number:04d}号碳达峰科技方案"
    preamble_src = rng.choice([s for s in srcs if s.preamble] or list(srcs))
    closing_src = rng.choice([s for s in srcs if s.closing] or list(srcs))

    paragraphs: list[str] = [title, f"（{start}—2030年）", *preamble_src.preamble]
    box_number = entries = 0
    for i, action in enumerate(chosen, start=1):
        paragraphs.append(f"{chinese_number(i)}、{action.title}")
        paragraphs.extend(action.narrative)
        for box in action.boxes:
            box_number += 1
            paragraphs.append(f"专栏 {box_number} {box.title}")
            shuffled = list(box.entries)
            rng.shuffle(shuffled)
            paragraphs.extend(shuffled)
            entries += len(shuffled)
    paragraphs.extend(closing_src.closing)
    text = "\n\n".join(paragraphs) + "\n"

    issuer_src = rng.choice(srcs)
    month = rng.randint(1, 12)
    metadata = "\n".join(
        [
            f"# Generated by bench/plans.py (seed {seed}) from {', '.join(sorted({a.source for a in chosen}))}.",
            f"title = {_toml_str(title + f'（{start}—2030年）')}",
            f"title_en = {_toml_str(f'Demonstration Plan No. {number:04d} for Carbon Peaking Science and Technology')}",
            'language = "zh-Hans"',
            f"date_signed = {start}-{month:02d}-{rng.randint(1, 28):02d}",
            f'published = "{start}-{month:02d}"',
            f"period = [{start}, 2030]",
            f"issuers = {_toml_list(issuer_src.issuers)}",
            f"issuers_en = {_toml_list(issuer_src.issuers_en)}",
            "",
        ]
    )
    return Plan(number, text, metadata, len(chosen), box_number, entries)


def write_plans(out_dir: Path, n: int, seed: int = 0, root: Path = ROOT) -> list[Path]:
    """Write plans 1…n as ``bench-plan-NNNN.txt`` + ``.toml`` into ``out_dir``; the ``.txt`` paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, n + 1):
        plan = make_plan(number, seed, root)
        path = out_dir / f"{plan.stem}.txt"
        path.write_text(plan.text, encoding="utf-8")
        path.with_suffix(".toml").write_text(plan.metadata, encoding="utf-8")
        paths.append(path)
    return paths


def check_plan(path: Path, seed: int = 0, root: Path = ROOT) -> str:
    """Build one generated plan with ``dckg build`` and check the output with ``dckg validate``, through the
    CLI (so the check does not depend on the build's internals); a one-line description, or raise."""
    number = int(path.stem.removeprefix(PREFIX))
    plan = make_plan(number, seed, root)
    cli = [sys.executable, "-m", "extract.cli"]
    with tempfile.TemporaryDirectory(prefix="dckg-plan-check-") as tmp:
        built = subprocess.run([*cli, "build", str(path), "--out", tmp, "--jobs", "1"], cwd=root,
                               capture_output=True, text=True, check=False)
        if built.returncode != 0:
            raise AssertionError(f"{path.name}: dckg build exit {built.returncode}: {built.stderr.strip()[-800:]}")
        checked = subprocess.run([*cli, "validate", str(Path(tmp) / "graph.ttl")], cwd=root, capture_output=True,
                                 text=True, check=False)
        if checked.returncode != 0:
            raise AssertionError(f"{path.name}: dckg validate exit {checked.returncode}: {checked.stdout[-800:]}")
    counts = {k: int(v) for k, v in re.findall(r"^(actions|boxes|entries|items|triples):\s+(\d+)", built.stdout, re.M)}
    warnings = [line for line in built.stdout.splitlines() if line.startswith("warning:")]
    problems = []
    if warnings:
        problems.append("; ".join(warnings))
    found = (counts.get("actions"), counts.get("boxes"), counts.get("entries"))
    if found != (plan.actions, plan.boxes, plan.entries):
        problems.append(f"outline {found} actions/boxes/entries, generated {(plan.actions, plan.boxes, plan.entries)}")
    if problems:
        raise AssertionError(f"{path.name} is not a valid plan: " + " | ".join(problems))
    return (f"{path.name}: builds and validates; {plan.actions} actions, {plan.boxes} boxes, {plan.entries} entries, "
            f"{counts.get('items', '?')} items, {counts.get('triples', '?')} triples")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of plans")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-check", action="store_true", help="do not build and validate the first plan")
    args = parser.parse_args(argv)
    paths = write_plans(args.out, args.n, args.seed)
    print(f"wrote {len(paths)} plans to {args.out}")
    if paths and not args.no_check:
        print(check_plan(paths[0], args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
