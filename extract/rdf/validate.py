"""Check a graph against the SHACL shapes (pyshacl, no inference: the shapes need none)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..resources import shapes_file
from .graph import class_hierarchy


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    shape: str


@dataclass(frozen=True, slots=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        if self.conforms:
            return "conforms: the graph satisfies every shape"
        lines = [f"does not conform: {len(self.violations)} violation(s)"]
        for v in self.violations:
            lines.append(f"- {v.severity}: {v.message}\n  focus: {v.focus}\n  path:  {v.path}")
        return "\n".join(lines)


@cache
def shapes_graph() -> Graph:
    g = Graph()
    g.parse(shapes_file(), format="turtle")
    return g


# Shape terms that read triples other than those of the paths: with any of them, nothing is filtered.
_SEES_EVERYTHING = (SH.closed, SH.sparql, SH.select, SH.ask, SH.target, SH.rule, SH.expression, SH.js)
_PATH_HOLDERS = (SH.path, SH.targetSubjectsOf, SH.targetObjectsOf, SH.equals, SH.disjoint, SH.lessThan,
                 SH.lessThanOrEquals)


@cache
def visible_predicates() -> frozenset[URIRef] | None:
    """The predicates the shapes can read: those of every path (walked through sequence, inverse and
    alternative paths), of property-pair constraints and of subject/object targets, with rdf:type and
    rdfs:subClassOf for class targets and sh:class. ``None`` when a shape can read any triple."""
    sg = shapes_graph()
    if any(True for term in _SEES_EVERYTHING for _ in sg.subject_objects(term)):
        return None
    found = {RDF.type, RDFS.subClassOf}
    todo = [o for holder in _PATH_HOLDERS for o in sg.objects(None, holder)]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, URIRef):
            found.add(node)
        elif isinstance(node, BNode):
            todo.extend(o for p, o in sg.predicate_objects(node) if p != RDF.type)
    found -= {RDF.nil}
    return frozenset(found)


def validate_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Report:
    """Validate ``triples`` without building a Graph of all of them: only the triples whose predicate a
    shape can read (``visible_predicates``) go into the graph pyshacl checks, which gives the same report
    as the whole graph, at half the cost of indexing it."""
    visible = visible_predicates()
    g = Graph()
    for triple in triples:
        if visible is None or triple[1] in visible:
            g.add(triple)  # type: ignore[arg-type]
    return validate(g, inplace=True)


@cache
def hierarchy_graph() -> Graph:
    g = Graph()
    for triple in class_hierarchy():
        g.add(triple)
    return g


def validate(data: Graph, *, inplace: bool = False) -> Report:
    """``inplace`` skips pyshacl's copy of the data graph (30% faster) and adds the class hierarchy to it;
    only for graphs made to be validated. The hierarchy is mixed in (pyshacl's ``ont_graph``) because
    ``sh:class`` follows ``rdfs:subClassOf`` in the data graph only, and a graph need not carry it."""
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=hierarchy_graph(),
        inference="none",
        advanced=False,  # no SHACL-AF rules or functions in the shapes
        allow_warnings=True,
        inplace=inplace,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        def one(pred, result=result) -> str:
            value = results.value(result, pred)
            return "" if value is None else str(value)

        violations.append(
            Violation(
                focus=one(SH.focusNode),
                path=one(SH.resultPath),
                message=one(SH.resultMessage),
                severity=one(SH.resultSeverity).rsplit("#", 1)[-1],
                shape=one(SH.sourceShape),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(bool(conforms), tuple(violations))
