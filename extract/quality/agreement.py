"""How far two careful annotators agree (``make agreement``): the ceiling a tagger can be judged against.

A second annotator re-annotated some documents blind (without seeing the first annotation) under the same
GUIDELINES.md; their rows are kept in ``tests/data/annotations/second/<key>.tsv`` in the raw format. Each is
scored against the gold of ``mentions.jsonl`` exactly as ``make eval`` scores the tagger (labels equal,
spans overlapping), so the two figures can be read side by side.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..pipeline import clean_text_of
from .annotations import ANNOTATIONS, ROOT, Mention, anchored, convert, corpus_file, rows_by_doc
from .evaluation import Score
from .mentions_eval import score, score_overlap

SECOND = ANNOTATIONS / "second"


Kept = dict[str, tuple[list[Mention], list[Mention], list[str]]]


def second_annotations(corpus: Path, folder: Path = SECOND) -> Kept:
    """Document file name → (gold mentions, second annotator's mentions, rows of theirs not found)."""
    gold_rows = rows_by_doc()
    out = {}
    for raw in sorted(folder.glob("*.tsv")):
        path = corpus_file(raw.stem, corpus)
        text = clean_text_of(path)
        second, problems = convert(raw, text, path.name)
        out[path.name] = (anchored(path.name, text, gold_rows.get(path.name, [])), second, problems)
    return out


def agreement(corpus: Path, folder: Path = SECOND) -> list[tuple[str, Score, Score]]:
    """Per document: the second annotation scored against the gold, with labels and spans only."""
    rows = []
    for name, (gold, second, _) in second_annotations(corpus, folder).items():
        predicted = [(m.start, m.end, m.label) for m in second]
        rows.append((name, score(predicted, gold), score_overlap(predicted, gold)))
    return rows


def table(rows: list[tuple[str, Score, Score]]) -> str:
    lines = ["| document | gold | second | P | R | F1 | spans-only F1 |", "|---|---|---|---|---|---|---|"]
    for name, s, o in rows:
        lines.append(f"| {name[:40]} | {s.gold} | {s.predicted} | {s.precision:.2f} | {s.recall:.2f} | "
                     f"{s.f1:.2f} | {o.f1:.2f} |")
    if rows:
        pooled = sum((s for _, s, _ in rows), Score(0, 0, 0))
        mean = sum(s.f1 for _, s, _ in rows) / len(rows)
        lines.append(f"| **all (micro)** | {pooled.gold} | {pooled.predicted} | {pooled.precision:.2f} | "
                     f"{pooled.recall:.2f} | {pooled.f1:.2f} | |")
        lines.append(f"| **mean F1 over documents** | | | | | {mean:.2f} | "
                     f"{sum(o.f1 for _, _, o in rows) / len(rows):.2f} |")
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - a developer's command (make agreement)
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    print(table(agreement(corpus)))


if __name__ == "__main__":  # pragma: no cover
    main()
