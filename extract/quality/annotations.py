"""Span annotations of technology mentions (tests/data/annotations/): raw rows → mentions.jsonl, and back.

Annotators write ``raw/<key>.tsv`` rows ``line<TAB>span<TAB>labels`` against the numbered clean text that
``dckg text FILE --numbered`` prints (GUIDELINES.md). This module anchors each row to offsets in that text
and writes ``mentions.jsonl``: one object per (mention, label) with the document's file name, the SHA-256 of
its clean text, the half-open offsets, the characters and the label. Reading them back (``load``) checks
the hash and re-anchors a mention by its characters when the clean text has changed since.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..pipeline import clean_text_of
from .coverage import line_starts

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "tests" / "data" / "annotations"


@dataclass(frozen=True, slots=True)
class Mention:
    doc: str  # file name of the document
    start: int
    end: int
    text: str
    label: str


def document_file(name: str, corpus: Path) -> Path | None:
    """The corpus file of that file name, in whichever subfolder it is (None when it is not there)."""
    return next((p for p in corpus.rglob(name) if p.is_file()), None)


def corpus_file(key: str, corpus: Path) -> Path:
    """The corpus file a raw annotation file's key names: ``16`` → plans/16、….pdf, or a stem."""
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and (path.stem == key or path.name.startswith(f"{key}、")):
            return path
    raise FileNotFoundError(f"no corpus file for annotation key {key!r} under {corpus}")


Row = tuple[int, str, list[str], int | None]  # line, span, labels, column (None: found by the span)


def _rows(raw: Path) -> list[Row]:
    out: list[Row] = []
    for row in raw.read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) < 2 or not parts[0].strip().isdigit() or not parts[1]:
            continue
        labels = [x for x in parts[2].split("|") if x] if len(parts) > 2 else []
        column = int(parts[3]) if len(parts) > 3 and parts[3].strip().isdigit() else None
        out.append((int(parts[0]), parts[1], labels, column))
    return out


def _anchor(lines: list[str], rows: list[Row], *, per_span: bool) -> list[tuple[int, int]]:
    """Column of each row on its line: the one the row gives (checked against the span), else the k-th
    occurrence of the span (``per_span``, as check.py counts) or the first occurrence at or after the
    previous row's start on the line (text order)."""
    seen: dict[tuple[int, str], int] = defaultdict(int)
    cursor: dict[int, int] = defaultdict(int)
    used: set[tuple[int, int]] = set()
    out = []
    for n, span, _, column in rows:
        line = lines[n - 1] if 0 < n <= len(lines) else ""
        if column is not None:
            pos = column if line[column : column + len(span)] == span else -1
        elif per_span:
            pos = line.find(span, seen[(n, span)])
            if pos >= 0:
                seen[(n, span)] = pos + len(span)
        else:
            pos = line.find(span, cursor[n])
            while pos >= 0 and (n, pos) in used:
                pos = line.find(span, pos + 1)
            if pos >= 0:
                cursor[n] = pos
        used.add((n, pos))
        out.append((n, pos))
    return out


def _overlaps(anchors: list[tuple[int, int]], rows: list[Row]) -> int:
    spans = sorted((n, c, c + len(r[1])) for (n, c), r in zip(anchors, rows, strict=True) if c >= 0)
    return sum(1 for a, b in zip(spans, spans[1:], strict=False) if a[0] == b[0] and b[1] < a[2])


def convert(raw: Path, text: str, doc: str) -> tuple[list[Mention], list[str]]:
    """Mentions of one raw file; the problems (rows not found) as messages. Of the two ways of counting
    repeats annotators used, the one that leaves fewer overlapping spans is taken."""
    lines = text.split("\n")
    starts = line_starts(text)
    rows = _rows(raw)
    a, b = _anchor(lines, rows, per_span=True), _anchor(lines, rows, per_span=False)
    anchors = a if (sum(c < 0 for _, c in a), _overlaps(a, rows)) <= (sum(c < 0 for _, c in b), _overlaps(b, rows)) \
        else b
    out: list[Mention] = []
    problems = []
    for (n, col), (_, span, labels, given) in zip(anchors, rows, strict=True):
        if col < 0:
            problems.append(f"{raw.name}: line {n}: {span!r} not found")
            continue
        start = starts[n - 1] + col
        end = start + len(span)
        if given is None and len(labels) == 1 and labels[0] in span and labels[0] != span:
            # a span widened only to make it unique on its line: cut it back to its label
            start += span.index(labels[0])
            end = start + len(labels[0])
        for label in labels or [span]:
            out.append(Mention(doc, start, end, text[start:end], label))
    return out, problems


def raw_rows(text: str, mentions: list[Mention]) -> list[str]:
    """The raw rows that give back ``mentions`` (the way back from mentions.jsonl): one row per span in text
    order, its labels joined with |, with the span's column so that no anchoring guess is needed."""
    starts = line_starts(text)
    labels: dict[tuple[int, int], list[str]] = defaultdict(list)
    for m in mentions:
        labels[(m.start, m.end)].append(m.label)
    rows = []
    for (start, end), names in sorted(labels.items()):
        n = bisect.bisect_right(starts, start)
        span = text[start:end]
        written = "" if names == [span] else "|".join(sorted(names))
        rows.append(f"{n}\t{span}\t{written}\t{start - starts[n - 1]}")
    return rows


def suggested_rows(text: str, tagger=None) -> list[str]:
    """A first draft of a document's raw rows from the tagger (``dckg text FILE --suggest``): what it finds,
    in the raw format, each row with a fifth column, the model's confidence (empty where only the clause
    memory marked it; the loader reads four columns and ignores it). Correcting a draft is quicker than
    writing every row, but a reader must still read every line: the tagger misses about a quarter."""
    from ..parse.mentions import tag

    found = tag(text, tagger)
    rows = raw_rows(text, [Mention("", f.start, f.end, text[f.start : f.end], f.text) for f in found])
    sure: dict[tuple[int, int], float | None] = {}
    for f in found:
        key = (f.start, f.end)
        if f.confidence is None:
            sure.setdefault(key, None)
        else:
            old = sure.get(key)
            sure[key] = f.confidence if old is None else min(old, f.confidence)
    spans = sorted(sure)
    return [f"{row}\t{'' if sure[key] is None else f'{sure[key]:.2f}'}" for row, key in zip(rows, spans, strict=True)]


def write_jsonl(data: dict[str, tuple[str, list[Mention]]], out: Path | None = None) -> int:
    """mentions.jsonl from anchored mentions (sorted, so the file is deterministic)."""
    out = out or ANNOTATIONS / "mentions.jsonl"
    records = []
    for doc, (text, mentions) in data.items():
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        records += [{"doc": doc, "sha256": sha, "start": m.start, "end": m.end, "text": m.text, "label": m.label}
                    for m in mentions]
    records.sort(key=lambda r: (r["doc"], r["start"], r["end"], r["label"]))
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return len(records)


def build_jsonl(corpus: Path, out: Path | None = None) -> tuple[int, list[str]]:
    """Convert every raw file; write mentions.jsonl."""
    data: dict[str, tuple[str, list[Mention]]] = {}
    problems: list[str] = []
    for raw in sorted((ANNOTATIONS / "raw").glob("*.tsv")):
        path = corpus_file(raw.stem, corpus)
        text = clean_text_of(path)
        mentions, found = convert(raw, text, path.name)
        problems += found
        data[path.name] = (text, mentions)
    return write_jsonl(data, out), problems


def rows_by_doc(path: Path | None = None) -> dict[str, list[dict]]:
    """The records of mentions.jsonl, by document file name."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in (path or ANNOTATIONS / "mentions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            by_doc[r["doc"]].append(r)
    return dict(sorted(by_doc.items()))


def anchored(doc: str, text: str, rows: list[dict]) -> list[Mention]:
    """A document's records as mentions of ``text``: where they point when it is the annotated text, else
    re-found by their characters from a little before where they were (dropped when not found)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    mentions = []
    for r in rows:
        start, end = r["start"], r["end"]
        if sha != r["sha256"] and text[start:end] != r["text"]:
            near = text.find(r["text"], max(0, start - 2000))
            if near < 0:
                continue
            start, end = near, near + len(r["text"])
        mentions.append(Mention(doc, start, end, r["text"], r["label"]))
    return mentions


def read_without_mentions(corpus: Path) -> list[Path]:
    """The corpus files whose raw file has no row: read in full and found to name no technology (notices,
    finance and carbon-market texts). They have no record in mentions.jsonl; they test that nothing is
    marked where nothing is named."""
    return [corpus_file(raw.stem, corpus) for raw in sorted((ANNOTATIONS / "raw").glob("*.tsv"))
            if not raw.read_text(encoding="utf-8").strip()]


def load(corpus: Path, path: Path | None = None) -> dict[str, tuple[str, list[Mention]]]:
    """Document file name → (clean text, its mentions), re-anchored where the clean text changed; with the
    main set (no ``path``) the documents read in full without a mention come too, with none."""
    out = {}
    for doc, rows in rows_by_doc(path).items():
        file = document_file(doc, corpus)
        if file is None:
            continue
        text = clean_text_of(file)
        out[doc] = (text, anchored(doc, text, rows))
    if path is None:
        for file in read_without_mentions(corpus):
            out.setdefault(file.name, (clean_text_of(file), []))
    return dict(sorted(out.items()))


def main() -> None:  # pragma: no cover - a developer's command (make annotations)
    import sys

    from .command import corpus_folder

    corpus = corpus_folder("annotations", sys.argv[1] if len(sys.argv) > 1 else None)
    n, problems = build_jsonl(corpus)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{n} mentions written to {ANNOTATIONS / 'mentions.jsonl'} ({len(problems)} rows not anchored)")


def cli() -> None:
    """``python -m extract.quality.annotations``: see ``main``; bad input is one line and exit status 2."""
    from .command import run_command

    run_command("annotations", main, "python -m extract.quality.annotations [CORPUS]")


if __name__ == "__main__":  # pragma: no cover
    cli()
