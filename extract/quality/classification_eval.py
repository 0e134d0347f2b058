"""Score how the build classifies technologies (carbon class, sectors, activity, part, years) against readers.

``tests/data/classification/gold.tsv`` holds a sample of the annotated mentions (``tests/data/annotations``),
up to four a document, drawn by a hash so that no one chose them, each classified by a reader under
GUIDELINES.md there without seeing the tool's output. The build's classification of the same span is what
``dckg query technologies`` would print for it: an entry item's (the entry-item rules) where one overlaps
the span, else the mention's (``parse.catalogue``), whatever the tagger found, so that the figure judges
the classifier alone. Its carbon class is the query's (the most specific: negative, zero, low; non-CO2
abatement counts as low), its sectors the query's top-level ones. A second pass (GUIDELINES-part.md) gave
each row the part of the plan it stands in and its own sentence's target years, scored against the
mention's ``dckg:documentPart`` and ``dckg:targetYear``. ``second.tsv`` is another reader's classification
of some rows, to see how clear the guidelines are.

The sample is split by document into a development half (``dev``: the rules may be changed after reading
its errors) and a held-out half (``test``: scored, never used to make a rule).

Run: ``python -m extract.quality.classification_eval [--errors] [CORPUS]`` (``make classification-eval``).
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..parse.catalogue import _Index, _mention
from ..parse.mentions import Found
from ..pipeline import extract
from ..rdf.iri import normalise_label
from ..records import Document, Span
from ..resources import ontology_file
from .annotations import ROOT, document_file
from .command import corpus_folder, run_command
from .evaluation import Score

GOLD = ROOT / "tests" / "data" / "classification" / "gold.tsv"
SECOND = GOLD.with_name("second.tsv")  # a second reader's classification of some of the same rows
CLASSES = ("negative", "zero", "low")
SECTORS = ("energy", "industry", "buildings", "transport", "afolu", "waste", "cross_sector")
ACTIVITIES = ("basic_research", "rd", "demonstration", "deployment", "")
PARTS = ("task", "goal", "status", "safeguard", "preamble", "closing")


@dataclass(frozen=True, slots=True)
class Judged:
    """One mention as a reader classified it."""

    doc: str
    sha256: str
    start: int
    end: int
    label: str
    split: str  # dev | test
    carbon_class: str
    sectors: frozenset[str]
    activity: str
    part: str | None = None  # task, goal, status, safeguard, preamble, closing (None: not judged)
    years: frozenset[int] | None = None  # the target years of its own sentence (None: not judged)


@dataclass(frozen=True, slots=True)
class Built:
    """The same span as the build classifies it (the columns of ``dckg query technologies``, and the span's
    dckg:documentPart and dckg:targetYear)."""

    carbon_class: str
    sectors: frozenset[str]
    activity: str
    part: str = ""
    years: frozenset[int] = frozenset()


def read_gold(path: Path = GOLD) -> list[Judged]:
    """The readers' rows; a value outside the guidelines' vocabulary is an error in the file."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        for r in csv.DictReader(lines, delimiter="\t"):
            sectors = frozenset(r["sectors"].split())
            if r["carbon_class"] not in CLASSES or not sectors or not sectors <= set(SECTORS) \
                    or r["activity"] not in ACTIVITIES or r["split"] not in ("dev", "test"):
                raise InputError(f"{path.name}: row {r['doc']}:{r['start']} has a value outside the guidelines")
            part = r.get("part") or None
            years = frozenset(int(y) for y in r["years"].split()) if "years" in r else None
            if part is not None and part not in PARTS:
                raise InputError(f"{path.name}: row {r['doc']}:{r['start']} has a part outside the guidelines")
            rows.append(Judged(r["doc"], r["sha256"], int(r["start"]), int(r["end"]), r["label"], r["split"],
                               r["carbon_class"], sectors, r["activity"], part, years))
    return rows


@cache
def top_sectors() -> dict[str, str]:
    """Sector notation → its top concept's notation, from ontology/sectors.ttl."""
    text = ontology_file("sectors.ttl").read_text(encoding="utf-8")
    names = dict(re.findall(r'sector:(\w+) a skos:Concept ; skos:notation "(\w+)"', text))
    out = {notation: notation for notation in names.values()}
    for name, parent in re.findall(r"sector:(\w+) a skos:Concept ;[^.]*?skos:broader sector:(\w+)", text, re.S):
        out[names[name]] = names[parent]
    return out


def query_class(classes: tuple[str, ...]) -> str:
    """The ``carbon_class`` column: the most specific class, non-CO2 abatement counted as low."""
    for name in ("negative", "zero"):
        if name in classes:
            return name
    return "low" if classes else ""


def built_class(doc: Document, judged: list[Judged], printed: bool = True) -> list[Built]:
    """How the build classifies each judged span of ``doc``: the overlapping entry item's classification,
    else the mention classifier's; ``printed``: as the query prints it for a build of this document alone."""
    index = _Index(doc)
    items = [(i, e) for e in doc.entries for i in e.items]
    top = top_sectors()
    out = []
    for j in judged:
        span = Span(j.start, j.end)
        item = next(((i, e) for i, e in items if i.span.start < span.end and span.start < i.span.end), None)
        m = _mention(index, Found(j.start, j.end, j.label))
        if item is not None:
            classes, sectors, activity = item[0].carbon_classes, item[0].sectors, item[1].activity or item[0].activity
        else:
            classes, sectors, activity = m.carbon_classes, m.sectors, m.activity
        if printed:
            # the query prints the technology's classes and sectors, which are those of every row of the
            # document that names it (one technology IRI per normalised label)
            key = normalise_label(j.label)
            for row in (*(i for i, _ in items), *doc.mentions):
                if normalise_label(row.label) == key:
                    classes, sectors = (*classes, *row.carbon_classes), (*sectors, *row.sectors)
        out.append(Built(query_class(classes), frozenset(top.get(s, s) for s in sectors), activity or "",
                         m.part, frozenset(m.target_years)))
    return out


@dataclass
class Tally:
    """Agreement over a set of judged mentions (sectors and years as sets: precision, recall, F1)."""

    n: int = 0
    carbon: int = 0
    activity: int = 0
    sectors_exact: int = 0
    sectors: Score = Score(0, 0, 0)
    parts: int = 0
    part_right: int = 0
    years: Score = Score(0, 0, 0)

    def add(self, j: Judged, b: Built) -> None:
        self.n += 1
        self.carbon += j.carbon_class == b.carbon_class
        self.activity += j.activity == b.activity
        self.sectors_exact += j.sectors == b.sectors
        self.sectors += Score(len(j.sectors & b.sectors), len(b.sectors), len(j.sectors))
        if j.part is not None:
            self.parts += 1
            self.part_right += j.part == b.part
        if j.years is not None:
            self.years += Score(len(j.years & b.years), len(b.years), len(j.years))

    def row(self, name: str) -> str:
        share = (lambda k: f"{k / self.n:.2f}") if self.n else (lambda k: "–")
        s = self.sectors
        return (f"| {name} | {self.n} | {share(self.carbon)} | {share(self.sectors_exact)} | {s.precision:.2f} "
                f"| {s.recall:.2f} | {s.f1:.2f} | {share(self.activity)} |")


def evaluate(corpus: Path, gold: list[Judged]) -> list[tuple[Judged, Built]]:
    """Every judged mention beside the build's classification (documents whose text changed since the
    sample was drawn are reported and skipped)."""
    by_doc: dict[str, list[Judged]] = {}
    for j in gold:
        by_doc.setdefault(j.doc, []).append(j)
    pairs = []
    for name, judged in sorted(by_doc.items()):
        file = document_file(name, corpus)
        if file is None:
            continue
        doc = extract(file)
        if hashlib.sha256(doc.text.encode("utf-8")).hexdigest() != judged[0].sha256:
            print(f"{name}: text changed since the sample was drawn; skipped", file=sys.stderr)
            continue
        pairs += zip(judged, built_class(doc, judged), strict=True)
    return pairs


def report(pairs: list[tuple[Judged, Built]]) -> str:
    tallies = {"dev": Tally(), "test": Tally(), "all": Tally()}
    confusion: Counter[tuple[str, str]] = Counter()
    for j, b in pairs:
        tallies[j.split].add(j, b)
        tallies["all"].add(j, b)
        confusion[(j.carbon_class, b.carbon_class)] += 1
    lines = ["| set | mentions | carbon class right | sectors exact | sectors P | R | F1 | activity right |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [t.row(name) for name, t in tallies.items()]
    lines.append("")
    lines.append("| set | judged for part | part right | target years P | R | F1 |")
    lines.append("|---|---|---|---|---|---|")
    for name, t in tallies.items():
        if t.parts:
            y = t.years
            lines.append(f"| {name} | {t.parts} | {t.part_right / t.parts:.2f} | {y.precision:.2f} | {y.recall:.2f} "
                         f"| {y.f1:.2f} |")
    lines.append("")
    lines.append("Carbon class, reader (rows) against build (columns): "
                 + "; ".join(f"{g}: " + ", ".join(f"{b or 'none'} {confusion[(g, b)]}"
                                                  for b in (*CLASSES, "") if confusion[(g, b)])
                             for g in CLASSES))
    return "\n".join(lines)


def errors(pairs: list[tuple[Judged, Built]], split: str = "dev") -> str:
    """The development half's disagreements, to read (never the held-out half's)."""
    out = []
    for j, b in pairs:
        if j.split != split:
            continue
        wrong = [f"{name} {g} ≠ {x}" for name, g, x in (
            ("carbon", j.carbon_class, b.carbon_class),
            ("sectors", " ".join(sorted(j.sectors)), " ".join(sorted(b.sectors))),
            ("activity", j.activity or "-", b.activity or "-"),
            ("part", j.part or b.part, b.part),
            ("years", " ".join(map(str, sorted(j.years if j.years is not None else b.years))),
             " ".join(map(str, sorted(b.years))))) if g != x]
        if wrong:
            out.append(f"{j.doc[:24]}:{j.start} {j.label}: " + "; ".join(wrong))
    return "\n".join(out)


def agreement(gold: list[Judged], second: list[Judged]) -> str:
    """How far a second reader's classification of the same rows agrees with the gold (the table's columns)."""
    by_place = {(j.doc, j.start, j.end, j.label): j for j in gold}
    tally = Tally()
    for j in second:
        g = by_place[(j.doc, j.start, j.end, j.label)]
        tally.add(g, Built(j.carbon_class, j.sectors, j.activity))
    return "\n".join(["| set | mentions | carbon class right | sectors exact | sectors P | R | F1 | activity right |",
                      "|---|---|---|---|---|---|---|---|", tally.row("second reader against gold")])


def main() -> None:  # pragma: no cover - a developer's command (make classification-eval)
    argv = sys.argv[1:]
    show = "--errors" in argv
    argv = [a for a in argv if a != "--errors"]
    corpus = corpus_folder("classification_eval", argv[0] if argv else None)
    gold = read_gold()
    pairs = evaluate(corpus, gold)
    print(report(pairs))
    if SECOND.is_file():
        print()
        print(agreement(gold, read_gold(SECOND)))
    if show:
        print()
        print(errors(pairs))


def cli() -> None:  # pragma: no cover
    run_command("classification_eval", main, "python -m extract.quality.classification_eval [--errors] [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
