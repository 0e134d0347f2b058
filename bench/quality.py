"""(5) Precision and recall of technology items against tests/data/gold (the seed and the two test plans),
and how many entries agree with the gold entries."""

from __future__ import annotations

from bench.measure import ROOT
from bench.present import heading, table
from bench.session import Bench

GOLD = ROOT / "tests" / "data" / "gold"
QUALITY_DOCS = ("seeds/*.txt", "tests/data/plans/*.txt")


def figure(b: Bench) -> None:
    """Scores of the extractor as it is, in process: no timing."""
    from extract.pipeline import extract
    from extract.quality.evaluation import entry_agreement, score_items

    heading("(5) technology items against tests/data/gold/items.tsv (the seed and the two test plans)")
    paths = [p for pattern in QUALITY_DOCS for p in sorted(ROOT.glob(pattern))]
    docs = [extract(p) for p in paths]
    scores = score_items(docs, GOLD / "items.tsv")
    rows = []
    total = None
    for doc_id, s in scores.items():
        rows.append([doc_id, str(s.gold), str(s.predicted), str(s.true_positives), f"{s.precision:.2f}",
                     f"{s.recall:.2f}", f"{s.f1:.2f}"])
        total = s if total is None else total + s
    if total is not None:
        rows.append(["all", str(total.gold), str(total.predicted), str(total.true_positives),
                     f"{total.precision:.2f}", f"{total.recall:.2f}", f"{total.f1:.2f}"])
    print(table(["document", "gold", "predicted", "correct", "precision", "recall", "F1"], rows))
    agreement = entry_agreement(docs, GOLD / "entries.tsv") if (GOLD / "entries.tsv").exists() else {}
    if agreement:
        print("  entries agreeing with tests/data/gold/entries.tsv: "
              + ", ".join(f"{k} {v:.0%}" for k, v in agreement.items()))
    b.results["quality"] = {
        "items": {k: {"gold": s.gold, "predicted": s.predicted, "correct": s.true_positives,
                      "precision": s.precision, "recall": s.recall, "f1": s.f1} for k, s in scores.items()},
        "items_all": None if total is None else {"precision": total.precision, "recall": total.recall,
                                                 "f1": total.f1},
        "entries": agreement,
    }

