"""Clauses an annotated plan already has, read the way its annotators read them.

Plans of this genre copy each other's wording: a province's implementation plan repeats the national
plan's clauses word for word (推动煤电节能降碳改造、灵活性改造、供热改造"三改联动"). Where a document repeats a
clause of at least ``MIN_CLAUSE`` characters that an annotated plan has, and the annotators marked something
in it, their mentions of that clause replace the tagger's inside it. A clause read differently in different
plans takes the reading most plans gave it (on a tie, the one with more mentions). A remembered reading is
never empty (where the annotated plans marked nothing, the tagger is left to decide), and a clause that is
only the name it marks (a title, a table cell) is not remembered: it carries no context. Likewise a list the
annotators marked as one span (充换电、加氢; 液态和固态锂离子电池) takes their labels where the tagger finds
exactly that span (充换电基础设施, 加氢基础设施), in place of the labels the enumeration rules give it.

Held out (``make eval``: each fold's memory is built from its training documents only), the clauses lifted
the mean document F1 by 0.005 on the name-order folds and by 0.007 on another split, the lists by 0.002 and
0.001 more (docs/tagger-experiments.md, tenth session; docs/decisions/0002-clause-memory.md).

The memory is written by ``make train`` beside the model, from the same annotations:
``extract/models/mentions.memory.tsv`` one clause per row, then its mentions as start, end, label (offsets
in the clause); ``mentions.lists.tsv`` one list span per row, then its labels.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..text.cjk import typeset_chinese_text

CLAUSE = re.compile(r"[^，。；：！？\n]+")
MIN_CLAUSE = 10  # characters: shorter clauses (能源结构调整) repeat by chance, not by copying

JOINER = re.compile(r"[、和及与或]")  # a span with one of these lists items (the enumeration rules' joiners)

Reading = tuple[tuple[int, int, str], ...]  # mentions of one clause: start, end (in the clause), label


@dataclass(frozen=True, slots=True)
class Memory:
    """What the annotated plans say, as read from the files: rows kept as written, decoded when met (a cold
    build reads both files in a few milliseconds)."""

    clauses: dict[str, str] = field(default_factory=dict)  # clause → start, end, label, … (tabs)
    lists: dict[str, str] = field(default_factory=dict)  # a list span → its labels (tabs)


NO_MEMORY = Memory()


@dataclass(frozen=True, slots=True)
class Remembered:
    """The memory as built from annotated documents, before it is written."""

    clauses: dict[str, Reading]
    lists: dict[str, tuple[str, ...]]


def clauses(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the clauses of ``text`` (between ，。；：！？ and line ends) long enough to be remembered."""
    for m in CLAUSE.finditer(text):
        if m.end() - m.start() >= MIN_CLAUSE:
            yield m.span()


def _writable(key: str) -> bool:
    """A key the files can hold: no tab (their separator), not opening as a header row does."""
    return "\t" not in key and key[:2] != "# "


def remembered(documents: Iterable[tuple[str, Iterable[tuple[int, int, str]]]]) -> Remembered:
    """The memory of annotated ``documents`` (text, mentions as start, end, label): every clause with the
    reading most documents gave it, kept where that reading marks something and the clause is more than the
    name it marks (a clause a mention runs out of is not remembered; each document counts once per clause);
    every marked span with a joiner, with the labels most of its marks gave it."""
    readings: dict[str, Counter[Reading]] = {}
    labelled: dict[str, Counter[tuple[str, ...]]] = {}
    for text, mentions in documents:
        text = typeset_chinese_text(text)  # as ``tag`` reads it
        marks = sorted(set(mentions))
        starts = [m[0] for m in marks]
        by_span: dict[tuple[int, int], list[str]] = {}
        for a, b, label in marks:
            by_span.setdefault((a, b), []).append(label)
        for (a, b), labels in by_span.items():
            if JOINER.search(text[a:b]) and _writable(text[a:b]):
                labelled.setdefault(text[a:b], Counter())[tuple(sorted(labels))] += 1
        seen: set[tuple[str, Reading]] = set()
        for s, e in clauses(text):
            # the marks that may touch the clause: a mark running into it starts among the few just before
            near = marks[max(0, bisect.bisect_left(starts, s) - 64) : bisect.bisect_left(starts, e)]
            if any(a < e and b > s and not (s <= a and b <= e) for a, b, _ in near):
                continue
            reading = tuple((a - s, b - s, label) for a, b, label in near if s <= a and b <= e)
            key = text[s:e]
            if _writable(key) and (key, reading) not in seen:
                seen.add((key, reading))
                readings.setdefault(key, Counter())[reading] += 1
    memory: dict[str, Reading] = {}
    for key in sorted(readings):
        reading = max(readings[key].items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        if reading and reading[0][:2] != (0, len(key)):  # a bare name (a title, a cell) is no copied context
            memory[key] = reading
    lists = {key: max(labelled[key].items(), key=lambda kv: (kv[1], kv[0]))[0] for key in sorted(labelled)}
    return Remembered(memory, lists)


HEADER = (
    "# The clause memory of the mention tagger (extract/parse/memory.py): written by `make train` from\n"
    "# tests/data/annotations/mentions.jsonl, with extract/models/mentions.crfsuite; do not edit by hand.\n"
    "# One row per clause: the clause, then start, end and label of each mention in it (offsets in the clause).\n"
)
LISTS_HEADER = (
    "# The list memory of the mention tagger (extract/parse/memory.py): written by `make train` from\n"
    "# tests/data/annotations/mentions.jsonl, with extract/models/mentions.crfsuite; do not edit by hand.\n"
    "# One row per annotated span that lists items: the span, then the labels the annotators gave it.\n"
)


def lists_path(path: Path) -> Path:
    """Where the list memory lives beside the clause memory at ``path`` (….memory.tsv → ….lists.tsv)."""
    return path.with_name(path.name.replace(".memory.", ".lists."))


def write(memory: Remembered, path: Path) -> None:
    """The clause memory at ``path`` (one row per clause, sorted: the clause, then start, end and label of
    each of its mentions, tabs) and the list memory beside it (the span, then its labels)."""
    rows = ["\t".join([key, *(f"{a}\t{b}\t{label}" for a, b, label in memory.clauses[key])])
            for key in sorted(memory.clauses)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    rows = ["\t".join([key, *memory.lists[key]]) for key in sorted(memory.lists)]
    lists_path(path).write_text(LISTS_HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")


def _rows(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    return dict(row.split("\t", 1) for row in path.read_text(encoding="utf-8").splitlines() if row[:2] != "# ")


def read(path: Path) -> Memory:
    """The memory ``write`` wrote at ``path`` (empty where there is no file)."""
    return Memory(_rows(path), _rows(lists_path(path)))


def _decoded(cells: str) -> Reading:
    parts = cells.split("\t")
    return tuple((int(parts[k]), int(parts[k + 1]), parts[k + 2]) for k in range(0, len(parts), 3))


def recall(line: str, found: list[tuple[int, int, str]], memory: Memory) -> list[tuple[int, int, str]]:
    """``found`` (the tagger's mentions of ``line``, a span given once per label) with every remembered list
    labelled as remembered and every remembered clause read as remembered."""
    if not memory.clauses and not memory.lists:
        return found
    out = found
    if memory.lists and any(JOINER.search(line, s, e) for s, e, _ in found):
        out, relabelled = [], set()
        for s, e, label in found:
            labels = memory.lists.get(line[s:e])
            if labels is None:
                out.append((s, e, label))
            elif (s, e) not in relabelled:  # the span's labels, all of them, become the remembered ones
                relabelled.add((s, e))
                out.extend((s, e, x) for x in labels.split("\t"))
    for s, e in clauses(line):
        cells = memory.clauses.get(line[s:e])
        if cells is None:
            continue
        mine = [(s + a, s + b, label) for a, b, label in _decoded(cells)]
        out = [m for m in out if not (s <= m[0] and m[1] <= e)] + mine
    return out if out is found else sorted(out)
