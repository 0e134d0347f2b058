"""Score the outline dckg reads, and its technologies keyed by outline path, against a reader's outline.

A reader judging ``dckg query technologies`` keys every row by its ``section`` (the outline path as
printed, ``三/（一）/2``): a technology found in the right words but under the wrong path is a miss to
them. ``tests/data/outline/<key>.tsv`` (GUIDELINES.md there) say, for documents of the corpus read blind,
which lines open a section, with what path, and where each 专栏 box runs and which section it belongs to.
Three figures per document:

- headings: the build's sections against the reader's (same line and same path);
- paths: for every gold mention (``tests/data/annotations``), whether the build keys its place by the
  reader's path: the share of technologies the outline alone can key right;
- technologies: the build's technology rows scored against the gold mentions as ``make eval`` scores them
  (label equal, spans overlapping), then again requiring the path to be the reader's too.

Run: ``python -m extract.quality.outline_eval [--fold-models DIR] [CORPUS]`` (``make outline-eval``): the
development set, then the held-out set of ``heldout/`` (documents read after the rules were changed, never
used to make them). By default the shipped model tags, and it has seen these documents' mentions: the
technology figures are then not held out, and what they show is what the outline costs (keyed against
unkeyed). With ``--fold-models DIR`` (the models ``make eval EVAL_ARGS="--keep-models DIR"`` kept) each
document is tagged by the fold model that never saw it: the closest this project has to a reader judging
the ``section``-keyed rows of a plan the tool has not seen.
"""

from __future__ import annotations

import bisect
import sys
from dataclasses import dataclass
from pathlib import Path

from ..parse.catalogue import paths_at
from ..pipeline import extract
from .annotations import ROOT, Mention, anchored, corpus_file, rows_by_doc
from .command import corpus_folder, run_command
from .coverage import line_starts
from .evaluation import Score
from .mentions_eval import FoldModels, built_with, normal, pop_option

OUTLINE = ROOT / "tests" / "data" / "outline"
HELD_OUT = OUTLINE / "heldout"  # documents whose outlines were read after the rules were last changed


@dataclass(frozen=True, slots=True)
class ReadOutline:
    """A reader's outline of one document: section lines with their paths, boxes, the first line not
    scored (an attached document; None: the whole text)."""

    sections: tuple[tuple[int, str], ...]
    boxes: tuple[tuple[int, int, str], ...]
    end: int | None

    def path_of_line(self, line: int) -> str | None:
        """The reader's path of a 1-based line (None after the document's end)."""
        if self.end is not None and line >= self.end:
            return None
        for first, last, path in self.boxes:
            if first <= line <= last:
                return path
        k = bisect.bisect_right(self.sections, line, key=lambda s: s[0]) - 1
        return self.sections[k][1] if k >= 0 else ""


def read_outline(path: Path) -> ReadOutline:
    """Parse one outline file (kind, line, last, path, note; ``#`` comments and the header skipped)."""
    sections, boxes, end = [], [], None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("kind\t"):
            continue
        cells = raw.split("\t")
        if len(cells) < 4 or cells[0] not in {"S", "B", "E"} or not cells[1].strip().isdigit():
            raise ValueError(f"{path.name}:{n}: not a row of kind, line, last, path, note: {raw!r}")
        kind, line, last, tree = cells[0], int(cells[1]), cells[2].strip(), cells[3].strip()
        if kind == "S":
            sections.append((line, tree))
        elif kind == "B":
            boxes.append((line, int(last) if last.isdigit() else line, tree))
        else:
            end = line
    return ReadOutline(tuple(sorted(sections)), tuple(sorted(boxes)), end)


@dataclass(frozen=True, slots=True)
class OutlineScore:
    document: str
    headings: Score  # (line, path) of the build's sections against the reader's
    paths: Score  # gold mentions keyed by the reader's path (true positives: the build's path agrees)
    technologies: Score  # the build's technology rows against the gold mentions, paths aside
    keyed: Score  # the same, the path required to be the reader's too


def _matched(predicted: list[tuple[int, int, str, str]], gold: list[tuple[Mention, str]], keyed: bool) -> Score:
    free = list(gold)
    right = 0
    for s, e, label, path in sorted(predicted):
        key = normal(label)
        hit = next((g for g in free if normal(g[0].label) == key and g[0].start < e and s < g[0].end
                    and (not keyed or g[1] == path)), None)
        if hit is not None:
            free.remove(hit)
            right += 1
    return Score(right, len(predicted), len(gold))


def score_document(file: Path, outline: ReadOutline, rows: list[dict], tagger=None) -> OutlineScore:
    """One document's three figures (see the module's docstring); ``tagger``: a model that has not seen
    the document (a fold of ``make eval``), for technology figures that are held out too."""
    doc = extract(file) if tagger is None else built_with(file, tagger)
    starts = line_starts(doc.text)

    def line(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    def scored(offset: int) -> bool:
        return outline.end is None or line(offset) < outline.end

    built = {(line(s.span.start), s.path) for s in doc.sections if scored(s.span.start)}
    read = set(outline.sections)
    headings = Score(len(built & read), len(built), len(read))

    gold = [m for m in anchored(file.name, doc.text, rows) if scored(m.start)]
    read_paths = [outline.path_of_line(line(m.start)) or "" for m in gold]
    built_paths = paths_at(doc, [m.start for m in gold])
    paths = Score(sum(a == b for a, b in zip(read_paths, built_paths, strict=True)), len(gold), len(gold))

    predicted = [(i.span.start, i.span.end, i.label, e.path) for e in doc.entries for i in e.items]
    predicted += [(m.span.start, m.span.end, m.label, m.path) for m in doc.mentions]
    predicted = [p for p in predicted if scored(p[0])]
    pairs = list(zip(gold, read_paths, strict=True))
    return OutlineScore(file.name, headings, paths, _matched(predicted, pairs, False), _matched(predicted, pairs, True))


def evaluate(corpus: Path, folder: Path = OUTLINE, fold_models: Path | None = None) -> list[OutlineScore]:
    """Every outline file of ``folder`` scored; with ``fold_models`` (the folder ``make eval EVAL_ARGS=
    "--keep-models DIR"`` wrote) each document's technologies come from the fold model that did not see it."""
    gold_rows = rows_by_doc()
    folds = FoldModels(fold_models, corpus) if fold_models is not None else None
    out = []
    for tsv in sorted(folder.glob("*.tsv")):
        file = corpus_file(tsv.stem, corpus)
        tagger = folds.tagger_for(file.name) if folds else None
        out.append(score_document(file, read_outline(tsv), gold_rows.get(file.name, []), tagger))
    return out


def table(scores: list[OutlineScore]) -> str:
    lines = ["| document | headings P | R | paths right | technologies F1 | keyed by path F1 |",
             "|---|---|---|---|---|---|"]
    for s in scores:
        lines.append(f"| {s.document[:40]} | {s.headings.precision:.2f} | {s.headings.recall:.2f} | "
                     f"{s.paths.precision:.2f} ({s.paths.gold}) | {s.technologies.f1:.2f} | {s.keyed.f1:.2f} |")
    if scores:
        def pooled(name: str) -> Score:
            return sum((getattr(s, name) for s in scores), Score(0, 0, 0))

        def mean(name: str, attr: str = "f1") -> float:
            return sum(getattr(getattr(s, name), attr) for s in scores) / len(scores)

        h, p, t, k = pooled("headings"), pooled("paths"), pooled("technologies"), pooled("keyed")
        lines.append(f"| **all (micro)** | {h.precision:.2f} | {h.recall:.2f} | {p.precision:.2f} ({p.gold}) | "
                     f"{t.f1:.2f} | {k.f1:.2f} |")
        lines.append(f"| **mean over {len(scores)} documents** | {mean('headings', 'precision'):.2f} | "
                     f"{mean('headings', 'recall'):.2f} | {mean('paths', 'precision'):.2f} | "
                     f"{mean('technologies'):.2f} | {mean('keyed'):.2f} |")
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - a developer's command (make outline-eval)
    argv = sys.argv[1:]
    folds = pop_option(argv, "--fold-models")  # the folds make eval kept (EVAL_ARGS="--keep-models DIR")
    models = Path(folds) if folds else None
    corpus = corpus_folder("outline_eval", argv[0] if argv else None)
    tagger = "each document's fold model (held out)" if models else "the shipped model (not held out)"
    print(f"Technologies tagged with {tagger}.\n")
    print("Development set (tests/data/outline: the outline rules were changed after reading its errors)\n")
    print(table(evaluate(corpus, OUTLINE, models)))
    if any(HELD_OUT.glob("*.tsv")):
        print("\nHeld out (tests/data/outline/heldout: read after the rule changes, never used to make them)\n")
        print(table(evaluate(corpus, HELD_OUT, models)))


def cli() -> None:
    """``python -m extract.quality.outline_eval``: see ``main``; bad input is one line and exit status 2."""
    run_command("outline_eval", main, "python -m extract.quality.outline_eval [--fold-models DIR] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
