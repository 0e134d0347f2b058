"""Agreement of the metadata dckg reads from documents with the hand-made set tests/data/metadata/gold.tsv.

Fields are compared after the normalisation a reader would not notice (NFKC, no spaces, one kind of dash
and bracket); issuers as a set. A field the gold leaves empty is right only when dckg finds nothing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..pipeline import document_metadata
from ..records import Metadata
from ..text.formats import read_source
from .command import ROOT, corpus_folder, run_command

FIELDS = ("title", "issuers", "date", "number", "type", "region")


def normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans("—―–－〔〕[]«»〈〉", "----()()《》《》"))
    return re.sub(r"[\s\"“”‘’']", "", text)


def predicted(path: Path) -> Metadata:
    """What the build records (pipeline.document_metadata), read the way the build reads it."""
    return document_metadata(path, read_source(path))


def fields_of(meta: Metadata) -> dict[str, str | frozenset[str]]:
    return {
        "title": normal(meta.title or ""),
        "issuers": frozenset(normal(i) for i in meta.issuers),
        "date": meta.date_signed or meta.published or "",
        "number": normal(meta.document_number or ""),
        "type": meta.document_type or "",
        "region": "|".join(name for _, name, _ in meta.regions),
    }


def gold_fields(row: dict[str, str]) -> dict[str, str | frozenset[str]]:
    return {
        "title": normal(row["title"]),
        "issuers": frozenset(normal(i) for i in row["issuers"].split("|") if i.strip()),
        "date": row["date"].strip(),
        "number": normal(row["number"]),
        "type": row["type"].strip(),
        "region": row["region"].strip(),
    }


@dataclass(frozen=True, slots=True)
class Agreement:
    documents: int
    right: dict[str, int]
    misses: list[tuple[str, str, object, object]]  # file, field, dckg, gold


def agreement(gold_file: Path, corpus: Path) -> Agreement:
    rows = list(csv.DictReader(gold_file.open(encoding="utf-8"), delimiter="\t"))
    right = dict.fromkeys(FIELDS, 0)
    misses = []
    read = 0
    for row in rows:
        path = next(corpus.rglob(row["file"]), None)
        if path is None:
            continue
        read += 1
        got, want = fields_of(predicted(path)), gold_fields(row)
        for f in FIELDS:
            if got[f] == want[f]:
                right[f] += 1
            else:
                misses.append((row["file"], f, got[f], want[f]))
    if rows and not read:
        raise FileNotFoundError(f"none of the {len(rows)} documents of {gold_file.name} is under {corpus}")
    return Agreement(len(rows), right, misses)


NUMERAL = "一二三四五六七八九十百零〇"
GOLD_NUMBER = re.compile(  # the numbering a reader wrote before a heading in the gold ``sections`` column
    rf"^\s*(?:第[{NUMERAL}\d]+[章节条部分篇]|[{NUMERAL}]+[、.．]|\d+(?:\.\d+)*[、.．]?)\s*"
)


def top_sections(path: Path) -> list[str]:
    """The titles of the outline's top level (the highest level present: chapters, else 一、 …) of the file's
    first document, as built (attached documents, parts 1…, are not its sections)."""
    from ..pipeline import extract

    sections = [s for s in extract(path).sections if s.part == 0]  # the first document's (not an attachment's)
    if not sections:
        return []
    top = min(s.level for s in sections)
    return [normal(s.title) for s in sorted(sections, key=lambda s: s.span.start) if s.level == top]


@dataclass(frozen=True, slots=True)
class SectionAgreement:
    documents: int
    exact: int  # documents whose top-level headings are all found, in order, and nothing else
    right: int  # headings found that the reader lists
    found: int
    gold: int


def section_agreement(gold_file: Path, corpus: Path) -> SectionAgreement:
    """Top-level headings against the hand-read ``sections`` column: a heading is right when its title
    (numbering aside) equals one the reader lists for that document (each matched once)."""
    rows = list(csv.DictReader(gold_file.open(encoding="utf-8"), delimiter="\t"))
    exact = right = found = gold = documents = 0
    for row in rows:
        path = next(corpus.rglob(row["file"]), None)
        if path is None:
            continue
        documents += 1
        want = [normal(GOLD_NUMBER.sub("", h)) for h in row["sections"].split("|") if h.strip()]
        got = top_sections(path)
        free = list(want)
        for title in got:
            if title in free:
                free.remove(title)
                right += 1
        found, gold = found + len(got), gold + len(want)
        exact += got == want
    return SectionAgreement(documents, exact, right, found, gold)


def main() -> None:  # pragma: no cover - a developer's report
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    corpus = corpus_folder("metadata_agreement", args[0] if args else None)
    sets = {"development (rules written on them)": "gold.tsv", "held out": "heldout.tsv"}
    results = {name: agreement(ROOT / "tests" / "data" / "metadata" / file, corpus) for name, file in sets.items()}
    if "-v" in sys.argv:
        for file, f, got, want in results["development (rules written on them)"].misses:
            print(f"{file[:30]}\t{f}\tdckg={got}\tgold={want}")
    print("| field | " + " | ".join(f"{name}: right of {r.documents}" for name, r in results.items()) + " |")
    print("|---|" + "---|" * len(results))
    for f in FIELDS:
        cells = " | ".join(f"{r.right[f]} ({r.right[f] / r.documents:.0%})" for r in results.values())
        print(f"| {f} | {cells} |")
    print()
    print("| top-level sections | documents all right | precision | recall |")
    print("|---|---|---|---|")
    for name, file in sets.items():
        a = section_agreement(ROOT / "tests" / "data" / "metadata" / file, corpus)
        print(f"| {name} | {a.exact} of {a.documents} ({a.exact / a.documents:.0%}) | "
              f"{a.right / max(a.found, 1):.0%} | {a.right / max(a.gold, 1):.0%} |")


def cli() -> None:
    """``python -m extract.quality.metadata_agreement``: see ``main``; bad input is one line and exit status 2."""
    run_command("metadata_agreement", main, "python -m extract.quality.metadata_agreement [-v] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
