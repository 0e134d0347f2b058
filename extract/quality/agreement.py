"""How far two careful annotators agree (``make agreement``): the ceiling a tagger can be judged against.

A second annotator re-annotated some documents blind (without seeing the first annotation) under the same
GUIDELINES.md; their rows are kept in ``tests/data/annotations/second/<key>.tsv`` in the raw format. Each is
scored against the gold of ``mentions.jsonl`` exactly as ``make eval`` scores the tagger (labels equal,
spans overlapping), so the two figures can be read side by side.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..parse.mentions import tag
from ..pipeline import clean_text_of
from .annotations import ANNOTATIONS, Mention, anchored, convert, corpus_file, rows_by_doc
from .command import corpus_folder, run_command
from .evaluation import Score
from .mentions_eval import FoldModels, pop_option, score, score_overlap

SECOND = ANNOTATIONS / "second"


Kept = dict[str, tuple[list[Mention], list[Mention], list[str], str]]


def second_annotations(corpus: Path, folder: Path = SECOND) -> Kept:
    """Document file name → (gold mentions, second annotator's mentions, rows of theirs not found, clean text)."""
    gold_rows = rows_by_doc()
    out = {}
    for raw in sorted(folder.glob("*.tsv")):
        path = corpus_file(raw.stem, corpus)
        text = clean_text_of(path)
        second, problems = convert(raw, text, path.name)
        out[path.name] = (anchored(path.name, text, gold_rows.get(path.name, [])), second, problems, text)
    return out


@dataclass(frozen=True)
class Agreement:
    document: str
    second: Score  # the second annotation scored against the gold
    spans: Score  # the same, spans only (labels aside)
    tagger: Score | None = None  # the held-out tagger against the gold (with fold models)
    tagger_second: Score | None = None  # the held-out tagger against the second annotation


def agreement(corpus: Path, folder: Path = SECOND, fold_models: Path | None = None) -> list[Agreement]:
    """Per document: the second annotation scored against the gold, with labels and spans only; with
    ``fold_models`` (the folder ``make eval EVAL_ARGS="--keep-models DIR"`` wrote) also the tagger that never
    saw the document, against the gold and against the second reader: is it as far from both?"""
    folds = FoldModels(fold_models, corpus) if fold_models is not None else None
    rows = []
    for name, (gold, second, _, text) in second_annotations(corpus, folder).items():
        predicted = [(m.start, m.end, m.label) for m in second]
        tagger = folds.tagger_for(name) if folds else None
        if tagger is None:
            rows.append(Agreement(name, score(predicted, gold), score_overlap(predicted, gold)))
            continue
        tagged = [(f.start, f.end, f.text) for f in tag(text, tagger)]
        rows.append(Agreement(name, score(predicted, gold), score_overlap(predicted, gold), score(tagged, gold),
                              score(tagged, second)))
    return rows


def _mean(scores: list[Score]) -> float:
    return sum(s.f1 for s in scores) / len(scores)


def table(rows: list[Agreement]) -> str:
    held = all(r.tagger is not None for r in rows)
    extra = " tagger F1 vs gold | tagger F1 vs second |" if held else ""
    lines = [f"| document | gold | second | P | R | F1 | spans-only F1 |{extra}",
             "|---|---|---|---|---|---|---|" + ("---|---|" if held else "")]
    for r in rows:
        s = r.second
        more = f" {r.tagger.f1:.2f} | {r.tagger_second.f1:.2f} |" if held else ""
        lines.append(f"| {r.document[:40]} | {s.gold} | {s.predicted} | {s.precision:.2f} | {s.recall:.2f} | "
                     f"{s.f1:.2f} | {r.spans.f1:.2f} |{more}")
    if rows:
        pooled = sum((r.second for r in rows), Score(0, 0, 0))
        micro = mean = ""
        if held:
            tg = sum((r.tagger for r in rows), Score(0, 0, 0))
            ts = sum((r.tagger_second for r in rows), Score(0, 0, 0))
            micro = f" {tg.f1:.2f} | {ts.f1:.2f} |"
            mean = f" {_mean([r.tagger for r in rows]):.2f} | {_mean([r.tagger_second for r in rows]):.2f} |"
        lines.append(f"| **all (micro)** | {pooled.gold} | {pooled.predicted} | {pooled.precision:.2f} | "
                     f"{pooled.recall:.2f} | {pooled.f1:.2f} | |{micro}")
        lines.append(f"| **mean F1 over documents** | | | | | {_mean([r.second for r in rows]):.2f} | "
                     f"{_mean([r.spans for r in rows]):.2f} |{mean}")
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - a developer's command (make agreement)
    argv = sys.argv[1:]
    folds = pop_option(argv, "--fold-models")  # the folds make eval kept (EVAL_ARGS="--keep-models DIR")
    models = Path(folds) if folds else None
    corpus = corpus_folder("agreement", argv[0] if argv else None)
    print(table(agreement(corpus, SECOND, models)))


def cli() -> None:
    """``python -m extract.quality.agreement``: see ``main``; bad input is one line and exit status 2."""
    run_command("agreement", main, "python -m extract.quality.agreement [--fold-models DIR] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
