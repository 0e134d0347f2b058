"""Check a graph against the SHACL shapes (pyshacl, no inference: the shapes need none)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

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
