"""SHACL shapes, both ways: every graph in shapes/valid conforms, every one in shapes/invalid fails
with the message its first line names (``# expect: …``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, SKOS

from extract.rdf.validate import counted_languages, validate, validate_triples, visible_predicates
from extract.rdf.vocab import DCKG, OA

HERE = Path(__file__).resolve().parent / "shapes"
VALID = sorted((HERE / "valid").glob("*.ttl"))
INVALID = sorted((HERE / "invalid").glob("*.ttl"))


def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_graphs_conform(path: Path) -> None:
    report = validate(_load(path))
    assert report.conforms, report.text()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_graphs_fail_with_their_message(path: Path) -> None:
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").strip()
    report = validate(_load(path))
    assert not report.conforms
    messages = [v.message for v in report.violations]
    assert any(expected in m for m in messages), messages


def test_there_are_cases_both_ways() -> None:
    assert VALID and len(INVALID) >= 10


def test_seed_graph_conforms(seed_graph) -> None:
    report = validate(seed_graph)
    assert report.conforms, report.text()


@pytest.mark.parametrize("cls", ["LowCarbonTechnology", "NonCO2AbatementTechnology", "NegativeCarbonTechnology"])
def test_any_carbon_class_satisfies_the_technology_shape_without_the_hierarchy_in_the_file(cls: str) -> None:
    """The shape names the union class; validation mixes in the ontology's subclass axioms, so a graph
    typed with a class two levels down (non-CO2 ⊑ low ⊑ classified) still conforms."""
    text = (VALID[0]).read_text(encoding="utf-8")
    assert "rdfs:subClassOf" not in text
    report = validate(Graph().parse(data=text.replace("dckg:ZeroCarbonTechnology", f"dckg:{cls}"), format="turtle"))
    assert report.conforms, report.text()


def test_validation_leaves_the_callers_graph_alone() -> None:
    g = _load(VALID[0])
    before = len(g)
    validate(g)
    assert len(g) == before


@pytest.mark.parametrize("path", INVALID + VALID, ids=lambda p: p.stem)
def test_validating_the_visible_triples_gives_the_whole_graphs_report(path: Path) -> None:
    """The build validates only the triples whose predicate a shape reads: same verdict, same violations."""
    g = _load(path)
    assert validate_triples(list(g)) == validate(g)


@pytest.mark.parametrize(
    ("zh", "en", "conforms"),
    [
        ("@zh", "@en", True),  # the English labels are held back, the Chinese ones count
        ("@zh-CN", "@en", True),  # a regional tag matches sh:languageIn ("zh")
        ("@en", "@en-GB", False),  # English only: held back labels go in when there is no other
        ("", "@en", False),  # no language: kept as a label (sh:minCount), no Chinese label
    ],
)
def test_language_counted_labels_give_the_whole_graphs_report(zh: str, en: str, conforms: bool) -> None:
    """Of skos:prefLabel and dcterms:title, only the literals in a language a shape counts reach pyshacl
    when the subject has one; the report is the same as for the whole graph."""
    text = VALID[0].read_text(encoding="utf-8")
    labelled = re.sub(r'"([^"]*)"@zh', lambda m: f'"{m.group(1)}"{zh}, "{m.group(1)} (English)"{en}', text)
    g = Graph().parse(data=labelled, format="turtle")
    report = validate(g)
    assert report.conforms is conforms
    assert validate_triples(list(g)) == report


def test_counted_languages_come_from_the_shapes() -> None:
    counted = counted_languages()
    assert counted[SKOS.prefLabel] == {"zh"} and counted[DCTERMS.title] == {"zh"}
    assert OA.exact not in counted  # a plain string, read by a datatype shape


def test_visible_predicates_come_from_the_shapes() -> None:
    visible = visible_predicates()
    assert visible is not None
    assert OA.end in visible  # only in sh:lessThan
    assert DCKG.targetYear in visible  # a path, and a subject-of target
    assert DCKG.body not in visible and DCKG.evidence not in visible  # no shape reads these


def test_property_constraints_are_targeted_property_shapes() -> None:
    """pyshacl runs an sh:property of a node shape once per focus node, a targeted sh:PropertyShape once
    for all of them (2x faster on the seed): keep the shapes file in the second form."""
    from rdflib.namespace import SH

    from extract.rdf.validate import shapes_graph

    sg = shapes_graph()
    targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf) for s in sg.subjects(p, None)}
    assert not [s for s in targeted if (s, SH.property, None) in sg]
    assert len([s for s in targeted if (s, SH.path, None) in sg]) >= 20
