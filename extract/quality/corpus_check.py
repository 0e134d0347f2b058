"""The corpus check (``make corpus``): build every file of ../shared/corpus on its own, write docs/corpus.md.

One row a file: outcome (built and conforming, or the one-line reason it was not), seconds, what was
found (sections, boxes, entries, technologies, targets) and which metadata fields were read. The table is
committed, so a change that loses ground on any document shows in its diff.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..text.formats import INPUT_SUFFIXES
from .command import ROOT, corpus_folder, fail, run_command


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    outcome: str
    seconds: float
    sections: int = 0
    boxes: int = 0
    entries: int = 0
    technologies: int = 0
    targets: int = 0
    title: bool = False
    issuers: bool = False
    date: bool = False
    number: bool = False


def check(path: Path) -> Row:
    from ..pipeline import extract
    from ..rdf.graph import document_triples, reference_triples
    from ..rdf.validate import validate_triples

    start = time.perf_counter()
    try:
        doc = extract(path)
        report = validate_triples([*document_triples(doc), *reference_triples()])
    except InputError as exc:
        return Row(path.name, f"not read: {str(exc).split(': ', 1)[-1]}", time.perf_counter() - start)
    seconds = time.perf_counter() - start
    if not report.conforms:
        return Row(path.name, f"does not conform: {report.violations[0].message}", seconds)
    meta = doc.metadata
    return Row(
        path.name, "built", seconds, len(doc.sections), len(doc.columns), len(doc.entries),
        sum(len(e.items) for e in doc.entries) + len(doc.mentions), len(doc.targets),
        bool(meta.title), bool(meta.issuers), bool(meta.date_signed or meta.published), bool(meta.document_number),
    )


def files(corpus: Path) -> list[Path]:
    return sorted((p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES),
                  key=lambda p: (str(p.parent), p.name))


def table(rows: list[Row]) -> str:
    mark = {True: "✓", False: "·"}
    out = [
        "| file | outcome | s | sections | boxes | entries | technologies | targets "
        "| title | issuers | date | number |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(f"| {r.file} | {r.outcome} | {r.seconds:.1f} | {r.sections} | {r.boxes} | {r.entries} | "
                   f"{r.technologies} | {r.targets} | {mark[r.title]} | {mark[r.issuers]} | {mark[r.date]} | "
                   f"{mark[r.number]} |")
    built = [r for r in rows if r.outcome == "built"]
    out.append(f"| **{len(rows)} files** | **{len(built)} built** | {sum(r.seconds for r in rows):.0f} | "
               f"{sum(r.sections for r in built)} | {sum(r.boxes for r in built)} | {sum(r.entries for r in built)} | "
               f"{sum(r.technologies for r in built)} | {sum(r.targets for r in built)} | "
               f"{sum(r.title for r in built)} | {sum(r.issuers for r in built)} | {sum(r.date for r in built)} | "
               f"{sum(r.number for r in built)} |")
    return "\n".join(out)


def main() -> None:  # pragma: no cover - make corpus
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    corpus = corpus_folder("corpus_check", args[0] if args else None)
    paths = files(corpus)
    if not paths:  # docs/corpus.md is committed: an empty table would overwrite the real one
        fail("corpus_check", f"no document under {corpus} ({', '.join(INPUT_SUFFIXES)})")
    with ProcessPoolExecutor(max_workers=2) as pool:
        rows = list(pool.map(check, paths, chunksize=4))
    text = ("# Corpus check\n\n`make corpus` builds every file of `../shared/corpus` on its own and validates it. "
            "Seconds are per file on one core (extraction and validation, not writing); technologies are the "
            "entry items plus the tagged mentions; the last four columns say whether the title, issuers, date "
            "and document number were found. Regenerate after any change to reading, outline or extraction and "
            "read the diff.\n\n" + table(rows) + "\n")
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "corpus.md").write_text(text, encoding="utf-8")
    built = sum(r.outcome == "built" for r in rows)
    print(f"{built} of {len(rows)} files built and conforming; docs/corpus.md written")


def cli() -> None:
    """``python -m extract.quality.corpus_check``: see ``main``; bad input is one line and exit status 2."""
    run_command("corpus_check", main, "python -m extract.quality.corpus_check [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
