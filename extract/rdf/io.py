"""Graph files in and out: one table from a file's suffix to its RDF format, one reader (pyoxigraph, its
terms turned into rdflib's where pyshacl, the builders and the analyses need rdflib), and the export
that re-serialises a file the way ``dckg build`` writes.

pyoxigraph parses 10-20x faster than rdflib (`make bench`, figure 4), which matters twice: every build
reads the sector scheme and the code lists once (a cold build is measured against its imports), and
``dckg validate`` reads whole build outputs of hundreds of thousands of triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, first_line
from .vocab import XSD_STRING

FORMATS = {  # any other suffix reads as Turtle
    ".ttl": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as the term rdflib's own parser would have made (blank nodes keep their label)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise ValueError(f"not an RDF term pyshacl can check: {term}")


@cache
def read_turtle(path: Path) -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of one of the project's Turtle data files, once per process. Blank nodes are refused:
    their labels differ between parses, and the outputs must be byte-identical."""
    triples = tuple(read_rdf(path))
    for t in triples:
        if isinstance(t[0], BNode) or isinstance(t[2], BNode):
            raise ValueError(f"{path.name}: blank nodes are not supported in data files ({t})")
    return triples


def rdf_format(path: Path) -> ox.RdfFormat:
    return FORMATS.get(Path(path).suffix.lower(), ox.RdfFormat.TURTLE)


def existing(path: Path) -> Path:
    """``path``, or an InputError saying it is missing."""
    path = Path(path)
    if not path.is_file():
        if path.is_dir():
            raise InputError(f"{path}: a folder, not a graph file")
        if path.exists():
            raise InputError(f"{path}: not a regular file (a FIFO, socket or device), not a graph file")
        raise InputError(f"{path}: no such file (build it first with `dckg build`)")
    return path


def unreadable(path: Path, fmt: ox.RdfFormat, exc: BaseException) -> InputError:
    return InputError(f"{path}: not readable as {fmt.name} ({first_line(exc)})")


def _parse(path: Path) -> Iterator[ox.Triple | ox.Quad]:
    path = existing(path)
    fmt = rdf_format(path)
    try:
        with open(path, "rb") as f:
            yield from ox.parse(f, format=fmt, base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as exc:
        raise unreadable(path, fmt, exc) from None


def read_rdf(path: Path) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of any RDF file (of every graph, for TriG and N-Quads), streamed, the format from the
    extension (Turtle otherwise); InputError, while iterating, when the file is missing or does not parse."""
    for t in _parse(path):
        yield to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)


def read_lines(path: Path) -> list[str]:
    """The distinct N-Triples lines of any RDF file (every graph merged), sorted, written by pyoxigraph."""
    triples = (ox.Triple(t.subject, t.predicate, t.object) if isinstance(t, ox.Quad) else t for t in _parse(path))
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return sorted({line for line in text.split("\n") if line})


def load_graph(path: Path) -> Graph:
    """An RDF file as an rdflib Graph (every graph of a TriG or N-Quads file merged), read by
    :func:`read_rdf`; InputError when it is missing or cannot be read."""
    graph = Graph()
    for triple in read_rdf(path):
        graph.add(triple)
    return graph


def export_file(path: Path, fmt: str) -> bytes:
    """A graph file as sorted N-Triples, Turtle or compact JSON-LD, written the way ``dckg build`` writes
    its outputs (pyoxigraph, per-subject blocks, prefix context): 20-40x faster than through rdflib at the
    size of a batch build. Every graph of a TriG or N-Quads file is merged."""
    from .chunks import jsonld_body, parse_lines, prefix_header, turtle_body

    lines = read_lines(path)
    if fmt == "nt":
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    triples = parse_lines(lines) if lines else []
    if fmt == "turtle":
        return prefix_header("turtle") + (turtle_body(triples) if triples else b"")
    if fmt == "json-ld":
        return prefix_header("json-ld") + jsonld_body(triples) + b"\n]\n}\n"
    raise ValueError(f"unknown format {fmt!r}")
