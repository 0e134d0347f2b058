"""Agreement of the metadata dckg reads from documents with the hand-made set tests/data/metadata/gold.tsv.

Fields are compared after the normalisation a reader would not notice (NFKC, no spaces, one kind of dash
and bracket); issuers as a set. A field the gold leaves empty is right only when dckg finds nothing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..parse.metadata import TextMetadata, read_metadata
from ..text.formats import read_source

FIELDS = ("title", "issuers", "date", "number", "type", "region")


def normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans("—―–－〔〕[]«»〈〉", "----()()《》《》"))
    return re.sub(r"[\s\"“”‘’']", "", text)


def predicted(path: Path) -> TextMetadata:
    """What the build records: the text's metadata, the file name's title as the last resort."""
    source = read_source(path)
    n = source.notice
    meta = read_metadata(source.head, source.tail, n.title if n else None, n.issuers if n else (),
                         n.date if n else None, n.doc_number if n else None)
    if not meta.title:
        from ..parse.metadata import _doc_type
        from ..pipeline import _title_from_name

        title = _title_from_name(path)
        meta = replace(meta, title=title, doc_type=_doc_type(title) if title else None)
    return meta


def fields_of(meta: TextMetadata) -> dict[str, str | frozenset[str]]:
    return {
        "title": normal(meta.title or ""),
        "issuers": frozenset(normal(i) for i in meta.issuers),
        "date": meta.date or "",
        "number": normal(meta.number or ""),
        "type": meta.doc_type or "",
        "region": "|".join(r.name for r in meta.regions),
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
    for row in rows:
        path = next(corpus.rglob(row["file"]), None)
        if path is None:
            continue
        got, want = fields_of(predicted(path)), gold_fields(row)
        for f in FIELDS:
            if got[f] == want[f]:
                right[f] += 1
            else:
                misses.append((row["file"], f, got[f], want[f]))
    return Agreement(len(rows), right, misses)


def main() -> None:  # pragma: no cover - a developer's report
    import sys

    root = Path(__file__).resolve().parents[2]
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    corpus = Path(args[0]) if args else root.parent / "shared" / "corpus"
    result = agreement(root / "tests" / "data" / "metadata" / "gold.tsv", corpus)
    verbose = "-v" in sys.argv
    if verbose:
        for file, f, got, want in result.misses:
            print(f"{file[:30]}\t{f}\tdckg={got}\tgold={want}")
    print("| field | right | of | agreement |\n|---|---|---|---|")
    for f in FIELDS:
        print(f"| {f} | {result.right[f]} | {result.documents} | {result.right[f] / result.documents:.0%} |")


if __name__ == "__main__":  # pragma: no cover
    main()
