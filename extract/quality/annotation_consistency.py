"""Strings annotated as mentions in some places but left unannotated at others:
``python -m extract.quality.annotation_consistency [CORPUS] [--context N] [--repeats | --contested]``.

A check for annotators, not a fix: every annotated span text of at least three characters that is
annotated in at least three documents is looked up in the clean text of every annotated document; each
occurrence no annotated span of that document touches is listed with its line and context, most frequent
strings first. Read each against GUIDELINES.md before editing raw/*.tsv: most are unannotated on purpose
(fields introduced by 围绕/在……等领域, industries, resources, titles that only summarise their items).

``--repeats`` lists, per document, occurrences of a string the same document marks elsewhere (rule 8 of
GUIDELINES.md); ``--contested`` counts, for every annotated string, its exact marked and its wholly
unmarked occurrences across all documents, most contested first. Both were the candidate lists of the
consistency reviews GUIDELINES.md records; both read the gold alone, never the tagger's output.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

from .annotations import load
from .command import corpus_folder, run_command

MIN_CHARS = 3
MIN_DOCS = 3


def unannotated(data: dict) -> list[tuple[str, int, int, list[tuple[str, int]]]]:
    """(string, times annotated, documents annotated in, [(document, offset) of each unannotated occurrence])."""
    times: Counter = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for name, (_, mentions) in data.items():
        for m in mentions:
            times[m.text] += 1
            docs[m.text].add(name)
    strings = sorted(s for s in times if len(s) >= MIN_CHARS and len(docs[s]) >= MIN_DOCS)
    missed: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for name, (text, mentions) in sorted(data.items()):
        covered = _covered(text, mentions)
        for s in strings:
            missed[s].extend((name, i) for i in _occurrences(text, s) if not any(covered[i : i + len(s)]))
    rows = [(s, times[s], len(docs[s]), missed[s]) for s in strings if missed[s]]
    return sorted(rows, key=lambda r: (-len(r[3]), r[0]))


def _covered(text: str, mentions: list) -> bytearray:
    covered = bytearray(len(text))
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    return covered


def _occurrences(text: str, string: str) -> list[int]:
    found, i = [], text.find(string)
    while i >= 0:
        found.append(i)
        i = text.find(string, i + 1)
    return found


def repeats(data: dict) -> list[tuple[str, int, str]]:
    """(document, offset, string) of each wholly unannotated occurrence of a string of two or more
    characters that the same document annotates elsewhere; an occurrence inside a longer such one is
    left out (the longer one is the candidate)."""
    out = []
    for name, (text, mentions) in sorted(data.items()):
        covered = _covered(text, mentions)
        found = sorted(
            ((i, -len(s), s) for s in {m.text for m in mentions if len(m.text) >= 2}
             for i in _occurrences(text, s) if not any(covered[i : i + len(s)])),
        )
        kept: list[tuple[int, int]] = []
        for i, negative, s in found:
            end = i - negative
            if not any(a <= i and end <= b for a, b in kept):
                kept.append((i, end))
                out.append((name, i, s))
    return out


def contested(data: dict, least: int = 1) -> list[tuple[str, int, int, int, int]]:
    """(string, marked occurrences, documents marking it, wholly unmarked occurrences, documents leaving
    it unmarked) for every annotated string of two or more characters whose smaller side is at least
    ``least``, the most contested (largest smaller side) first. An occurrence that only overlaps another
    mention is on neither side."""
    strings = {m.text for _, mentions in data.values() for m in mentions if len(m.text) >= 2}
    marked: Counter = Counter()
    unmarked: Counter = Counter()
    marked_in: dict[str, set[str]] = defaultdict(set)
    unmarked_in: dict[str, set[str]] = defaultdict(set)
    for name, (text, mentions) in data.items():
        exact = {(m.start, m.end) for m in mentions}
        covered = _covered(text, mentions)
        for s in strings:
            for i in _occurrences(text, s):
                if (i, i + len(s)) in exact:
                    marked[s] += 1
                    marked_in[s].add(name)
                elif not any(covered[i : i + len(s)]):
                    unmarked[s] += 1
                    unmarked_in[s].add(name)
    rows = [(s, marked[s], len(marked_in[s]), unmarked[s], len(unmarked_in[s])) for s in strings
            if min(marked[s], unmarked[s]) >= least]
    return sorted(rows, key=lambda r: (-min(r[1], r[3]), r[0]))


def _context(text: str, i: int, s: str, width: int) -> str:
    before = text[max(0, i - width) : i].replace("\n", "/")
    after = text[i + len(s) : i + len(s) + width].replace("\n", "/")
    return f"{before}【{s}】{after}"


def main() -> None:  # pragma: no cover - a developer's command
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    width = int(sys.argv[sys.argv.index("--context") + 1]) if "--context" in sys.argv else 20
    if "--context" in sys.argv:
        args.remove(str(width))
    corpus = corpus_folder("annotation_consistency", args[0] if args else None)
    data = load(corpus)
    if "--contested" in sys.argv:
        for s, n, d, u, ud in contested(data, least=2):
            print(f"{s}\tmarked {n} in {d} documents\tunmarked {u} in {ud} documents")
        return
    if "--repeats" in sys.argv:
        for name, i, s in repeats(data):
            text = data[name][0]
            print(f"{name[:24]}:{text.count(chr(10), 0, i) + 1}: {_context(text, i, s, width)}")
        return
    rows = unannotated(data)
    print(f"{len(rows)} strings, {sum(len(r[3]) for r in rows)} unannotated occurrences")
    for s, n, d, occurrences in rows:
        print(f"\n{s}: annotated {n} times in {d} documents; unannotated {len(occurrences)} times in "
              f"{len({x for x, _ in occurrences})}")
        for name, i in occurrences:
            text = data[name][0]
            line = text.count("\n", 0, i) + 1
            print(f"  {name[:24]}:{line}: {_context(text, i, s, width)}")


def cli() -> None:
    """``python -m extract.quality.annotation_consistency``: see ``main``; bad input is one line and exit status 2."""
    run_command("annotation_consistency", main, "python -m extract.quality.annotation_consistency "
                "[--contested | --repeats] [--context N] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
