"""Strings annotated as mentions in some documents but left unannotated at other occurrences:
``python -m extract.quality.annotation_consistency [CORPUS] [--context N]``.

A check for annotators, not a fix: every annotated span text of at least three characters that is
annotated in at least three documents is looked up in the clean text of every annotated document; each
occurrence no annotated span of that document touches is listed with its line and context, most frequent
strings first. Read each against GUIDELINES.md before editing raw/*.tsv: most are unannotated on purpose
(fields introduced by 围绕/在……等领域, industries, resources, titles that only summarise their items).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from .annotations import ROOT, load

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
        covered = bytearray(len(text))
        for m in mentions:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        for s in strings:
            i = text.find(s)
            while i >= 0:
                if not any(covered[i : i + len(s)]):
                    missed[s].append((name, i))
                i = text.find(s, i + 1)
    rows = [(s, times[s], len(docs[s]), missed[s]) for s in strings if missed[s]]
    return sorted(rows, key=lambda r: (-len(r[3]), r[0]))


def main() -> None:  # pragma: no cover - a developer's command
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    width = int(sys.argv[sys.argv.index("--context") + 1]) if "--context" in sys.argv else 20
    if "--context" in sys.argv:
        args.remove(str(width))
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus"
    data = load(corpus)
    rows = unannotated(data)
    print(f"{len(rows)} strings, {sum(len(r[3]) for r in rows)} unannotated occurrences")
    for s, n, d, occurrences in rows:
        print(f"\n{s}: annotated {n} times in {d} documents; unannotated {len(occurrences)} times in "
              f"{len({x for x, _ in occurrences})}")
        for name, i in occurrences:
            text = data[name][0]
            line = text.count("\n", 0, i) + 1
            before = text[max(0, i - width) : i].replace("\n", "/")
            after = text[i + len(s) : i + len(s) + width].replace("\n", "/")
            print(f"  {name[:24]}:{line}: {before}【{s}】{after}")


if __name__ == "__main__":  # pragma: no cover
    main()
