"""Clauses an annotated plan already has, read the way its annotators read them.

Plans of this genre copy each other's wording: a province's implementation plan repeats the national
plan's clauses word for word (推动煤电节能降碳改造、灵活性改造、供热改造"三改联动"). Where a document repeats a
clause of at least ``MIN_CLAUSE`` characters that an annotated plan has, and the annotators marked something
in it, their mentions of that clause replace the tagger's inside it. A clause read differently in different
plans takes the reading most plans gave it (on a tie, the one with more mentions). A remembered reading is
never empty (where the annotated plans marked nothing, the tagger is left to decide), and a clause that is
only the name it marks (a title, a table cell) is not remembered: it carries no context.

Held out (``make eval``: each fold's memory is built from its training documents only), this lifted the mean
document F1 by 0.005 on the name-order folds and by 0.007 on another split (README, tenth session).

The memory (``extract/models/mentions.memory.tsv``) is written by ``make train`` beside the model, from the
same annotations: one clause per row, then its mentions as start, end, label (offsets in the clause).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

CLAUSE = re.compile(r"[^，。；：！？\n]+")
MIN_CLAUSE = 10  # characters: shorter clauses (能源结构调整) repeat by chance, not by copying

Reading = tuple[tuple[int, int, str], ...]  # mentions of one clause: start, end (in the clause), label
Memory = dict[str, str]  # clause → its reading as written (start, end, label, … joined by tabs), decoded when used


def clauses(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the clauses of ``text`` (between ，。；：！？ and line ends) long enough to be remembered."""
    for m in CLAUSE.finditer(text):
        if m.end() - m.start() >= MIN_CLAUSE:
            yield m.span()


def remembered(documents: Iterable[tuple[str, Iterable[tuple[int, int, str]]]]) -> dict[str, Reading]:
    """The memory of annotated ``documents`` (text, mentions as start, end, label): every clause with the
    reading most documents gave it, kept where that reading marks something and the clause is more than the
    name it marks. A clause a mention runs out of is not remembered; each document counts once per clause."""
    readings: dict[str, Counter[Reading]] = {}
    for text, mentions in documents:
        marks = sorted(set(mentions))
        starts = [m[0] for m in marks]
        seen: set[tuple[str, Reading]] = set()
        for s, e in clauses(text):
            near = marks[max(0, bisect.bisect_left(starts, s) - 64) : bisect.bisect_left(starts, e)]
            if any(a < e and b > s and not (s <= a and b <= e) for a, b, _ in near):
                continue
            reading = tuple((a - s, b - s, label) for a, b, label in near if s <= a and b <= e)
            key = text[s:e]
            if key[:2] != "# " and (key, reading) not in seen:  # (a header row of the file begins so)
                seen.add((key, reading))
                readings.setdefault(key, Counter())[reading] += 1
    memory: dict[str, Reading] = {}
    for key in sorted(readings):
        reading = max(readings[key].items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        if reading and reading[0][:2] != (0, len(key)):  # a bare name (a title, a cell) is no copied context
            memory[key] = reading
    return memory


HEADER = (
    "# The clause memory of the mention tagger (extract/parse/memory.py): written by `make train` from\n"
    "# tests/data/annotations/mentions.jsonl, with extract/models/mentions.crfsuite; do not edit by hand.\n"
    "# One row per clause: the clause, then start, end and label of each mention in it (offsets in the clause).\n"
)


def write(memory: dict[str, Reading], path: Path) -> None:
    """One row per clause, sorted: the clause, then start, end and label of each of its mentions (tabs)."""
    rows = ["\t".join([key, *(f"{a}\t{b}\t{label}" for a, b, label in memory[key])]) for key in sorted(memory)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


def read(path: Path) -> Memory:
    """The memory written by ``write`` (empty if there is no file); readings are decoded when a clause is
    met (a cold build reads the file in a few milliseconds)."""
    if not path.is_file():
        return {}
    return dict(row.split("\t", 1) for row in path.read_text(encoding="utf-8").splitlines() if row[:2] != "# ")


def _decoded(cells: str) -> Reading:
    parts = cells.split("\t")
    return tuple((int(parts[k]), int(parts[k + 1]), parts[k + 2]) for k in range(0, len(parts), 3))


def recall(line: str, found: list[tuple[int, int, str]], memory: Memory) -> list[tuple[int, int, str]]:
    """``found`` (the tagger's mentions of ``line``) with every remembered clause read as remembered."""
    if not memory:
        return found
    out = found
    for s, e in clauses(line):
        cells = memory.get(line[s:e])
        if cells is None:
            continue
        mine = [(s + a, s + b, label) for a, b, label in _decoded(cells)]
        out = [m for m in out if not (s <= m[0] and m[1] <= e)] + mine
    return out if out is found else sorted(out)
