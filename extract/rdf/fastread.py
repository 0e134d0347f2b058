"""Read RDF files with pyoxigraph into rdflib terms: for what pyshacl and the builders need as rdflib.

pyoxigraph parses 10-20x faster than rdflib (`make bench`, figure 4), which matters twice: every build
reads the sector scheme and the code lists once (a cold build is measured against its imports), and
``dckg validate`` reads whole build outputs of hundreds of thousands of triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError
from .vocab import XSD_STRING

FORMATS = {
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


def _parse(path: Path) -> Iterator[ox.Triple | ox.Quad]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file (build it first with `dckg build`)")
    fmt = FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    try:
        with open(path, "rb") as f:
            yield from ox.parse(f, format=fmt, base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: not readable as {fmt.name} ({first})") from None


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
