"""Train the mention tagger (``make train``) and measure it honestly (``make eval``).

Evaluation is document-level cross-validation over the annotated plans: the documents are dealt into
folds in name order, and every document is scored by a model trained without it. A predicted mention is
right when its normalised label equals a gold label of the same document and the spans overlap (each gold
mention matched once). The rules the extractor used before the tagger (items of technology entries) are
scored the same way beside it.
"""

from __future__ import annotations

import hashlib
import os
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from ..parse.memory import Remembered, remembered
from ..parse.memory import read as read_memory
from ..parse.memory import write as write_memory
from ..parse.mentions import MEMORY, MODEL, Found, Reader, bio, features, memory_beside, open_model, tag
from .annotations import Mention, document_file, load
from .command import corpus_folder, run_command
from .evaluation import Score, bootstrap_intervals

# c1/c2 chosen by document-level cross-validation (make eval) among 0.05/0.01 … 0.8/0.2 (2026-12-04);
# with the clause features and 128 documents 0.2/0.05 led (mean 0.7245 vs 0.7209 at 0.4/0.1 and 0.7241
# at 0.1/0.025, 2026-12-05) - chosen on the same folds, so optimistic by about that spread
PARAMS = {"c1": float(os.environ.get("DCKG_C1", 0.2)), "c2": float(os.environ.get("DCKG_C2", 0.05)),
          "max_iterations": 150, "feature.possible_transitions": True}
FOLDS = 5
EXTRA: list[tuple[Score, Score]] = []  # (spans-only, distinct-labels) scores of the last cross-validation
CALIBRATION: list[tuple[float | None, bool]] = []  # (confidence, right) of every held-out mention of the last one


def normal(label: str) -> str:
    return "".join(unicodedata.normalize("NFKC", label).split())


def matched(predicted: list[tuple[int, int, str]], gold: list[Mention]) -> list[bool]:
    """For each prediction in sorted order, whether it is right (each gold mention matched once)."""
    free = list(gold)
    out = []
    for s, e, label in sorted(predicted):
        key = normal(label)
        hit = next((g for g in free if normal(g.label) == key and g.start < e and s < g.end), None)
        if hit is not None:
            free.remove(hit)
        out.append(hit is not None)
    return out


def score(predicted: list[tuple[int, int, str]], gold: list[Mention]) -> Score:
    return Score(sum(matched(predicted, gold)), len(predicted), len(gold))


def calibration(found: list[Found], gold: list[Mention]) -> list[tuple[float | None, bool]]:
    """(confidence, right) of every mention the tagger found in one held-out document."""
    ordered = sorted(found, key=lambda f: (f.start, f.end, f.text))
    return list(zip((f.confidence for f in ordered),
                    matched([(f.start, f.end, f.text) for f in ordered], gold), strict=True))


CONFIDENCE_BANDS = (0.9, 0.8, 0.6, 0.0)


def calibration_lines(pairs: list[tuple[float | None, bool]], gold: int) -> list[str]:
    """How often the tagger's mentions are right by confidence band, and what keeping only the surer ones
    gives (precision and recall over all gold mentions): whether dckg:confidence means what it says."""
    lines = ["", "| confidence | mentions | right | precision | keeping this band and above: P | R | F1 |",
             "|---|---|---|---|---|---|---|"]
    upper = 1.01
    for low in CONFIDENCE_BANDS:
        band = [ok for c, ok in pairs if c is not None and low <= c < upper]
        kept = [ok for c, ok in pairs if c is not None and c >= low]
        if band:
            kept_score = Score(sum(kept), len(kept), gold)
            lines.append(f"| {low:.1f}–{min(upper, 1.0):.1f} | {len(band)} | {sum(band)} | "
                         f"{sum(band) / len(band):.2f} | {_cells(kept_score)} |")
        upper = low
    memory = [ok for c, ok in pairs if c is None]
    if memory:
        lines.append(f"| none (the memory alone) | {len(memory)} | {sum(memory)} | "
                     f"{sum(memory) / len(memory):.2f} | | | |")
    return lines


def score_overlap(predicted: list[tuple[int, int, str]], gold: list[Mention]) -> Score:
    """Spans only: a prediction is right when it overlaps a gold mention not yet matched (boundaries and
    labels aside): how much of the error is where a mention ends rather than whether it is one."""
    free = sorted({(g.start, g.end) for g in gold})
    right = 0
    for s, e, _ in sorted(predicted):
        hit = next((g for g in free if g[0] < e and s < g[1]), None)
        if hit is not None:
            free.remove(hit)
            right += 1
    return Score(right, len(predicted), len({(g.start, g.end) for g in gold}))


def score_set(predicted: list[tuple[int, int, str]], gold: list[Mention]) -> Score:
    """Distinct normalised labels of a document: the catalogue a reader would list."""
    p, g = {normal(x[2]) for x in predicted}, {normal(m.label) for m in gold}
    return Score(len(p & g), len(p), len(g))


def sequences(text: str, mentions: list[Mention]) -> list[tuple[list[list[str]], list[str]]]:
    """(features, BIOES tags) of every non-empty line."""
    out = []
    offset = 0
    spans = sorted({(m.start, m.end) for m in mentions})
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            mine = [(s - offset, e - offset) for s, e in spans if offset <= s and e <= end]
            out.append((features(line), bio(line, mine)))
        offset = end + 1
    return out


def training_sequences(data: dict[str, tuple[str, list[Mention]]]) -> list:
    return [s for name in sorted(data) for s in sequences(*data[name])]


def train(seqs: list[tuple[list[list[str]], list[str]]], path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in seqs:
        trainer.append(xs, ys)
    trainer.set_params(PARAMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def remember(data: dict[str, tuple[str, list[Mention]]]) -> Remembered:
    """The memory of annotated documents (memory.py), as ``make train`` ships it beside the model."""
    return remembered((text, [(m.start, m.end, m.label) for m in mentions]) for text, mentions in data.values())


def fold_reader(folder: Path, k: int) -> Reader:
    """Fold ``k``'s model and memory (a folder written before the memory existed: no memory)."""
    model = folder / f"fold{k}.crfsuite"
    return Reader(open_model(model), read_memory(memory_beside(model)))


def built_with(corpus_file: Path, tagger):
    """The document as built with ``tagger`` (a fold's model) in place of the shipped one, which is put
    back afterwards."""
    from ..parse import mentions as tagging
    from ..pipeline import extract

    shipped = tagging._tagger
    tagging._tagger = lambda: tagger
    try:
        return extract(corpus_file)
    finally:
        tagging._tagger = shipped


def built_predictions(corpus_file: Path, tagger) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """What a build gives for a document with this fold's model in place of the shipped one: the entry-item
    rules' items alone (the extractor before the tagger), and every technology row of the build (items and
    mentions, as ``dckg query technologies`` lists them)."""
    doc = built_with(corpus_file, tagger)
    items = [(i.span.start, i.span.end, i.label) for e in doc.entries for i in e.items]
    return items, items + [(m.span.start, m.span.end, m.label) for m in doc.mentions]


_DATA: dict[str, tuple[str, list[Mention]]] = {}  # the annotated documents, set before the folds' workers fork


Spans = list[tuple[int, int, str]]


def dealt(names: Iterable[str]) -> list[str]:
    """The order documents are dealt into folds: by name, or with ``DCKG_FOLD_SEED`` set by a hash of the
    seed and the name (another split of the same documents, to see whether a change holds on other folds)."""
    seed = os.environ.get("DCKG_FOLD_SEED")
    if not seed:
        return sorted(names)
    return sorted(names, key=lambda n: hashlib.sha256(f"{seed}/{n}".encode()).hexdigest())


def sampled(names: list[str]) -> list[str]:
    """The training documents a fold uses: all of them, or with ``DCKG_TRAIN_SHARE`` set (0 < share < 1) that
    share of them, chosen by a hash of the name (the same documents at every run): a learning curve, to see
    what more annotated plans would buy."""
    share = float(os.environ.get("DCKG_TRAIN_SHARE") or 1)
    if share >= 1:
        return names
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    return sorted(ranked[: max(1, round(share * len(ranked)))])


def pop_option(argv: list[str], flag: str) -> str | None:
    """The value after ``flag`` in ``argv`` (both taken out of it), or None: the developer commands' options."""
    if flag not in argv:
        return None
    k = argv.index(flag)
    value = argv[k + 1]
    del argv[k : k + 2]
    return value


class FoldModels:
    """The fold models ``make eval EVAL_ARGS="--keep-models DIR"`` kept, each asked for by the documents it
    never saw: scoring a document with its own fold's model keeps a figure held out (outline_eval, agreement)."""

    def __init__(self, folder: Path, corpus: Path) -> None:
        names = dealt(load(corpus))
        self.folder = folder
        self.fold_of = {name: k for k in range(FOLDS) for name in names[k::FOLDS]}
        self.taggers: dict[int, object] = {}

    def tagger_for(self, name: str):
        """The model that did not see document ``name`` (None for a document outside the folds)."""
        k = self.fold_of.get(name)
        if k is None:
            return None
        if k not in self.taggers:
            self.taggers[k] = fold_reader(self.folder, k)
        return self.taggers[k]


def _fold(job: tuple[int, int, str, Path | None]) -> list[tuple[str, list[Found], Spans | None, Spans | None]]:
    """Train on every fold but ``k``, tag the documents of fold ``k`` (and build them: rules, whole build)."""
    k, folds, tmp, corpus = job
    names = dealt(_DATA)
    held = names[k::folds]
    model = Path(tmp) / f"fold{k}.crfsuite"
    training = {n: _DATA[n] for n in sampled([n for n in names if n not in held])}
    train(training_sequences(training), model)
    write_memory(remember(training), memory_beside(model))
    tagger = fold_reader(Path(tmp), k)
    out = []
    for name in held:
        found = tag(_DATA[name][0], tagger)
        rules = built = None
        if corpus is not None:
            rules, built = built_predictions(document_file(name, corpus), tagger)
        out.append((name, found, rules, built))
    return out


def cross_validate(corpus: Path, folds: int = FOLDS, with_rules: bool = True, only: int | None = None,
                   keep: Path | None = None) -> list[tuple[str, Score, Score | None, Score | None]]:
    """Every document scored by a model trained on the other folds; ``only``: the first N folds alone (exploring);
    ``keep``: a folder the folds' models are written to (to study their errors afterwards), else a temporary one.
    Folds are trained side by side in forked workers (``DCKG_JOBS``, default the machine's cores); each fold's
    model depends only on its training documents, so the figures do not depend on the number of workers."""
    import multiprocessing
    import tempfile

    _DATA.clear()
    _DATA.update(load(corpus))
    jobs = int(os.environ.get("DCKG_JOBS") or os.cpu_count() or 1)
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        tmp = str(keep) if keep else scratch
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        runs = folds if only is None else min(only, folds)
        work = [(k, folds, tmp, corpus if with_rules else None) for k in range(runs)]
        if jobs > 1 and len(work) > 1:
            with multiprocessing.get_context("fork").Pool(min(jobs, len(work))) as pool:
                done = pool.map(_fold, work, chunksize=1)
        else:
            done = [_fold(job) for job in work]
    EXTRA.clear()
    CALIBRATION.clear()
    for name, found, rules, built in sorted((row for rows in done for row in rows), key=lambda row: row[0]):
        gold = _DATA[name][1]
        CALIBRATION.extend(calibration(found, gold))
        pred = [(f.start, f.end, f.text) for f in found]
        results.append((name, score(pred, gold), score(rules, gold) if rules is not None else None,
                        score(built, gold) if built is not None else None))
        EXTRA.append((score_overlap(pred, gold), score_set(pred, gold)))
    return results


def _cells(score: Score | None) -> str:
    return f"{score.precision:.2f} | {score.recall:.2f} | {score.f1:.2f}" if score else "– | – | –"


def _overall(scores: list[Score]) -> tuple[Score, float | None]:
    """All mentions pooled (micro) and the mean F1 over documents."""
    pooled = Score(sum(s.true_positives for s in scores), sum(s.predicted for s in scores),
                   sum(s.gold for s in scores))
    return pooled, (sum(s.f1 for s in scores) / len(scores) if scores else None)


def table(results: list[tuple[str, Score, Score | None, Score | None]]) -> str:
    """Per held-out document and overall: the tagger on the annotated text, the entry-item rules alone,
    and the whole build (items and mentions: what ``dckg query technologies`` lists)."""
    lines = ["| document | gold | tagger P | R | F1 | rules P | R | F1 | build P | R | F1 |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    scored = [row for row in results if row[1].gold]
    for name, s, r, b in scored:
        lines.append(f"| {name[:40]} | {s.gold} | {_cells(s)} | {_cells(r)} | {_cells(b)} |")
    overall = [_overall([row[k] for row in scored if row[k]]) for k in (1, 2, 3)]
    micro = " | ".join(_cells(pooled if mean is not None else None) for pooled, mean in overall)
    means = " | ".join(f"| | {mean:.2f}" if mean is not None else "| | –" for _, mean in overall)
    lines.append(f"| **all (micro)** | {overall[0][0].gold} | {micro} |")
    lines.append(f"| **mean F1 over held-out documents** | {means} |")
    lines.append("")
    for name, k in (("Tagger", 1), ("Whole build", 3)):
        f1s = [row[k].f1 for row in scored if row[k]]
        if f1s:
            lines.append(f"{name}: lowest document F1 {min(f1s):.2f}, {sum(f < 0.6 for f in f1s)} of {len(f1s)} "
                         "documents below 0.6.")
    if scored:
        (lo, hi), (micro_lo, micro_hi) = bootstrap_intervals([row[1] for row in scored])
        lines.append(f"Tagger, 95% intervals when the {len(scored)} documents are drawn again (bootstrap, 2,000 "
                     f"draws): mean F1 {lo:.2f}–{hi:.2f}, micro F1 {micro_lo:.2f}–{micro_hi:.2f}.")
    larger = [row[1].f1 for row in scored if row[1].gold >= 10]  # one or two mentions score 0 or 1
    if larger:
        lines.append(f"Tagger on the {len(larger)} documents with at least 10 mentions: mean F1 "
                     f"{sum(larger) / len(larger):.2f}, {sum(f < 0.6 for f in larger)} below 0.6.")
    empty = [row for row in results if not row[1].gold]
    if empty:  # read in full, nothing to mark: only false mentions can be found there
        found = [f"{name} {sum(row[k].predicted for row in empty)}"
                 for name, k in (("the tagger", 1), ("the whole build", 3)) if all(row[k] for row in empty)]
        marked = sum(1 for row in empty if row[1].predicted)
        lines.append(f"{len(empty)} documents name no technology (read in full): mentions found in them by "
                     f"{', '.join(found)}; the tagger marks something in {marked} of them.")
    if EXTRA:
        over = [o for o, _ in EXTRA if o.gold]
        sets = [x for _, x in EXTRA if x.gold]
        lines.append(f"Spans only (any overlap, labels aside): mean F1 {sum(o.f1 for o in over) / len(over):.2f}; "
                     f"distinct labels per document: mean F1 {sum(x.f1 for x in sets) / len(sets):.2f}, "
                     f"P {sum(x.precision for x in sets) / len(sets):.2f}, "
                     f"R {sum(x.recall for x in sets) / len(sets):.2f}.")
    if CALIBRATION:
        lines.extend(calibration_lines(CALIBRATION, sum(row[1].gold for row in scored)))
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - make train / make eval
    argv = sys.argv[1:]
    runs = pop_option(argv, "--folds-run")  # --folds-run N: score the first N folds only (a quick look)
    kept = pop_option(argv, "--keep-models")  # --keep-models DIR: write fold0.crfsuite … there
    only = int(runs) if runs else None
    keep = Path(kept) if kept else None
    args = [a for a in argv if not a.startswith("-")]
    corpus = corpus_folder("mentions_eval", args[0] if args else None)
    if "--train" in sys.argv:
        data = load(corpus)
        train(training_sequences(data), MODEL)
        memory = remember(data)
        write_memory(memory, MEMORY)
        print(f"trained on {len(data)} documents, {sum(len(m) for _, m in data.values())} mentions: {MODEL}; "
              f"{len(memory.clauses)} annotated clauses and {len(memory.lists)} lists remembered: {MEMORY}")
        return
    print(table(cross_validate(corpus, with_rules="--no-rules" not in argv, only=only, keep=keep)))


def cli() -> None:
    """``python -m extract.quality.mentions_eval``: see ``main``; bad input is one line and exit status 2."""
    run_command("mentions_eval", main, "python -m extract.quality.mentions_eval [--train | --no-rules] "
                "[--folds-run N] [--keep-models DIR] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
