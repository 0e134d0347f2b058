"""Recall and precision of citation finding against tests/data/citations/gold.tsv (make eval).

Matched per document as multisets of citation keys (parse.citations.citation_key): a citation found the
right number of times counts that many times. Numbers are scored on the matched citations.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from ..parse.citations import citation_key
from ..pipeline import extract
from .annotations import ROOT, document_file
from .command import corpus_folder, run_command

GOLD = ROOT / "tests" / "data" / "citations" / "gold.tsv"


def evaluate(corpus: Path, gold_file: Path = GOLD) -> tuple[int, int, int, list[str]]:
    """(right, found, gold, notes) summed over the documents of the gold file."""
    gold: dict[str, Counter] = defaultdict(Counter)
    files = []
    for row in csv.DictReader(gold_file.open(encoding="utf-8"), delimiter="\t"):
        gold[row["file"]][citation_key(row["cited_title"])] += 1
        files.append(row["file"])
    right = found = total = read = 0
    notes = []
    for name in dict.fromkeys(files):
        path = document_file(name, corpus)
        if path is None:
            continue
        read += 1
        got = Counter(citation_key(c.title) for c in extract(path).citations)  # what the build records
        hit = sum((got & gold[name]).values())
        right, found, total = right + hit, found + sum(got.values()), total + sum(gold[name].values())
        for key in (got - gold[name]):
            notes.append(f"{name[:24]}: extra {key}")
        for key in (gold[name] - got):
            notes.append(f"{name[:24]}: missed {key}")
    if not read:
        raise FileNotFoundError(f"none of the {len(gold)} documents of {gold_file.name} is under {corpus}")
    return right, found, total, notes


def main() -> None:  # pragma: no cover - make eval
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    corpus = corpus_folder("citations_eval", args[0] if args else None)
    right, found, total, notes = evaluate(corpus)
    if "-v" in sys.argv:
        print("\n".join(notes))
    print(f"citations: recall {right / total:.2f} ({right}/{total}), precision {right / found:.2f} ({right}/{found})")


def cli() -> None:
    """``python -m extract.quality.citations_eval``: see ``main``; bad input is one line and exit status 2."""
    run_command("citations_eval", main, "python -m extract.quality.citations_eval [-v] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
