"""Build: documents on disk to a validated graph, written atomically to an output folder.

Each document is extracted and validated on its own (in parallel processes with ``jobs > 1``) and comes
back as sorted N-Triples lines, so a parallel build is byte-identical to a serial one. The outputs:
``graph.ttl`` and ``graph.jsonld`` (the merged default graph), ``graph.trig`` (each document in its own
named graph, the reference data in ``id:graph/reference``) and, on request, ``graph.nq``.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path

from rdflib import RDF, URIRef

from .errors import InputError, on_interrupt
from .files import AtomicOutputs
from .pipeline import doc_id_for, extract
from .quality.coverage import coverage
from .rdf.chunks import Chunks, chunks, prefix_header
from .rdf.graph import concept_triples, document_triples, reference_ntriples, reference_triples
from .rdf.iri import document
from .rdf.ntriples import sorted_lines
from .rdf.reference import mapping_triples
from .rdf.validate import Report, validate_triples
from .rdf.vocab import DCKG, REFERENCE_GRAPH
from .records import Document
from .text.formats import INPUT_SUFFIXES

DEFAULT_INPUTS = "seeds"  # the folder read when no path is given: every document in it, any format


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
    mentions: int = 0
    mentions_en: int = 0
    citations: int = 0


@dataclass(frozen=True, slots=True)
class DocResult:
    summary: DocSummary
    chunks: Chunks  # the document's part of every output file
    report: Report
    coverage: dict | None  # what --report writes; None when no report was asked for
    own_triples: int  # lines whose subject is the document or one of its parts: no other document has them
    shared: bytes  # 8-byte digests of its other lines (technologies, ...), to count distinct triples
    technologies: frozenset[str]  # IRIs of the technologies it names, for the Wikidata links
    concepts: frozenset[str] = frozenset()  # IRIs of the scheme concepts they link to (reference data)


@dataclass(frozen=True, slots=True)
class Failure:
    """A document a ``--keep-going`` build could not build, with the one-line reason."""

    source_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class BuildResult:
    documents: tuple[DocSummary, ...]
    triples: int
    report: Report
    seconds: float
    written: tuple[Path, ...] = field(default=())
    failures: tuple[Failure, ...] = field(default=())


def documents_in(folder: Path, recursive: bool = False) -> list[Path]:
    """The supported documents of a folder (with ``recursive``, of its subfolders too; hidden ones skipped)."""
    candidates = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(
        f for f in candidates
        if f.suffix.lower() in INPUT_SUFFIXES and f.is_file()
        and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def resolve_inputs(paths: tuple[str, ...], recursive: bool = False) -> list[Path]:
    """Expand the given paths (or the default glob); a missing path is an input error."""
    if not paths:
        folder = Path(DEFAULT_INPUTS)
        found = documents_in(folder) if folder.is_dir() else []
        if not found:
            raise InputError(f"no input given and {DEFAULT_INPUTS}/ holds no document ({', '.join(INPUT_SUFFIXES)})")
        return sorted(found, key=doc_id_for)
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = documents_in(path, recursive)
            if not found:
                where = "folder and its subfolders hold" if recursive else "folder holds"
                raise InputError(f"{path}: {where} no document ({', '.join(INPUT_SUFFIXES)})"
                                 + ("" if recursive or not any(path.iterdir()) else "; --recursive reads subfolders"))
            out.extend(found)
        elif path.exists():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file")
    ids = Counter(doc_id_for(p) for p in out)
    dupes = [k for k, n in ids.items() if n > 1]
    if dupes:
        raise InputError(f"two inputs share the document id {dupes[0]!r}: rename one")
    return sorted(out, key=lambda p: doc_id_for(p))


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
        mentions=len(doc.mentions),
        mentions_en=sum(1 for m in doc.mentions if m.label_en),
        citations=len(doc.citations),
    )


def _digests(lines: list[str]) -> bytes:
    return b"".join(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest() for line in lines)


def _split_own(lines: list[str], doc_iri: str) -> tuple[int, list[str]]:
    """How many lines are about the document's own resources, and the rest. Only the rest can repeat in
    another document, so only its digests go to the main process: its memory then grows with the
    vocabulary of technologies, not with the number of triples."""
    whole, part = f"<{doc_iri}> ", f"<{doc_iri}/"
    shared = [line for line in lines if not line.startswith((whole, part))]
    return len(lines) - len(shared), shared


def build_one(path: Path, *, with_coverage: bool = True) -> DocResult:
    """Extract one document, serialise its part of every output, and validate it (with the reference
    data) on its own."""
    doc = extract(path)
    own = document_triples(doc)
    lines = sorted_lines(own)
    doc_iri = str(document(doc.doc_id))
    own_count, shared = _split_own(lines, doc_iri)
    rdf_type, technology = str(RDF.type), str(DCKG.Technology)  # str comparisons: rdflib's __eq__ is Python
    techs = frozenset(str(s) for s, p, o in own if "/technology/" in s and str.__eq__(o, technology)
                      and str.__eq__(p, rdf_type))
    concept_p = str(DCKG.concept)
    concepts = frozenset(str(o) for s, p, o in own if str.__eq__(p, concept_p))
    parts = chunks(lines, doc_iri)
    report = validate_triples(chain(own, reference_triples()))
    accounted = coverage(doc)
    return DocResult(summarise(doc, accounted), parts, report, accounted if with_coverage else None, own_count,
                     _digests(shared), techs, concepts)


def _build_or_fail(path: Path, *, with_coverage: bool) -> DocResult | Failure:
    """``build_one``, with what stops one document turned into a Failure (a ``--keep-going`` build)."""
    try:
        result = build_one(path, with_coverage=with_coverage)
    except InputError as exc:
        return Failure(path.name, str(exc))
    except Exception as exc:  # an extractor bug on one document must not lose the others
        return Failure(path.name, f"internal error ({type(exc).__name__}: {exc}); please report it")
    if not result.report.conforms:
        first = result.report.violations[0]
        return Failure(path.name, f"the graph does not conform to the shapes ({first.message} at {first.focus})")
    return result


def _results(paths: list[Path], jobs: int, with_coverage: bool,
             keep_going: bool = False) -> Iterator[DocResult | Failure]:
    one = partial(_build_or_fail if keep_going else build_one, with_coverage=with_coverage)
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield one(path)
        return
    from concurrent.futures import ProcessPoolExecutor  # only a parallel build needs it

    from .parse.segment import tokenizer

    tokenizer()  # load the dictionary once here: forked workers inherit it instead of each loading it
    from concurrent.futures.process import BrokenProcessPool

    from .processes import die_with_parent, stop_workers

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent)
    try:
        yield from pool.map(one, paths, chunksize=max(1, min(16, len(paths) // (jobs * 8))))
    except BrokenProcessPool:
        stop_workers(pool)
        raise InputError("a build worker died (out of memory, or killed): nothing was written") from None
    except BaseException:  # told to stop, or the build gave up: not after every queued document
        stop_workers(pool)
        raise
    pool.shutdown()


def _reference_chunks(technologies: set[str], concepts: set[str] = frozenset()) -> tuple[Chunks, list[str]]:
    """The reference data with the code lists, the reviewed Wikidata links of the named technologies and
    the technology scheme's concepts they link to."""
    present = {(URIRef(t), RDF.type, DCKG.Technology) for t in technologies}
    lines = sorted(reference_ntriples() | set(sorted_lines(mapping_triples(present)))  # type: ignore[arg-type]
                   | set(sorted_lines(concept_triples(concepts))))
    return chunks(lines, str(REFERENCE_GRAPH)), lines


def _output_files(out_dir: Path, nquads: bool, report: Path | None) -> dict[str, Path]:
    """The graph files a build writes, by format; a ``--report`` path that is one of them is an input error."""
    files = {"turtle": out_dir / "graph.ttl", "json-ld": out_dir / "graph.jsonld", "trig": out_dir / "graph.trig"}
    if nquads:
        files["nquads"] = out_dir / "graph.nq"
    outputs = {p.resolve() for p in (*files.values(), out_dir / "graph.nq")}
    if report is not None and report.resolve() in outputs:
        raise InputError(f"--report {report}: that is one of the graph files the build writes; choose another path")
    return files


def _write_chunks(out: AtomicOutputs, files: dict[str, Path], part: Chunks, first: bool, end: bytes = b"") -> None:
    """Append one part (a document's, or the reference data's) to every graph file; JSON-LD parts are the
    members of one array, so every part but the first starts with a comma, and the last one closes it."""
    out.write(files["turtle"], part.turtle)
    out.write(files["trig"], part.trig)
    if "nquads" in files:
        out.write(files["nquads"], part.nquads)
    out.write(files["json-ld"], (b"" if first else b",\n") + part.jsonld + end)


@dataclass(slots=True)
class _Gathered:
    """What the main process keeps of the documents as they come back: it never holds their triples, only
    counts and 8-byte digests of the lines several documents may share (to count distinct triples), and the
    technologies and concepts the reference data must describe."""

    summaries: list[DocSummary] = field(default_factory=list)
    violations: list = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)  # the --report of each document
    failures: list[Failure] = field(default_factory=list)
    own_triples: int = 0
    digests: set[bytes] = field(default_factory=set)
    technologies: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)

    def add(self, result: DocResult | Failure) -> Chunks | None:
        """Keep what the build needs of one result; its part of the outputs when that is to be written (it was
        built and conforms)."""
        if isinstance(result, Failure):
            self.failures.append(result)
            return None
        self.summaries.append(result.summary)
        if result.coverage is not None:
            self.accounts.append(result.coverage)
        if not result.report.conforms:
            self.violations.extend(result.report.violations)
            return None
        self.own_triples += result.own_triples
        self.add_digests(result.shared)
        self.technologies |= result.technologies
        self.concepts |= result.concepts
        return result.chunks

    def add_digests(self, digests: bytes) -> None:
        self.digests.update(digests[i : i + 8] for i in range(0, len(digests), 8))


def build(
    paths: tuple[str, ...],
    out_dir: Path,
    *,
    jobs: int = 1,
    nquads: bool = False,
    report: Path | None = None,
    progress: Callable[[str], None] | None = None,
    keep_going: bool = False,
) -> BuildResult:
    """Extract and validate every document, streaming each one's part of the outputs to temporary files;
    the files replace the old ones only when every document conforms (otherwise nothing is written).

    With ``keep_going`` a document that cannot be read, or whose graph does not conform, is left out and
    listed in ``failures``; the others are written (nothing is written when none could be built)."""
    start = time.perf_counter()
    inputs = resolve_inputs(paths)
    files = _output_files(out_dir, nquads, report)
    seen = _Gathered()
    with on_interrupt(f"the outputs in {out_dir} are as they were"), \
            AtomicOutputs([*files.values(), *([report] if report else [])]) as out:
        for fmt in ("turtle", "trig", "json-ld"):
            out.write(files[fmt], prefix_header(fmt))
        first = True
        for result in _results(inputs, jobs, with_coverage=report is not None, keep_going=keep_going):
            if progress:
                progress(result.source_name if isinstance(result, Failure) else result.summary.source_name)
            part = seen.add(result)
            if part is not None:
                _write_chunks(out, files, part, first)
                first = False
        if seen.violations:
            return BuildResult(tuple(seen.summaries), 0, Report(False, tuple(seen.violations)),
                               time.perf_counter() - start)
        if not seen.summaries:
            return BuildResult((), 0, Report(True, ()), time.perf_counter() - start, failures=tuple(seen.failures))
        ref, ref_lines = _reference_chunks(seen.technologies, seen.concepts)
        _write_chunks(out, files, ref, first, end=b"\n]\n}\n")
        seen.add_digests(_digests(ref_lines))
        if report is not None:
            out.write(report, (json.dumps({"documents": seen.accounts}, ensure_ascii=False, indent=2) + "\n").encode())
        out.commit()
    written = (*files.values(), *([report] if report else []))
    triples = seen.own_triples + len(seen.digests)
    return BuildResult(tuple(seen.summaries), triples, Report(True, ()), time.perf_counter() - start, written,
                       tuple(seen.failures))


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
        f"mentions:  {sum(d.mentions for d in docs)} technologies named elsewhere in the body (the mention tagger)",
        f"citations: {sum(d.citations for d in docs)} policies cited by title",
        f"targets:   {sum(d.targets for d in docs)} quantitative targets",
        f"english:   {sum(d.labels_en for d in docs)}/{labels} action, box and entry labels, "
        f"{sum(d.items_en for d in docs)}/{items} item labels, "
        f"{sum(d.mentions_en for d in docs)}/{sum(d.mentions for d in docs)} mention labels",
        f"triples:   {result.triples}",
        f"left out:  {sum(d.characters_left_out for d in docs)} of {sum(d.characters for d in docs)} characters "
        "are in no resource (preamble, frame sections, closing text; --report FILE lists every paragraph)",
        f"time:      {result.seconds:.2f} s ({rate:.1f} documents/s)",
    ]
    for d in docs:
        for w in d.warnings:
            lines.append(f"warning: {d.source_name}: {w}")
    return "\n".join(lines)
