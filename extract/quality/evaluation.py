"""Precision and recall of the extractor against hand-made gold files (tests/data/gold/*.tsv).

Used by the test suite (thresholds) and by `make bench` (figures). Gold rows are what a careful reader
lists; matching is on the normalised label (NFKC, no spaces), per entry.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..rdf.iri import normalise_label
from ..records import Document


@dataclass(frozen=True, slots=True)
class Score:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives, self.predicted + other.predicted, self.gold + other.gold
        )


def bootstrap_intervals(scores: list[Score], draws: int = 2000, level: float = 0.95,
                        seed: int = 0) -> tuple[tuple[float, float], tuple[float, float]]:
    """Intervals of the mean F1 over documents and of the micro F1 when the documents are drawn again with
    replacement (percentile bootstrap, fixed seed): how far the figures hang on which plans were annotated.
    Not the noise of retraining, which a second split of the folds shows."""
    if not scores:
        raise ValueError("no documents to draw from")
    rng = random.Random(seed)
    n = len(scores)
    means, micros = [], []
    for _ in range(draws):
        pick = [scores[rng.randrange(n)] for _ in range(n)]
        means.append(sum(s.f1 for s in pick) / n)
        micros.append(sum(pick, Score(0, 0, 0)).f1)
    cut = (1 - level) / 2

    def interval(values: list[float]) -> tuple[float, float]:
        values.sort()
        return values[int(cut * (draws - 1))], values[int(round((1 - cut) * (draws - 1)))]

    return interval(means), interval(micros)


def paired_interval(before: list[float], after: list[float], draws: int = 5000, level: float = 0.95,
                    seed: int = 0) -> tuple[float, float, float]:
    """The mean of the per-document differences ``after - before`` and its percentile bootstrap interval
    (documents drawn again with replacement, both figures of a document kept together; fixed seed)."""
    if len(before) != len(after) or not before:
        raise ValueError("two scores per document are needed, for the same documents")
    diffs = [b - a for a, b in zip(before, after, strict=True)]
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(draws))
    cut = (1 - level) / 2
    return sum(diffs) / n, means[int(cut * (draws - 1))], means[int(round((1 - cut) * (draws - 1)))]


def read_gold(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def score_items(docs: list[Document], gold_path: Path) -> dict[str, Score]:
    """Item precision/recall per document, over the entries the gold file covers."""
    gold: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for row in read_gold(gold_path):
        gold[(row["doc"], int(row["column"]), int(row["position"]))].add(normalise_label(row["item"]))
    scores: dict[str, Score] = {}
    for doc in docs:
        total = Score(0, 0, 0)
        for col in doc.columns:
            for entry in col.entries:
                key = (doc.doc_id, col.number, entry.position)
                if key not in gold:
                    continue
                predicted = {normalise_label(i.label) for i in entry.items}
                total += Score(len(predicted & gold[key]), len(predicted), len(gold[key]))
        if total.gold:
            scores[doc.doc_id] = total
    return scores


def entry_agreement(docs: list[Document], gold_path: Path) -> dict[str, float]:
    """Share of gold entries whose kind, carbon classes, sectors and target years the extractor matches."""
    by_key = {}
    for doc in docs:
        for col in doc.columns:
            for entry in col.entries:
                action = next(a for a in doc.actions if col in a.columns)
                by_key[(doc.doc_id, str(col.number), str(entry.position))] = (entry, action)
    counts: dict[str, int] = defaultdict(int)
    rows = [r for r in read_gold(gold_path) if (r["doc"], r["column"], r["position"]) in by_key]
    for row in rows:
        entry, action = by_key[(row["doc"], row["column"], row["position"])]
        classes = " ".join(dict.fromkeys("low" if c == "nonco2" else c for c in entry.carbon_classes))
        counts["found"] += 1
        counts["title"] += entry.title == row["title"]
        counts["kind"] += entry.kind == row["kind"]
        counts["carbon_classes"] += classes == row["carbon_classes"]
        counts["target_years"] += " ".join(map(str, action.target_years)) == row["target_years"]
        counts["action"] += str(action.number) == row["action"]
    gold_total = len(read_gold(gold_path))
    out = {k: v / len(rows) for k, v in counts.items() if k != "found"} if rows else {}
    out["entries_found"] = len(rows) / gold_total if gold_total else 1.0
    return out
