"""Two sets of kept fold models scored on the same held-out documents, paired:
``python -m extract.quality.fold_compare BEFORE AFTER [CORPUS]`` (each a folder that
``make eval EVAL_ARGS="--keep-models DIR"`` wrote for the same folds: set ``DCKG_FOLD_SEED`` as it was when
they were trained).

A change to the tagger is judged this way: mean and micro F1 of both, the documents that moved, and a
paired bootstrap interval of the mean's difference over documents. Retraining alone moves the mean by about
0.005 (docs/tagger-experiments.md), so a change whose interval holds zero on two splits is not evidence.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..parse.mentions import tag
from .annotations import Mention, load
from .command import corpus_folder, fail, run_command
from .evaluation import Score, paired_interval
from .mentions_eval import FoldModels, score


def held_out_scores(folder: Path, data: dict[str, tuple[str, list[Mention]]], corpus: Path) -> dict[str, Score]:
    """Each annotated document with mentions, scored as ``make eval`` scores it, by the fold model that never
    saw it."""
    folds = FoldModels(folder, corpus)
    out = {}
    for name, (text, gold) in sorted(data.items()):
        tagger = folds.tagger_for(name)
        if gold and tagger is not None:
            out[name] = score([(f.start, f.end, f.text) for f in tag(text, tagger)], gold)
    return out


def report(before: dict[str, Score], after: dict[str, Score]) -> str:
    names = sorted(before.keys() & after.keys())
    lines = []
    for label, scores in (("before", before), ("after", after)):
        picked = [scores[n] for n in names]
        pooled = sum(picked, Score(0, 0, 0))
        lines.append(f"{label:6}  mean F1 {sum(s.f1 for s in picked) / len(picked):.4f}  micro F1 {pooled.f1:.4f}  "
                     f"P {pooled.precision:.4f}  R {pooled.recall:.4f}  below 0.6: {sum(s.f1 < 0.6 for s in picked)}")
    a, b = [before[n].f1 for n in names], [after[n].f1 for n in names]
    mean, lo, hi = paired_interval(a, b)
    up = sum(y > x + 1e-9 for x, y in zip(a, b, strict=True))
    down = sum(y < x - 1e-9 for x, y in zip(a, b, strict=True))
    lines.append(f"{len(names)} documents: {up} up, {down} down; mean difference {mean:+.4f}, "
                 f"95% paired bootstrap interval {lo:+.4f} to {hi:+.4f}")
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - a developer's command
    argv = sys.argv[1:]
    if len(argv) not in (2, 3):
        fail("fold_compare", "give two folders of kept fold models (BEFORE_DIR AFTER_DIR), then a CORPUS if "
                             "not the default")
    for folder in argv[:2]:
        if not Path(folder).is_dir():
            fail("fold_compare", f"no folder of fold models at {folder}")
    corpus = corpus_folder("fold_compare", argv[2] if len(argv) == 3 else None)
    data = load(corpus)
    before, after = (held_out_scores(Path(d), data, corpus) for d in argv[:2])
    print(report(before, after))


def cli() -> None:
    """``python -m extract.quality.fold_compare``: see ``main``; bad input is one line and exit status 2."""
    run_command("fold_compare", main, "python -m extract.quality.fold_compare BEFORE_DIR AFTER_DIR [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
