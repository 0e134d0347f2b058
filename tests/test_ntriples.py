"""N-Triples lines written from the triples directly must be rdflib's serializer's, byte for byte: the
build's outputs are sorted by these lines, and releases must diff cleanly across the change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from extract.rdf.graph import document_triples
from extract.rdf.ntriples import line, sorted_lines

S = URIRef("https://w3id.org/dckg/id/plan/entry/1")
P = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def ntriples_lines(g: Graph) -> list[str]:
    """rdflib's own N-Triples serializer, the reference (split on "\\n" only: U+0085 may be in a literal)."""
    text = g.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return [line for line in text.split("\n") if line.strip()]


def _rdflib_line(triple) -> str:
    g = Graph()
    g.add(triple)
    return ntriples_lines(g)[0]


def test_seed_lines_equal_the_serializers(seed_doc, seed_graph) -> None:
    own = document_triples(seed_doc)
    lines = sorted_lines(own)
    reference = Graph()
    for t in own:
        reference.add(t)
    assert lines == sorted(set(ntriples_lines(reference)))
    assert len(lines) < len(own)  # the builders repeat some triples; the lines are distinct


@settings(max_examples=200)
@given(
    text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    kind=st.sampled_from(["plain", "zh", "en", "integer", "gYear", "date"]),
)
def test_any_literal_is_quoted_as_rdflib_quotes_it(text: str, kind: str) -> None:
    """Quotes, backslashes, CR/LF, tabs, control and astral characters, with a language or a datatype."""
    if kind in ("zh", "en"):
        lit = Literal(text, lang=kind)
    elif kind == "plain":
        lit = Literal(text)
    else:
        lit = Literal(text, datatype={"integer": XSD.integer, "gYear": XSD.gYear, "date": XSD.date}[kind])
    assert line((S, P, lit)) == _rdflib_line((S, P, lit))


def test_blank_nodes_and_iris() -> None:
    b = BNode("b0")
    assert line((b, P, S)) == _rdflib_line((b, P, S)) == f"_:b0 <{P}> <{S}> ."
