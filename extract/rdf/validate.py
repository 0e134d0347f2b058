"""Check a graph against the SHACL shapes (pyshacl, no inference: the shapes need none)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..resources import shapes_file
from .graph import class_hierarchy
from .io import read_rdf


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
    """The shapes, read with pyoxigraph (rdflib's Turtle parser is slower, and a build reads no other
    Turtle with it)."""
    g = Graph()
    for triple in read_rdf(shapes_file()):
        g.add(triple)  # type: ignore[arg-type]
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


# What a shape on a language-counted path may say: how many values there are at least, and how many of
# them conform to a shape that asks only for a language (with the shape's own wording around it).
_COUNTING = frozenset({SH.minCount, SH.qualifiedMinCount, SH.qualifiedValueShape, SH.message, SH.name,
                       SH.description, SH.severity, SH.targetClass, SH.targetNode, RDF.type, RDFS.comment})
_WORDING = frozenset({SH.message, SH.name, SH.description, SH.severity, RDF.type, RDFS.comment})


@cache
def counted_languages() -> dict[URIRef, frozenset[str]]:
    """Predicates whose literals in other languages no shape can tell from absent, with the languages
    that count: every shape on the predicate asks only for at least one value (``sh:minCount`` 1) and
    for at least N values in given languages (``sh:qualifiedValueShape`` of a shape with just
    ``sh:languageIn``). An English label then only makes pyshacl write, and throw away, a failure of the
    language shape for every focus node (a quarter of a plan's validation). The predicate must not appear
    anywhere else in the shapes (another path, a target, a property pair)."""
    sg = shapes_graph()
    if visible_predicates() is None:
        return {}
    out: dict[URIRef, frozenset[str]] = {}
    for pred in {o for o in sg.objects(None, SH.path) if isinstance(o, URIRef)}:
        shapes = list(sg.subjects(SH.path, pred))
        if sum(1 for _ in sg.subjects(None, pred)) != len(shapes):
            continue  # also named in a complex path, a target or a property-pair constraint
        languages: set[str] = set()
        for shape in shapes:
            params = set(sg.predicates(shape, None)) - {SH.path}
            min_count = sg.value(shape, SH.minCount)
            value_shape = sg.value(shape, SH.qualifiedValueShape)
            if not params <= _COUNTING or (min_count is not None and int(min_count) > 1):
                break
            if value_shape is not None:
                if set(sg.predicates(value_shape, None)) - _WORDING != {SH.languageIn}:
                    break
                languages.update(str(tag).lower() for tag in Collection(sg, sg.value(value_shape, SH.languageIn)))
        else:
            if languages:
                out[pred] = frozenset(languages)
    return out


def _speaks(language: str | None, ranges: frozenset[str]) -> bool:
    """Whether a literal's language tag matches one of ``sh:languageIn``'s ranges (RFC 4647 basic
    filtering, as SHACL asks: zh matches zh-CN)."""
    tag = (language or "").lower()
    return bool(tag) and any(r == "*" or tag == r or tag.startswith(r + "-") for r in ranges)


def validate_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Report:
    """Validate ``triples`` without building a Graph of all of them: only the triples whose predicate a
    shape can read (``visible_predicates``) go into the graph pyshacl checks, and of a language-counted
    predicate (``counted_languages``) a subject's literals in other languages only when it has no other
    value: the same report as the whole graph, at under half the cost."""
    visible = visible_predicates()
    counted = counted_languages()
    g = Graph()
    held: list[tuple[Node, Node, Node]] = []
    for triple in triples:
        pred, obj = triple[1], triple[2]
        if visible is not None and pred not in visible:
            continue
        ranges = counted.get(pred)  # type: ignore[call-overload]
        if ranges is not None and isinstance(obj, Literal) and not _speaks(obj.language, ranges):
            held.append(triple)
            continue
        g.add(triple)  # type: ignore[arg-type]
    valued = {(s, p) for s, p, _ in held if (s, p, None) in g}  # type: ignore[operator]
    for triple in held:
        if (triple[0], triple[1]) not in valued:
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
