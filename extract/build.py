"""Build: documents on disk to a validated graph, written atomically to an output folder.

Each document is extracted and validated on its own (in parallel processes with ``jobs > 1``) and comes
back as sorted N-Triples lines, so a parallel build is byte-identical to a serial one. The outputs:
``graph.ttl`` and ``graph.jsonld`` (the merged default graph), ``graph.trig`` (each document in its own
named graph, the reference data in ``id:graph/reference``) and, on request, ``graph.nq``.
"""

from __future__ import annotations

import glob
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from .coverage import coverage
from .errors import InputError
from .pipeline import extract
from .rdf.export import serialize, write_all_atomic
from .rdf.graph import REFERENCE_GRAPH, add_links, document_graph, new_graph, ntriples_lines, reference_ntriples
from .rdf.iri import PREFIXES, document
from .rdf.validate import Report, validate
from .records import Document

DEFAULT_INPUTS = "seeds/*.txt"
INPUT_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".docx")


@dataclass(frozen=True, slots=True)
class DocSummary:
    """What the summary needs of one document; small, so it crosses process boundaries cheaply."""

    doc_id: str
    source_name: str
    actions: int
    boxes: int
    entries: Counter
    carbon: Counter
    items: int
    items_en: int
    labels: int
    labels_en: int
    targets: int
    warnings: tuple[str, ...]
    characters: int = 0
    characters_left_out: int = 0


@dataclass(frozen=True, slots=True)
class DocResult:
    summary: DocSummary
    lines: tuple[str, ...]  # sorted N-Triples of the document's own triples
    report: Report
    coverage: dict


@dataclass(frozen=True, slots=True)
class BuildResult:
    documents: tuple[DocSummary, ...]
    triples: int
    report: Report
    seconds: float
    written: tuple[Path, ...] = field(default=())
    graph: Graph | None = None


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
            found = sorted(f for f in path.iterdir() if f.suffix.lower() in INPUT_SUFFIXES and f.is_file())
            if not found:
                raise InputError(f"{path}: folder holds no document ({', '.join(INPUT_SUFFIXES)})")
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


def summarise(doc: Document, accounted: dict) -> DocSummary:
    entries = doc.entries
    items = [i for e in entries for i in e.items]
    labelled = [a.title_en for a in doc.actions] + [c.title_en for c in doc.columns] + [e.title_en for e in entries]
    return DocSummary(
        doc_id=doc.doc_id,
        source_name=doc.source_name,
        actions=len(doc.actions),
        boxes=len(doc.columns),
        entries=Counter(e.kind for e in entries),
        carbon=Counter(c for e in entries for c in e.carbon_classes),
        items=len(items),
        items_en=sum(1 for i in items if i.label_en),
        labels=len(labelled),
        labels_en=sum(1 for x in labelled if x),
        targets=len(doc.targets),
        warnings=doc.warnings,
        characters=accounted["characters"],
        characters_left_out=accounted["characters_in_no_resource"],
    )


def build_one(path: Path) -> DocResult:
    """Extract one document and validate its graph (with the reference data) on its own."""
    doc = extract(path)
    own = document_graph(doc)
    lines = sorted(set(ntriples_lines(own)))
    checked = new_graph()
    checked.parse(data="\n".join([*reference_ntriples(), *lines]), format="nt")
    accounted = coverage(doc)
    return DocResult(summarise(doc, accounted), tuple(lines), validate(checked), accounted)


def _results(paths: list[Path], jobs: int) -> Iterator[DocResult]:
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield build_one(path)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(build_one, paths, chunksize=max(1, len(paths) // (jobs * 8)))


def _merged(results: list[DocResult]) -> tuple[Graph, list[str]]:
    """The union of every document and the reference data, plus the code lists and reviewed Wikidata
    links of the technologies it names (returned as N-Triples lines for the reference graph)."""
    g = new_graph()
    lines = set(reference_ntriples())
    for r in results:
        lines.update(r.lines)
    g.parse(data="\n".join(sorted(lines)), format="nt")
    return g, _with_links(g)


def _with_links(g: Graph) -> list[str]:
    before = set(ntriples_lines(g))
    add_links(g)
    return sorted(set(ntriples_lines(g)) - before)


def _dataset(results: list[DocResult], link_lines: list[str]) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    ds.graph(REFERENCE_GRAPH).parse(data="\n".join(sorted({*reference_ntriples(), *link_lines})), format="nt")
    for r in results:
        ds.graph(URIRef(document(r.summary.doc_id))).parse(data="\n".join(r.lines), format="nt")
    return ds


def nquads_bytes(results: list[DocResult], link_lines: list[str]) -> bytes:
    """N-Quads: every line of every named graph, sorted, so the file diffs cleanly."""
    out = [f"{line[:-1].rstrip()} <{REFERENCE_GRAPH}> ." for line in {*reference_ntriples(), *link_lines}]
    for r in results:
        graph = document(r.summary.doc_id)
        out.extend(f"{line[:-1].rstrip()} <{graph}> ." for line in r.lines)
    return ("\n".join(sorted(out)) + "\n").encode("utf-8")


def build(
    paths: tuple[str, ...],
    out_dir: Path,
    *,
    jobs: int = 1,
    nquads: bool = False,
    report: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Extract, validate, and write only a conforming graph, and only whole files."""
    start = time.perf_counter()
    inputs = resolve_inputs(paths)
    results: list[DocResult] = []
    for result in _results(inputs, jobs):
        results.append(result)
        if progress:
            progress(1)
    results.sort(key=lambda r: r.summary.doc_id)
    failed = [r.report for r in results if not r.report.conforms]
    summaries = tuple(r.summary for r in results)
    if failed:
        report = Report(False, tuple(v for rep in failed for v in rep.violations))
        return BuildResult(summaries, 0, report, time.perf_counter() - start)
    graph, link_lines = _merged(results)
    payloads = {
        "graph.ttl": serialize(graph, "turtle"),
        "graph.jsonld": serialize(graph, "json-ld"),
        "graph.trig": _dataset(results, link_lines).serialize(format="trig", encoding="utf-8"),
    }
    if nquads:
        payloads["graph.nq"] = nquads_bytes(results, link_lines)
    targets = {out_dir / name: data for name, data in payloads.items()}
    if report is not None:
        doc_reports = [r.coverage for r in results]
        targets[report] = (json.dumps({"documents": doc_reports}, ensure_ascii=False, indent=2) + "\n").encode()
    write_all_atomic(targets)
    written = list(targets)
    return BuildResult(summaries, len(graph), Report(True, ()), time.perf_counter() - start, tuple(written), graph)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def summary(result: BuildResult) -> str:
    docs = result.documents
    kinds: Counter = sum((d.entries for d in docs), Counter())
    classes: Counter = sum((d.carbon for d in docs), Counter())
    items = sum(d.items for d in docs)
    labels = sum(d.labels for d in docs)
    rate = len(docs) / result.seconds if result.seconds else 0.0
    lines = [
        f"documents: {len(docs)}",
        f"actions:   {sum(d.actions for d in docs)}",
        f"boxes:     {sum(d.boxes for d in docs)}",
        f"entries:   {sum(kinds.values())} ({kinds['technology']} technology, {kinds['measure']} measure)",
        "carbon:    " + ", ".join(f"{name} {classes[name]}" for name in ("low", "nonco2", "zero", "negative")),
        f"items:     {items} technologies named in entries",
        f"targets:   {sum(d.targets for d in docs)} quantitative targets",
        f"english:   {sum(d.labels_en for d in docs)}/{labels} action, box and entry labels, "
        f"{sum(d.items_en for d in docs)}/{items} item labels",
        f"triples:   {result.triples}",
        f"left out:  {sum(d.characters_left_out for d in docs)} of {sum(d.characters for d in docs)} characters "
        "are in no resource (preamble, frame sections, closing text; --report FILE lists every paragraph)",
        f"time:      {result.seconds:.2f} s ({rate:.1f} documents/s)",
    ]
    for d in docs:
        for w in d.warnings:
            lines.append(f"warning: {d.source_name}: {w}")
    return "\n".join(lines)
