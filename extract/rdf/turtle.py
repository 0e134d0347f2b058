"""Read the project's Turtle data files (sector schemes, code lists, the ontology) into rdflib terms.

pyoxigraph parses them ~10x faster than rdflib's Turtle parser, which matters on a cold build: every
build reads the sector scheme and the code lists once. The files hold no blank nodes that the builds
use (their ids would differ between parses); ``read_turtle`` refuses files with any.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: ox.NamedNode | ox.Literal) -> Node:
    """A pyoxigraph IRI or literal as the term rdflib's own parser would have made."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise ValueError(f"not an IRI or a literal: {term}")


@cache
def read_turtle(path: Path) -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of a Turtle file, once per process; a ValueError names a blank node, if any."""
    with open(path, "rb") as f:
        triples = list(ox.parse(f, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            raise ValueError(f"{path.name}: blank nodes are not supported in data files ({t})")
    return tuple((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples)
