"""The ontology declares every dckg term the pipeline emits, with zh and en labels and a definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from extract.quality import owl_profile
from extract.rdf.vocab import DCKG, ELI, OA
from extract.resources import ontology_file


def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def test_every_emitted_term_is_declared(seed_graph) -> None:
    onto = _ontology()
    used = {t for triple in seed_graph for t in triple if str(t).startswith(str(DCKG))}
    declared = set(onto.subjects(RDF.type, None))
    missing = sorted(str(t) for t in used - declared)
    assert not missing, missing


def test_every_term_has_zh_and_en_labels_and_a_definition() -> None:
    onto = _ontology()
    terms = [s for s in set(onto.subjects(RDF.type, None)) if str(s).startswith(str(DCKG))]
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert onto.value(term, SKOS.definition) is not None, term


def test_header_has_a_version_iri() -> None:
    onto = _ontology()
    header = next(onto.subjects(RDF.type, OWL.Ontology))
    assert onto.value(header, OWL.versionIRI) is not None


def test_every_term_of_another_vocabulary_the_graph_uses_is_declared_once(seed_graph) -> None:
    """OWL 2 DL needs every class and property declared, as one kind: the terms of PROV, SKOS, Dublin Core,
    ELI, Web Annotation and schema.org that the graph uses are declared in the ontology."""
    onto = Graph().parse(ontology_file(), format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {s: {k for k in kinds if (s, RDF.type, k) in onto} for s in set(onto.subjects())}
    builtin = (str(RDF), str(RDFS), str(OWL))
    used = {p for p in seed_graph.predicates() if not str(p).startswith(builtin)}
    used |= {o for o in seed_graph.objects(None, RDF.type) if not str(o).startswith(builtin)}
    missing = sorted(str(t) for t in used if len(declared.get(t, ())) != 1)
    assert not missing, missing
    assert (OA.TextPositionSelector, RDF.type, OWL.Class) in onto


def test_spans_are_web_annotation_selectors_with_non_negative_offsets(seed_graph) -> None:
    spans = set(seed_graph.subjects(RDF.type, DCKG.SourceSpan))
    assert spans and all((s, RDF.type, OA.TextPositionSelector) in seed_graph for s in spans)
    assert all((s, RDF.type, OA.TextQuoteSelector) in seed_graph for s in spans)
    starts = [seed_graph.value(s, OA.start) for s in spans]
    assert {str(v.datatype) for v in starts} == {str(XSD.nonNegativeInteger)}
    parts = set(seed_graph.subjects(RDF.type, DCKG.Action)) | set(seed_graph.subjects(RDF.type, DCKG.Column))
    assert parts and all((p, RDF.type, ELI.LegalResourceSubdivision) in seed_graph for p in parts)


def test_rule_rationales_are_notes_not_sources(seed_graph) -> None:
    rules = set(seed_graph.subjects(RDF.type, DCKG.ClassificationRule))
    assert rules and all(seed_graph.value(r, SKOS.note) is not None for r in rules)
    assert not [o for o in seed_graph.objects(None, DCTERMS.source) if not isinstance(o, URIRef)]


@pytest.mark.skipif(owl_profile.available() is not None, reason=f"OWL 2 DL check: {owl_profile.available()}")
def test_the_ontology_with_a_graph_is_owl2_dl(seed_graph_file: Path, tmp_path: Path) -> None:
    """The OWL API's OWL2DLProfile finds nothing but the datatypes OWL 2 does not know (xsd:gYear …); a graph
    that uses one property both for literals and for resources fails it."""
    status, report = owl_profile.check(seed_graph_file, tmp_path)
    assert status == 0, report
    broken = tmp_path / "broken.ttl"
    broken.write_text(seed_graph_file.read_text(encoding="utf-8") + "\n<urn:x:a> <http://purl.org/dc/terms/source> "
                      '"text, where the ontology says a resource" .\n', encoding="utf-8")
    status, report = owl_profile.check(broken, tmp_path)
    assert status == 1 and "dc/terms/source" in report
