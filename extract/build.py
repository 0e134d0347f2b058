"""Build: documents on disk to a validated graph written atomically to an output folder."""

from __future__ import annotations

import glob
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import InputError
from .pipeline import extract
from .rdf.export import serialize, write_atomic
from .rdf.graph import build_graph
from .rdf.validate import Report, validate
from .records import Document

DEFAULT_INPUTS = "seeds/*.txt"
OUTPUTS = {"graph.ttl": "turtle", "graph.jsonld": "json-ld"}


@dataclass(frozen=True, slots=True)
class BuildResult:
    documents: tuple[Document, ...]
    graph: Graph
    report: Report
    written: tuple[Path, ...] = field(default=())


def resolve_inputs(paths: tuple[str, ...]) -> list[Path]:
    """Expand the given paths (or the default glob); a missing path is an input error."""
    if not paths:
        found = sorted(Path(p) for p in glob.glob(DEFAULT_INPUTS))
        if not found:
            raise InputError(f"no input given and nothing matches {DEFAULT_INPUTS}")
        return found
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(path.glob("*.txt"))
            if not found:
                raise InputError(f"{path}: folder holds no .txt document")
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file")
    ids = Counter(p.stem for p in out)
    dupes = [k for k, n in ids.items() if n > 1]
    if dupes:
        raise InputError(f"two inputs share the document id {dupes[0]!r}: rename one")
    return out


def build(paths: tuple[str, ...], out_dir: Path) -> BuildResult:
    """Extract, build, validate; write only a conforming graph, and only whole files."""
    docs = tuple(extract(p) for p in resolve_inputs(paths))
    graph = build_graph(docs)
    report = validate(graph)
    if not report.conforms:
        return BuildResult(docs, graph, report)
    payloads = {name: serialize(graph, fmt) for name, fmt in OUTPUTS.items()}
    written = []
    for name, data in payloads.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    return BuildResult(docs, graph, report, tuple(written))


def summary(result: BuildResult) -> str:
    docs = result.documents
    entries = [e for d in docs for e in d.entries]
    kinds = Counter(e.kind for e in entries)
    classes = Counter(c for e in entries for c in e.carbon_classes)
    lines = [
        f"documents: {len(docs)}",
        f"actions:   {sum(len(d.actions) for d in docs)}",
        f"boxes:     {sum(len(d.columns) for d in docs)}",
        f"entries:   {len(entries)} ({kinds['technology']} technology, {kinds['measure']} measure)",
        "carbon:    "
        + ", ".join(f"{name} {classes[name]}" for name in ("low", "nonco2", "zero", "negative")),
        f"triples:   {len(result.graph)}",
    ]
    for d in docs:
        for w in d.warnings:
            lines.append(f"warning: {d.source_name}: {w}")
    return "\n".join(lines)
